// Commands of a real KubeVirt training (acend's KubeVirt Basics) that the sandbox got wrong:
// each as kubectl / virtctl print it on a cluster, with its exit code.
import { describe, expect, it } from 'vitest';
import { Harness } from './harness.ts';
import { labScript, runLab, type LabBlock } from '../../../sandbox/lab-commands.ts';
import { validateText } from '../../../validators/index.ts';

const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;
const code = (h: Harness) => h.run('echo $?');

describe('kubectl create -f', () => {
  it('creates every object of a file; an object that exists already is AlreadyExists, exit 1', () => {
    const h = new Harness();
    h.files['labs/many.yaml'] = `${CM('one')}---\n${CM('two')}`;
    expect(h.run('kubectl create -f labs/many.yaml')).toBe('configmap/one created\nconfigmap/two created');
    expect(code(h)).toBe('0');
    expect(h.run('kubectl get cm -o name')).toBe('configmap/one\nconfigmap/two');
    expect(h.run('kubectl create -f labs/many.yaml')).toBe(
      'Error from server (AlreadyExists): error when creating "labs/many.yaml": configmaps "one" already exists\nError from server (AlreadyExists): error when creating "labs/many.yaml": configmaps "two" already exists',
    );
    expect(code(h)).toBe('1');
    h.files['labs/bad.yaml'] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n';
    expect(h.run('kubectl create -f labs/bad.yaml')).toMatch(/^The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value/);
    expect(h.run('kubectl create -f labs/none.yaml')).toBe('error: the path "labs/none.yaml" does not exist');
  });
});

describe('kvlab lint --commands: the files a command names', () => {
  const block = (b: Partial<LabBlock>): LabBlock => ({ file: 'lab.md', line: 1, lang: 'bash', text: '', before: '', ...b });

  it('takes "the following code blocks" written to one file, with <user> as the trainee\'s name', async () => {
    const blocks = [
      block({ text: 'kubectl create -f multiple-manifests.yaml', line: 5, before: 'Write the following code blocks to one file (e.g. `multiple-manifests.yaml`); replace `<user>`.' }),
      block({ lang: 'yaml', text: CM('one-<user>'), line: 10 }),
      block({ lang: 'yaml', text: `${CM('two')}---\n${CM('three')}`, line: 20 }),
      block({ text: 'kubectl get cm -o name', line: 30 }),
    ];
    const r = await runLab(blocks, { user: 'u1', validate: validateText });
    expect(r.failures).toEqual([]);
    expect(r.steps.map((s) => s.output)).toEqual(['configmap/one-u1 created\nconfigmap/two created\nconfigmap/three created', 'configmap/one-u1\nconfigmap/three\nconfigmap/two']);
    expect(r.files).toEqual({ 'multiple-manifests.yaml': 'lab.md:10' });
  });

  it('reports a refused object of a file by its error line, with the first cause of "is invalid:"', async () => {
    const blocks = [
      block({ lang: 'yaml', text: `${CM('ok')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  "a b": v\n  "c d": v\n`, line: 1, before: '`cms.yaml`' }),
      block({ text: 'kubectl apply -f cms.yaml', line: 10 }),
    ];
    const r = await runLab(blocks, { user: 'u1', validate: validateText });
    expect(r.failures.map((f) => f.message)).toEqual([expect.stringMatching(/^The ConfigMap "x" is invalid: \* data\[a b\]: Invalid value: "a b": a valid config key must/)]);
  });
});

