// kubectl config over the sandbox's one kubeconfig context, as kubectl v1.32 prints it: the
// tabwriter table of get-contexts (min width 10, padding 3), view's YAML with DATA+OMITTED and
// REDACTED, jsonpath over it, and set-context --current --namespace moving kubectl's and
// virtctl's default namespace (another one is Forbidden, as for -n).
import { describe, expect, it } from 'vitest';
import { Harness } from './harness.ts';

describe('kubectl config', () => {
  it('current-context, get-contexts, view --minify and its jsonpath', () => {
    const h = new Harness();
    expect(h.run('kubectl config current-context')).toBe('kvlab-sandbox');
    expect(h.run('kubectl config get-contexts')).toBe('CURRENT   NAME            CLUSTER         AUTHINFO   NAMESPACE\n*         kvlab-sandbox   kvlab-sandbox   alice      alice');
    expect(h.run('kubectl config get-contexts -o name')).toBe('kvlab-sandbox');
    expect(h.run('kubectl config get-contexts prod')).toBe('error: context prod not found');
    expect(h.shell.exitCode).toBe(1);
    expect(h.run('kubectl config view --minify')).toBe(
      [
        'apiVersion: v1',
        'clusters:',
        '- cluster:',
        '    certificate-authority-data: DATA+OMITTED',
        '    server: https://kubernetes.default.svc:443',
        '  name: kvlab-sandbox',
        'contexts:',
        '- context:',
        '    cluster: kvlab-sandbox',
        '    namespace: alice',
        '    user: alice',
        '  name: kvlab-sandbox',
        'current-context: kvlab-sandbox',
        'kind: Config',
        'preferences: {}',
        'users:',
        '- name: alice',
        '  user:',
        '    token: REDACTED',
      ].join('\n'),
    );
    expect(h.run("kubectl config view --minify -o jsonpath='{..namespace}'; echo")).toBe('alice'); // no newline of its own
    expect(h.run("kubectl config view --minify --output 'jsonpath={.contexts[0].context.namespace}' && echo")).toBe('alice');
  });

  it('set-context --current --namespace moves the default namespace of kubectl and virtctl; use-context', () => {
    const h = new Harness();
    expect(h.run('kubectl config set-context --current --namespace=bob')).toBe('Context "kvlab-sandbox" modified.');
    expect(h.run('kubectl config get-contexts')).toMatch(/alice      bob$/);
    expect(h.run('kubectl get vm')).toBe('Error from server (Forbidden): virtualmachines.kubevirt.io is forbidden: User "system:serviceaccount:alice:alice" cannot list resource "virtualmachines" in API group "kubevirt.io" in the namespace "bob"');
    expect(h.run('virtctl start vm1')).toMatch(/forbidden: .* in the namespace "bob"$/);
    expect(h.run('kubectl config set-context --current --namespace=$USER')).toBe('Context "kvlab-sandbox" modified.');
    expect(h.run('kubectl get vm')).toBe('No resources found in alice namespace.');
    expect(h.run('kubectl config use-context kvlab-sandbox')).toBe('Switched to context "kvlab-sandbox".');
    expect(h.run('kubectl config use-context prod')).toBe('error: no context exists with the name: "prod"');
    expect(h.run('kubectl config set-context prod --namespace=x')).toMatch(/^kvlab sandbox: another kubeconfig context \("prod"\) is not simulated; use connected mode .*; the sandbox has one, "kvlab-sandbox"/);
    // kept with the shell's state (the next page)
    h.run('kubectl config set-context --current --namespace=bob');
    const again = new Harness({ state: h.shell.snapshot() });
    expect(again.run('kubectl config view --minify -o jsonpath={..namespace}; echo')).toBe('bob');
  });
});
