// deploy/ checked offline: every manifest parses, kinds and apiVersions are the ones we
// mean, trainee RBAC stays inside trainee namespaces, the kustomization renders with
// `kubectl kustomize` (`kubectl apply --dry-run=client` is no use here: it asks the API
// server for its resource list first and fails without a cluster), and make-kubeconfigs.sh produces working kubeconfigs against a
// stand-in kubectl that answers the one cluster query from canned Secrets.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { traineeManifests, TRAINEE_RULES } from '../../scripts/gateway/manifests.ts';
import { parseTrainees } from '../../scripts/gateway/trainees.ts';
import { readKubeconfigSource } from '../../scripts/gateway/kubeconfig.ts';
import { parseGatewayArgs } from '../../scripts/gateway/args.ts';

const DEPLOY = join(import.meta.dirname, '..', '..', 'deploy');
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [k: string]: any };

const KNOWN: Record<string, string> = {
  Namespace: 'v1',
  ServiceAccount: 'v1',
  Service: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Deployment: 'apps/v1',
  Ingress: 'networking.k8s.io/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  Kustomization: 'kustomize.config.k8s.io/v1beta1',
};

function docs(text: string, file: string): Obj[] {
  return parseAllDocuments(text).flatMap((d) => {
    expect(d.errors, `${file}: ${d.errors.map((e) => e.message).join('; ')}`).toEqual([]);
    const o = d.toJS();
    return o ? [o as Obj] : [];
  });
}

const trainees = parseTrainees(readFileSync(join(DEPLOY, 'trainees.example.yaml'), 'utf8'), 'trainees.example.yaml');
const generated = docs(traineeManifests(trainees.trainees), 'generated');
const files = readdirSync(DEPLOY).filter((f) => f.endsWith('.yaml'));
const all = files.flatMap((f) => docs(readFileSync(join(DEPLOY, f), 'utf8'), f).map((o) => ({ file: f, o })));

