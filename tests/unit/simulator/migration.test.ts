// Live migration in the simulated cluster: the migration's phases and events, the VMI's node and
// migrationState, and KubeVirt's LiveMigratable condition and admission refusal.
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../../simulator/index.ts';
import { startCluster, vmObject } from './helpers.ts';

const migPhases = (c: SimCluster) => c.events.filter((e) => e.source === 'migration' && e.type === 'phase').map((e) => `${e.t}:${String(e.detail.phase)}`);

describe('VirtualMachineInstanceMigration (pkg/virt-controller/watch/migration)', () => {
  it('virtctl migrate: Pending → Scheduling → Scheduled → PreparingTarget → TargetReady → Running → Succeeded; the VMI moves node', () => {
    const c = startCluster(vmObject());
    c.runUntil(60);
    const from = c.vmi('ns', 'vm')!.node;
    expect(c.vmiConditions('ns', 'vm')).toContainEqual({ type: 'LiveMigratable', status: 'True' });
    const r = c.migrate('ns', 'vm');
    expect(r).toMatchObject({ ok: true, message: 'VM vm was scheduled to migrate' });
    expect(r.migration).toMatch(/^kubevirt-migrate-vm-[a-z0-9]{5}$/);
    c.runUntil(63);
    expect((c.get('vm', 'ns', 'vm')[0] as { status: string }).status).toBe('Migrating');
    c.runUntil(100);
    expect(migPhases(c)).toEqual(['60:Pending', '60:Scheduling', '62:Scheduled', '64:PreparingTarget', '65:TargetReady', '66:Running', '74:Succeeded']);
    const vmi = c.vmi('ns', 'vm')!;
    expect(vmi.node).not.toBe(from);
    expect(vmi.migrationState).toMatchObject({ sourceNode: from, targetNode: vmi.node, completed: true, failed: false, mode: 'PreCopy', startTimestamp: 66, endTimestamp: 74 });
    expect((c.get('vm', 'ns', 'vm')[0] as { status: string }).status).toBe('Running');
    const mig = c.api.get('VirtualMachineInstanceMigration', 'ns', r.migration!)!;
    expect(mig.obj.status).toMatchObject({ phase: 'Succeeded', migrationState: { completed: true, targetNode: vmi.node } });
    expect(c.api.events.about('VirtualMachineInstanceMigration', 'ns', r.migration!).map((e) => e.reason)).toEqual(['SuccessfulCreate', 'SuccessfulHandOver', 'SuccessfulMigration']);
    expect(c.api.events.about('VirtualMachineInstance', 'ns', 'vm').map((e) => `${e.reason}: ${e.message}`)).toEqual([
      'PreparingTarget: VirtualMachineInstance Migration Target Prepared.',
      'Migrating: VirtualMachineInstance is migrating.',
      `Migrated: The VirtualMachineInstance migrated to node ${vmi.node}.`,
    ]);
    // the guest keeps running: no new VMI, no reboot
    expect(c.events.filter((e) => e.source === 'vmi' && e.type === 'phase' && e.t > 60)).toEqual([]);
  });

  it('a migration object applied with kubectl runs the same way; a second one while it runs is refused', () => {
    const c = startCluster(vmObject());
    c.runUntil(60);
    expect(c.apply({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceMigration', metadata: { name: 'mig', namespace: 'ns' }, spec: { vmiName: 'vm' } })).toBe('virtualmachineinstancemigration.kubevirt.io/mig created');
    expect(() => c.apply({ kind: 'VirtualMachineInstanceMigration', metadata: { name: 'mig2', namespace: 'ns' }, spec: { vmiName: 'vm' } })).toThrow(/^admission webhook "migration-create-validator\.kubevirt\.io" denied the request: in-flight migration detected\. Active migration job \(.+\) is currently already in progress for VMI vm\.$/);
    c.runUntil(100);
    expect(migPhases(c).at(-1)).toBe('74:Succeeded');
  });

  it('a stop during the migration fails it', () => {
    const c = startCluster(vmObject());
    c.runUntil(60);
    c.migrate('ns', 'vm');
    c.at(63, () => c.virtctl('stop', 'ns', 'vm'));
    c.runUntil(100);
    expect(migPhases(c).at(-1)).toMatch(/:Failed$/);
  });
});

describe('LiveMigratable=False (virt-handler vm.go calculateLiveMigrationCondition)', () => {
  it('a bridge interface on the pod network: InterfaceNotLiveMigratable, and the admission webhook refuses', () => {
    const vm = vmObject();
    const devices = ((vm.spec as { template: { spec: { domain: { devices: { interfaces: object[] } } } } }).template.spec.domain.devices);
    devices.interfaces = [{ name: 'default', bridge: {} }];
    const c = startCluster(vm);
    c.runUntil(60);
    expect(c.vmiConditions('ns', 'vm')).toContainEqual({ type: 'LiveMigratable', status: 'False', reason: 'InterfaceNotLiveMigratable', message: 'cannot migrate VMI which does not use masquerade or a migratable plugin to connect to the pod network' });
    expect(c.migrate('ns', 'vm')).toEqual({
      ok: false,
      message: 'Error migrating VirtualMachine Internal error occurred: admission webhook "migration-create-validator.kubevirt.io" denied the request: Cannot migrate VMI, Reason: InterfaceNotLiveMigratable, Message: cannot migrate VMI which does not use masquerade or a migratable plugin to connect to the pod network',
    });
  });

  it('a ReadWriteOnce DataVolume disk: DisksNotLiveMigratable; ReadWriteMany migrates', () => {
    for (const [mode, migratable] of [['ReadWriteOnce', false], ['ReadWriteMany', true]] as const) {
      const c = new SimCluster();
      c.apply({
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachine',
        metadata: { name: 'disk', namespace: 'ns' },
        spec: {
          runStrategy: 'Always',
          dataVolumeTemplates: [{ metadata: { name: 'disk-root' }, spec: { source: { blank: {} }, storage: { accessModes: [mode], resources: { requests: { storage: '64Mi' } } } } }],
          template: { spec: { domain: { devices: { interfaces: [{ name: 'default', masquerade: {} }] } }, networks: [{ name: 'default', pod: {} }], volumes: [{ name: 'root', dataVolume: { name: 'disk-root' } }] } },
        },
      });
      c.runUntil(200);
      const cond = c.vmiConditions('ns', 'disk').find((x) => x.type === 'LiveMigratable');
      if (migratable) expect(cond).toEqual({ type: 'LiveMigratable', status: 'True' });
      else expect(cond).toEqual({ type: 'LiveMigratable', status: 'False', reason: 'DisksNotLiveMigratable', message: 'cannot migrate VMI: PVC disk-root is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)' });
      expect(c.migrate('ns', 'disk').ok).toBe(migratable);
    }
  });

  it('a VM that does not run cannot be migrated', () => {
    const c = new SimCluster();
    c.apply(vmObject());
    expect(c.migrate('ns', 'vm').message).toBe('Error migrating VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "vm": VM is not running');
    expect(c.migrate('ns', 'nope').message).toBe('Error migrating VirtualMachine virtualmachine.kubevirt.io "nope" not found');
  });
});