describe('kvlab lint --commands: commands that run in the guest', () => {
  const block = (b: Partial<LabBlock>): LabBlock => ({ file: 'lab.md', line: 1, lang: 'bash', text: '', before: '', ...b });

  it('after a console or ssh on the page, the guest\'s programs and paths are guest lines, not the terminal\'s', () => {
    const { lines, skipped } = labScript([
      block({ text: 'cat labs/lab01/vm.yaml\nls /secrets/x', line: 1 }),
      block({ lang: 'yaml', text: 'virtctl console vm1 --namespace=$USER', line: 10 }),
      block({ text: 'ls -l /secrets/cloudinit/\ncat /configmaps/app/k\nstat myfile\nsudo mount /dev/sda /mnt/disk/\nls -d -- /dev/[sv]d[a-z]', line: 20 }),
      block({ text: 'cat labs/lab01/vm.yaml\nssh-keygen\nkubectl get vm', line: 30 }),
      block({ file: 'other.md', text: 'ssh core@vm1\ngroups\ncat /etc/hostname', line: 1 }),
    ]);
    expect(lines.map((l) => `${l.file}:${l.line} ${l.text}`)).toEqual(['lab.md:2 cat labs/lab01/vm.yaml', 'lab.md:3 ls /secrets/x', 'lab.md:31 cat labs/lab01/vm.yaml', 'lab.md:33 kubectl get vm']);
    expect(skipped.map((s) => `${s.file}:${s.line} ${s.reason}`)).toEqual([
      ...[21, 22, 23, 24, 25].map((n) => `lab.md:${n} runs in the guest (virtctl console)`),
      'lab.md:32 not simulated: ssh-keygen',
      'other.md:2 not simulated: ssh',
      'other.md:3 runs in the guest (virtctl console)',
      'other.md:4 runs in the guest (virtctl console)',
    ]);
  });
});

describe('virtctl: --dry-run, global flags, options, pause vm', () => {
  const started = () => {
    const h = new Harness({ user: 'alice' });
    h.run('kubectl create secret generic lab08-cloudinit-probe --from-file=userdata=labs/lab08/cloudinit-probe.yaml');
    h.run('kubectl apply -f labs/lab08/vm_lab08-probe.yaml');
    return h;
  };

  it('--dry-run prints "Dry Run execution" and what would happen, and changes nothing (vm/common.go)', () => {
    const h = started();
    expect(h.run('virtctl start lab08-probe --dry-run')).toBe('Dry Run execution\nVM lab08-probe was scheduled to start');
    expect(code(h)).toBe('0');
    expect(h.shell.sandbox.cluster.vmi('alice', 'lab08-probe')).toBeUndefined();
    expect(h.run('virtctl stop lab08-probe --dry-run')).toBe('Dry Run execution\nError stopping VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "lab08-probe": VM is not running');
    expect(code(h)).toBe('1');
    h.run('virtctl start lab08-probe');
    expect(h.run('virtctl stop lab08-probe --dry-run')).toBe('Dry Run execution\nVM lab08-probe was scheduled to stop');
    expect(h.shell.sandbox.cluster.vmi('alice', 'lab08-probe')?.stopping).toBeFalsy();
  });

  it('pause vm of a stopped VM says it is not set to run (pause.go handleNotFoundError); a missing VM is read first', () => {
    const h = started();
    expect(h.run('virtctl pause vm lab08-probe')).toBe('Error pausing VirtualMachineInstance lab08-probe. VirtualMachine lab08-probe is not set to run');
    expect(code(h)).toBe('1');
    expect(h.run('virtctl pause vm nope')).toBe('Error getting VirtualMachine nope: virtualmachines.kubevirt.io "nope" not found');
    expect(h.run('virtctl unpause vm nope')).toBe('Error getting VirtualMachine nope: virtualmachines.kubevirt.io "nope" not found');
  });

  it('takes --kubeconfig before the verb: a file that is not there fails as client-go does; options lists the global flags', () => {
    const h = started();
    expect(h.run('virtctl --kubeconfig ~/.kube/prod-cluster restart vm-to-restart')).toBe('Cannot obtain KubeVirt client: stat /home/alice/.kube/prod-cluster: no such file or directory');
    expect(code(h)).toBe('1');
    expect(h.run('virtctl options')).toMatch(/^The following options can be passed to any command:\n[\s\S]*--kubeconfig string/);
    expect(code(h)).toBe('0');
    expect(h.run('virtctl -v 2 start lab08-probe')).toBe('VM lab08-probe was scheduled to start');
  });
});

describe('storage and system objects as the lab reads them', () => {
  it('the KubeVirt CR lives in the kubevirt namespace: reading it says the sandbox does not simulate that namespace', () => {
    const h = new Harness();
    expect(h.run('kubectl get kubevirt kubevirt --namespace=kubevirt -o yaml')).toMatch(/^kvlab sandbox: namespace "kubevirt" \(the cluster's own components\) is not simulated/);
  });
});
