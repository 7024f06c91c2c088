// The editor's worker loads only the core kinds' validators up front (validators/registry.ts);
// cloud-config's and the other kinds' come when a text needs them. The unit tests' setup loaded
// every module, so this test takes a fresh module graph: a registry nothing has loaded yet, as
// the worker starts with.
import { describe, expect, it, vi } from 'vitest';
import { MINIMAL_VM } from './minimal-vm.ts';

vi.resetModules();
const compiled = await import('../../../validators/registry.ts');
const reader = await import('../../../validators/positioned-reader.ts');
const { validateText } = await import('../../../validators/index.ts');

const snapshot = `apiVersion: snapshot.kubevirt.io/v1beta1
kind: VirtualMachineSnapshot
metadata:
  name: snap
spec:
  sourc: {}
`;

const cleanVm = MINIMAL_VM;

describe('lazy validator modules', () => {
  it('judges a clean block-YAML document without the positioned reader; a YAML error needs it', async () => {
    expect(validateText(cleanVm)).toEqual([{ index: 0, apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: 'lab08-probe', valid: true, findings: [] }]);
    // a finding the quick locator places (the indentation of plain block YAML) needs no reader either
    const typo = validateText(cleanVm.replace('runStrategy: Halted', 'runStrategy: Haltd'))[0]!;
    expect(typo.findings[0]).toMatchObject({ line: 6, column: 16, path: 'spec.runStrategy' });
    const unclosed = cleanVm.replace('name: lab08-probe', 'name: "lab08-probe');
    expect(() => validateText(unclosed)).toThrow(new compiled.ValidatorNotLoaded(reader.POSITIONED_READER));
    await reader.loadPositionedReader();
    expect(validateText(unclosed)[0]!.findings[0]).toMatchObject({ stage: 'yaml', line: 4, column: 9 });
  });

  it('has the core kinds at once and refuses to guess for the others until they are loaded', async () => {
    expect(compiled.validatorFor('kind_VirtualMachine')).toBeTypeOf('function');
    expect(() => compiled.validatorFor('kind_VirtualMachineSnapshot')).toThrow(compiled.ValidatorNotLoaded);
    expect(() => compiled.validatorFor('cloudConfig')).toThrow(/not loaded yet/);
    expect(() => validateText(snapshot)).toThrow(compiled.ValidatorNotLoaded);
    await compiled.ensureValidatorsFor([snapshot]);
    const [doc] = validateText(snapshot);
    expect(doc!.findings.some((f) => f.stage === 'schema' && /unknown field "spec.sourc"/.test(f.message))).toBe(true);
    // Cloud-config's module is still not loaded: nothing asked for it.
    expect(() => compiled.validatorFor('cloudConfig')).toThrow(compiled.ValidatorNotLoaded);
    await compiled.ensureValidatorsFor(['#cloud-config\nbootcmnd: []\n']);
    const [cc] = validateText('#cloud-config\nbootcmnd: []\n');
    expect(cc!.valid).toBe(false);
    expect(cc!.findings.map((f) => f.hint).join(' ')).toMatch(/bootcmd/);
  });
  it("loads one API group's module at a time: a DataVolume loads cdi.kubevirt.io, not apps", async () => {
    const dv = 'apiVersion: cdi.kubevirt.io/v1beta1\nkind: DataVolume\nmetadata:\n  name: dv\nspec:\n  sourc: {}\n';
    expect(() => compiled.validatorFor('kind_DataVolume')).toThrow(compiled.ValidatorNotLoaded);
    expect(() => compiled.validatorFor('kind_Deployment')).toThrow(compiled.ValidatorNotLoaded);
    await compiled.ensureValidatorsFor([dv]);
    expect(compiled.validatorFor('kind_DataVolume')).toBeTypeOf('function');
    expect(() => compiled.validatorFor('kind_Deployment')).toThrow(compiled.ValidatorNotLoaded);
    // The group's own definitions came with it: the unknown field gets its did-you-mean.
    const f = validateText(dv)[0]!.findings.find((x) => x.path === 'spec.sourc')!;
    expect(f.hint).toBe('Did you mean "source"?');
    // Both HorizontalPodAutoscaler versions live in the autoscaling module.
    await compiled.ensureValidatorsFor(['kind: HorizontalPodAutoscaler\n']);
    expect(compiled.validatorFor('kind_HorizontalPodAutoscaler__autoscaling_v1')).toBeTypeOf('function');
  });
  it("a VM's instance type and dataVolumeTemplates rules load with their groups: refused to guess before, judged after", async () => {
    const vm = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: vm
spec:
  runStrategy: Halted
  instancetype:
    name: u1.small
  dataVolumeTemplates:
  - metadata:
      name: disk
    spec:
      source:
        http:
          url: ftp://example.com/disk.img
      storage:
        resources:
          requests:
            storage: 1Gi
  template:
    spec:
      domain:
        devices: {}
`;
    expect(() => validateText(vm)).toThrow(compiled.ValidatorNotLoaded);
    await compiled.ensureValidatorsFor([vm]);
    const findings = validateText(vm)[0]!.findings;
    const dv = findings.find((f) => f.path.startsWith('spec.dataVolumeTemplates[0]'));
    expect(dv?.stage).toBe('start');
    expect(dv?.message).toMatch(/datavolume-validate\.cdi\.kubevirt\.io/);
    // a VM without either needs neither module: the plain VM still validates at once
    expect(validateText(vm.replace('  instancetype:\n    name: u1.small\n', '')).length).toBe(1);
  });
});