describe('deploy/ manifests', () => {
  it('parse, and use only known kinds with their apiVersions', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(trainees.problems).toEqual([]);
    for (const { file, o } of [...all, ...generated.map((o) => ({ file: 'generated', o }))]) {
      if (file === 'trainees.example.yaml') continue;
      expect(KNOWN[o.kind], `${file}: unexpected kind ${o.kind}`).toBeDefined();
      expect(o.apiVersion, `${file}: ${o.kind}`).toBe(KNOWN[o.kind]);
    }
  });

  it('grant trainees nothing cluster-wide: no ClusterRole(Binding) anywhere, each RoleBinding binds its own namespace\'s SA to its own Role', () => {
    const objs = [...all.map((a) => a.o), ...generated];
    expect(objs.filter((o) => /^Cluster/.test(o.kind))).toEqual([]);
    const bindings = generated.filter((o) => o.kind === 'RoleBinding');
    expect(bindings).toHaveLength(3);
    for (const b of bindings) {
      expect(b.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kvlab-trainee' });
      for (const s of b.subjects) expect(s).toEqual({ kind: 'ServiceAccount', name: 'kvlab-trainee', namespace: b.metadata.namespace });
      expect(generated.some((r) => r.kind === 'Role' && r.metadata.namespace === b.metadata.namespace)).toBe(true);
    }
    expect(generated.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual(['user1', 'user2', 'team-3']);
  });

  it('give trainees the KubeVirt verbs the labs use, and no wildcard or escalation verbs', () => {
    const allows = (group: string, resource: string, verb: string) =>
      TRAINEE_RULES.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
    for (const verb of ['get', 'list', 'watch', 'create', 'delete', 'patch']) {
      expect(allows('kubevirt.io', 'virtualmachines', verb)).toBe(true);
      expect(allows('', 'secrets', verb)).toBe(true);
    }
    expect(allows('kubevirt.io', 'virtualmachineinstances', 'watch')).toBe(true);
    for (const sub of ['start', 'stop', 'restart']) expect(allows('subresources.kubevirt.io', `virtualmachines/${sub}`, 'update')).toBe(true);
    expect(allows('subresources.kubevirt.io', 'virtualmachineinstances/console', 'get')).toBe(true);
    expect(allows('', 'services', 'create')).toBe(true);
    expect(allows('', 'endpoints', 'get')).toBe(true);
    const flat = JSON.stringify(TRAINEE_RULES);
    expect(flat).not.toMatch(/"\*"|escalate|bind|impersonate|roles|rolebindings|namespaces|nodes/);
  });

  it('run the gateway without an API token in its pod, its secret from a Secret, its Service matching its pods', () => {
    const objs = all.map((a) => a.o);
    const dep = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'kvlab-gateway')!;
    const pod = dep.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(objs.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === pod.serviceAccountName)?.automountServiceAccountToken).toBe(false);
    const c = pod.containers[0];
    expect(c.env).toContainEqual({ name: 'KVLAB_GATEWAY_SECRET', valueFrom: { secretKeyRef: { name: 'kvlab-gateway-secret', key: 'secret' } } });
    expect(c.readinessProbe.httpGet.path).toBe('/healthz');
    // The container's args are what `kvlab gateway` accepts, and match the mounts.
    expect(c.args[0]).toBe('gateway');
    const result = parseGatewayArgs(c.args.slice(1));
    expect(result).toMatchObject({ ok: true, args: { kind: 'serve', port: c.ports[0].containerPort } });
    const mounts = c.volumeMounts.map((m: { mountPath: string }) => m.mountPath);
    if (!result.ok || result.args.kind !== 'serve') throw new Error('not serve');
    const parsed = result.args;
    expect(mounts.some((m: string) => parsed.trainees!.startsWith(m + '/'))).toBe(true);
    expect(mounts).toContain(parsed.stateDir);
    expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(JSON.stringify(pod)).not.toMatch(/hostPath|hostNetwork|privileged"?:\s*true/);
    expect(dep.spec.replicas).toBe(1); // sessions live in one process
    for (const svc of objs.filter((o) => o.kind === 'Service')) {
      const d = objs.find((o) => o.kind === 'Deployment' && Object.entries(svc.spec.selector).every(([k, v]) => o.spec.template.metadata.labels[k] === v));
      expect(d, `service ${svc.metadata.name} selects no Deployment`).toBeDefined();
    }
    const ing = objs.find((o) => o.kind === 'Ingress')!;
    const paths = ing.spec.rules[0].http.paths.map((p: any) => [p.path, p.backend.service.name]);
    expect(paths).toEqual([['/terminal', 'kvlab-gateway'], ['/', 'kvlab-site']]);
  });

  it('render with `kubectl kustomize` (offline) into namespace kvlab', () => {
    const r = spawnSync('kubectl', ['kustomize', DEPLOY], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = docs(r.stdout, 'kustomize');
    expect(out.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Deployment', 'Ingress', 'Namespace', 'Service', 'Service', 'ServiceAccount']);
    for (const o of out) if (o.kind !== 'Namespace') expect(o.metadata.namespace, o.kind).toBe('kvlab');
  });

  it('`kvlab gateway manifests` prints the same objects', () => {
    const node = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'node');
    const r = spawnSync(node, [join(import.meta.dirname, '..', '..', 'scripts', 'kvlab.mjs'), 'gateway', 'manifests', '--trainees', join(DEPLOY, 'trainees.example.yaml')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(docs(r.stdout, 'cli')).toEqual(generated);
  });
});

describe('deploy/make-kubeconfigs.sh', () => {
  it('writes a kubeconfig per trainee (token, CA, namespace) and the Secret the gateway mounts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvlab-mk-'));
    try {
      const bin = join(dir, 'bin');
      const out = join(dir, 'out');
      spawnSync('mkdir', ['-p', bin]);
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      const ca = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
      // Stand-in kubectl: the cluster read and the final apply are faked, everything
      // else (config set-*, create --dry-run=client) is the real, offline kubectl.
      writeFileSync(
        join(bin, 'kubectl'),
        `#!/bin/bash
if [[ $1 == get && $2 == secrets ]]; then
  printf '%s\\n' 'user1 user1 ${b64('tok-1')} ${b64(ca)}' 'user3 team-3 ${b64('tok-3')} ${b64(ca)}'
elif [[ $1 == apply ]]; then
  cat > "${join(dir, 'applied.yaml')}"; echo 'secret/kvlab-trainees configured'
else
  exec /usr/bin/kubectl "$@"
fi
`,
      );
      chmodSync(join(bin, 'kubectl'), 0o755);
      const r = spawnSync('bash', [join(DEPLOY, 'make-kubeconfigs.sh'), join(DEPLOY, 'trainees.example.yaml'), 'https://api.example.org:6443', out], {
        encoding: 'utf8',
        env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir },
      });
      expect(r.status, r.stderr + r.stdout).toBe(0);
      const t = parseTrainees(readFileSync(join(out, 'trainees.yaml'), 'utf8'), 'trainees.yaml');
      expect(t.problems).toEqual([]);
      expect(t.trainees.map((x) => [x.user, x.namespace, x.kubeconfig])).toEqual([
        ['user1', 'user1', 'kubeconfig-user1.yaml'],
        ['user3', 'team-3', 'kubeconfig-user3.yaml'],
      ]);
      const src = readKubeconfigSource(join(out, 'kubeconfigs', 'user3.yaml'));
      expect(src.user).toEqual({ token: 'tok-3' });
      expect(src.cluster.server).toBe('https://api.example.org:6443');
      expect(Buffer.from(src.cluster['certificate-authority-data'] as string, 'base64').toString()).toBe(ca);
      const kc = parse(readFileSync(join(out, 'kubeconfigs', 'user3.yaml'), 'utf8'));
      expect(kc.contexts[0].context.namespace).toBe('team-3');
      const secret = parse(readFileSync(join(dir, 'applied.yaml'), 'utf8'));
      expect(secret).toMatchObject({ kind: 'Secret', metadata: { name: 'kvlab-trainees', namespace: 'kvlab' } });
      expect(Object.keys(secret.data).sort()).toEqual(['kubeconfig-user1.yaml', 'kubeconfig-user3.yaml', 'trainees.yaml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what is wrong when called without arguments', () => {
    const r = spawnSync('bash', [join(DEPLOY, 'make-kubeconfigs.sh')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: .*TRAINEES_FILE API_SERVER_URL/);
  });
});
