// Instance types and preferences in the sandbox: the common cluster instance types listed, the VMI
// expanded as KubeVirt v1.9.0 applies them (pkg/instancetype/apply, preference/apply), the VM's
// status refs and ControllerRevisions, the Failure condition of a missing one, and the conflict
// refused with the validators' admission message.
import { describe, expect, it } from 'vitest';
import { Harness } from './harness.ts';

const vm = (name: string, extra: string, domain = '') => `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: ${name}
spec:
  runStrategy: Always
${extra}  template:
    spec:
      domain:
        devices:
          disks:
            - name: containerdisk
${domain}      volumes:
        - name: containerdisk
          containerDisk:
            image: quay.io/containerdisks/fedora:latest
`;
const IT = `apiVersion: instancetype.kubevirt.io/v1beta1
kind: VirtualMachineInstancetype
metadata:
  name: small
spec:
  cpu:
    guest: 4
  memory:
    guest: 2Gi
`;
const PREF = `apiVersion: instancetype.kubevirt.io/v1beta1
kind: VirtualMachinePreference
metadata:
  name: fast
spec:
  cpu:
    preferredCPUTopology: cores
  devices:
    preferredDiskBus: virtio
  firmware:
    preferredUseEfi: true
`;

const jp = (h: Harness, what: string, tpl: string) => h.run(`kubectl get ${what} -o jsonpath='${tpl}{"\\n"}'`);
const code = (h: Harness) => h.run('echo $?');

describe('instance types and preferences', () => {
  it('the common cluster instance types exist and list as a CRD without printer columns (NAME AGE)', () => {
    const h = new Harness();
    const out = h.run('kubectl get virtualmachineclusterinstancetypes');
    expect(out.split('\n')[0]).toMatch(/^NAME\s+AGE$/);
    expect(out).toMatch(/\nu1\.small\s+0s\n/);
    expect(h.run('kubectl get vmcf u1.medium -o yaml')).toMatch(/spec:\n  cpu:\n    guest: 1\n  memory:\n    guest: 4Gi/);
    expect(h.run('kubectl get vmcps fedora -o name')).toBe('virtualmachineclusterpreference.instancetype.kubevirt.io/fedora');
  });

  it('expands CPU, memory and the preference into the VMI; the VM gets its revision refs', () => {
    const h = new Harness({ files: { 'it.yaml': IT, 'pref.yaml': PREF, 'vm.yaml': vm('typed', '  instancetype:\n    kind: VirtualMachineInstancetype\n    name: small\n  preference:\n    kind: VirtualMachinePreference\n    name: fast\n') } });
    h.run('kubectl apply -f it.yaml');
    h.run('kubectl apply -f pref.yaml');
    expect(h.run('kubectl apply -f vm.yaml')).toBe('virtualmachine.kubevirt.io/typed created');
    h.shell.advance(30);
    expect(jp(h, 'vmi typed', '{.spec.domain.cpu} {.spec.domain.memory.guest} {.spec.domain.devices.disks[0].disk.bus} {.spec.domain.firmware.bootloader}')).toBe('{"cores":4,"sockets":1,"threads":1} 2Gi virtio {"efi":{}}');
    expect(jp(h, 'vmi typed', '{.metadata.annotations}')).toBe('{"kubevirt.io/instancetype-name":"small","kubevirt.io/preference-name":"fast"}');
    const itUid = jp(h, 'vminstancetype small', '{.metadata.uid}');
    expect(jp(h, 'vm typed', '{.status.instancetypeRef.kind} {.status.instancetypeRef.name} {.status.instancetypeRef.controllerRevisionRef.name}')).toBe(`VirtualMachineInstancetype small typed-small-v1beta1-${itUid}-1`);
    expect(jp(h, 'vm typed', '{.status.preferenceRef.controllerRevisionRef.name}')).toMatch(/^typed-fast-v1beta1-\S+-1$/);
    expect(h.run('kubectl get vm typed')).toMatch(/typed\s+\S+\s+Running\s+True/);
    // the reassign lab lists them: kubectl get controllerrevision (apps/v1, CONTROLLER REVISION columns)
    const revs = h.run('kubectl get controllerrevision');
    expect(revs).toMatch(/^NAME\s+CONTROLLER\s+REVISION\s+AGE\n/);
    expect(revs).toMatch(new RegExp(`\\ntyped-small-v1beta1-${itUid}-1\\s+virtualmachine\\.kubevirt\\.io/typed\\s+0\\s+30s`)); // KubeVirt's CreateControllerRevision sets no .revision
    expect(h.run(`kubectl get controllerrevisions.apps typed-small-v1beta1-${itUid}-1 -o name`)).toBe(`controllerrevision.apps/typed-small-v1beta1-${itUid}-1`);
  });

  it('a common instance type with the default (sockets) topology', () => {
    const h = new Harness({ files: { 'vm.yaml': vm('u1', '  instancetype:\n    name: u1.large\n') } });
    h.run('kubectl apply -f vm.yaml');
    h.shell.advance(30);
    expect(jp(h, 'vmi u1', '{.spec.domain.cpu} {.spec.domain.memory.guest}')).toBe('{"cores":1,"sockets":2,"threads":1} 8Gi');
    expect(jp(h, 'vmi u1', '{.metadata.annotations}')).toBe('{"kubevirt.io/cluster-instancetype-name":"u1.large"}');
  });

  it('a missing instance type: no VMI, the Failure condition as virt-controller sets it; the VM starts once it exists', () => {
    const h = new Harness({ files: { 'it.yaml': IT, 'vm.yaml': vm('lost', '  instancetype:\n    kind: VirtualMachineInstancetype\n    name: small\n') } });
    h.run('kubectl apply -f vm.yaml');
    h.shell.advance(30);
    expect(h.run('kubectl get vmi')).toBe('No resources found in alice namespace.');
    expect(jp(h, 'vm lost', '{.status.conditions[?(@.type=="Failure")].reason}: {.status.conditions[?(@.type=="Failure")].message}')).toBe('FailedFindInstancetype: virtualmachineinstancetypes.instancetype.kubevirt.io "small" not found');
    expect(h.run('kubectl get vm lost')).toMatch(/lost\s+\S+\s+Stopped\s+False/);
    h.run('kubectl apply -f it.yaml');
    h.shell.advance(30);
    expect(h.run('kubectl get vm lost')).toMatch(/Running\s+True/);
    expect(jp(h, 'vm lost', '{.status.conditions[?(@.type=="Failure")].reason}')).toBe('');
  });

  it('a VM setting what the instance type sets is refused with KubeVirt\'s message (the validators\' admission)', () => {
    const h = new Harness({ files: { 'it.yaml': IT, 'vm.yaml': vm('clash', '  instancetype:\n    kind: VirtualMachineInstancetype\n    name: small\n', '        cpu:\n          sockets: 2\n') } });
    h.run('kubectl apply -f it.yaml');
    expect(h.run('kubectl apply -f vm.yaml')).toBe('Error from server: error when creating "vm.yaml": admission webhook "virtualmachine-validator.kubevirt.io" denied the request: VM field(s) spec.template.spec.domain.cpu.sockets conflicts with selected instance type');
    expect(code(h)).toBe('1');
    expect(h.run('kubectl get vm')).toBe('No resources found in alice namespace.');
  });
});
