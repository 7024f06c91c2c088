// Live migration: the VMI's LiveMigratable condition (virt-handler), the migration admission
// webhook, and a VirtualMachineInstanceMigration going Pending → Scheduling → Scheduled →
// PreparingTarget → TargetReady → Running → Succeeded with its events, after which the VMI runs
// on the target node with its migrationState filled in (SOURCES.md names the upstream files).
import type { SimClock } from './clock.ts';
import { intn } from './prng.ts';
import { isFinal, type MigrationState, type VmiRecord, type VmRecord } from './records.ts';

export type { MigrationState };
import type { ObjectStore } from './store.ts';
import type { ApiObjects } from './objects.ts';
import type { StorageController } from './storage.ts';
import type { Obj } from '../validators/raw.ts';

export interface Condition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

export const MIGRATION_PHASES = ['Pending', 'Scheduling', 'Scheduled', 'PreparingTarget', 'TargetReady', 'Running', 'Succeeded'] as const;
const ALLOW_BRIDGE = 'kubevirt.io/allow-pod-bridge-network-live-migration';
const RWX = new Set(['ReadWriteMany']);

export class MigrationController {
  private readonly started = new Set<string>();

  constructor(
    private readonly clock: SimClock,
    private readonly api: ApiObjects,
    private readonly store: ObjectStore,
    private readonly storage: StorageController,
    private readonly nodes: () => string[],
  ) {
    api.control('VirtualMachineInstanceMigration');
  }

  /**
   * virt-handler's LiveMigratable condition (vm.go calculateLiveMigrationCondition): the pod
   * network's interface first (masquerade, or bridge with the allow annotation), then the claims
   * (every PVC shared, ReadWriteMany). containerDisk and cloud-init volumes copy over.
   */
  liveMigratable(vm: VmRecord): Condition {
    const m = vm.model;
    if (m.podNetwork && m.binding !== 'masquerade' && !(m.binding === 'bridge' && ALLOW_BRIDGE in m.annotations)) {
      return { type: 'LiveMigratable', status: 'False', reason: 'InterfaceNotLiveMigratable', message: 'cannot migrate VMI which does not use masquerade or a migratable plugin to connect to the pod network' };
    }
    for (const { claim } of m.claims) {
      if (!this.storage.accessModes(m.namespace, claim).some((a) => RWX.has(a))) {
        return { type: 'LiveMigratable', status: 'False', reason: 'DisksNotLiveMigratable', message: `cannot migrate VMI: PVC ${claim} is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)` };
      }
    }
    return { type: 'LiveMigratable', status: 'True' };
  }

  /**
   * Create a migration for a VMI (kubectl apply of a VirtualMachineInstanceMigration, or virtctl
   * migrate with generateName kubevirt-migrate-vm-). Throws the admission webhook's refusal.
   */
  create(ns: string, vmiName: string, name?: string, obj?: Obj): string {
    const vm = this.store.vm(ns, vmiName);
    const vmi = vm?.vmi;
    if (!vm || !vmi) throw new Error(`the VMI "${ns}/${vmiName}" does not exist`);
    if (isFinal(vmi.phase)) throw new Error('Cannot migrate VMI in finalized state.');
    const c = this.liveMigratable(vm);
    if (c.status === 'False') throw new Error(`Cannot migrate VMI, Reason: ${c.reason}, Message: ${c.message}`);
    const active = this.api.list('VirtualMachineInstanceMigration', ns).find((o) => o.name !== name && (o.obj.spec as Obj | undefined)?.vmiName === vmiName && !['Succeeded', 'Failed'].includes(String((o.obj.status as Obj | undefined)?.phase ?? '')));
    if (active) throw new Error(`in-flight migration detected. Active migration job (${active.uid}) is currently already in progress for VMI ${vmiName}.`);
    const migName = name ?? `kubevirt-migrate-vm-${this.suffix()}`;
    this.started.add(`${ns}/${migName}`);
    const { stored } = this.api.put({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceMigration', ...(obj ?? {}), metadata: { ...((obj?.metadata as Obj | undefined) ?? {}), name: migName, namespace: ns, labels: { 'kubevirt.io/vmi-name': vmiName } }, spec: { vmiName } });
    this.run(vm, vmi, migName, stored.uid);
    return migName;
  }

  /**
   * virtctl migrate-cancel: deletes the VMI's migration that has not ended (Succeeded or Failed),
   * which ends it where it is (the VMI stays on its node); its name, or undefined when none runs.
   */
  cancel(ns: string, vmiName: string): string | undefined {
    const active = this.api.list('VirtualMachineInstanceMigration', ns).find((o) => (o.obj.spec as Obj | undefined)?.vmiName === vmiName && !['Succeeded', 'Failed'].includes(String((o.obj.status as Obj | undefined)?.phase ?? '')));
    if (!active) return undefined;
    this.api.delete('VirtualMachineInstanceMigration', ns, active.name);
    const vmi = this.store.vm(ns, vmiName)?.vmi;
    if (vmi) vmi.migration = undefined;
    this.clock.emit('migration', 'phase', { name: active.name, vmi: vmiName, phase: 'Aborted' });
    return active.name;
  }

  /** A migration this controller has run (kubectl apply of it again changes nothing). */
  known(ns: string, name: string): boolean {
    return this.started.has(`${ns}/${name}`);
  }

  private suffix(): string {
    const abc = 'bcdfghjklmnpqrstvwxz2456789';
    let s = '';
    for (let i = 0; i < 5; i++) s += abc[intn(this.clock.rand, abc.length)];
    return s;
  }

  private event(kind: string, ns: string, name: string, type: 'Normal' | 'Warning', reason: string, message: string, source: string): void {
    this.api.events.record({ type, reason, message, source, involved: { kind, namespace: ns, name } });
  }

  private run(vm: VmRecord, vmi: VmiRecord, name: string, uid: string): void {
    const ns = vmi.namespace;
    const t = this.clock.timings;
    const others = this.nodes().filter((n) => n !== vmi.node);
    const target = others[intn(this.clock.rand, others.length)] ?? vmi.node ?? '';
    const targetPod = `virt-launcher-${vmi.name}-${this.suffix()}`;
    const sourcePod = vmi.podName ?? `virt-launcher-${vmi.name}`;
    const state: MigrationState = { migrationUid: uid, sourceNode: vmi.node ?? '', sourcePod, targetNode: target, targetPod, mode: 'PreCopy', completed: false, failed: false };
    const live = () => vm.vmi === vmi && !isFinal(vmi.phase) && !vmi.stopping;
    let i = 0;
    const phase = (p: (typeof MIGRATION_PHASES)[number]) => {
      i = MIGRATION_PHASES.indexOf(p);
      const status: Obj = { phase: p, ...(i >= 2 ? { migrationState: { ...state } } : {}) };
      this.api.setStatus('VirtualMachineInstanceMigration', ns, name, status);
      this.clock.emit('migration', 'phase', { name, vmi: vmi.name, phase: p });
    };
    const fail = (why: string) => {
      state.failed = true;
      state.endTimestamp = this.clock.now;
      vmi.migration = undefined;
      this.api.setStatus('VirtualMachineInstanceMigration', ns, name, { phase: 'Failed', migrationState: { ...state } });
      this.clock.emit('migration', 'phase', { name, vmi: vmi.name, phase: 'Failed', reason: why });
      this.event('VirtualMachineInstanceMigration', ns, name, 'Warning', 'FailedMigration', why, 'virtmigration-controller');
    };
    vmi.migration = state;
    phase('Pending');
    const steps: [number, () => void][] = [
      [0, () => {
        phase('Scheduling');
        this.event('VirtualMachineInstanceMigration', ns, name, 'Normal', 'SuccessfulCreate', `Created migration target pod ${targetPod}`, 'virtmigration-controller');
      }],
      [t.migrationStep, () => {
        phase('Scheduled');
        this.event('VirtualMachineInstanceMigration', ns, name, 'Normal', 'SuccessfulHandOver', 'Migration target pod is ready for preparation by virt-handler.', 'virtmigration-controller');
      }],
      [t.migrationStep, () => {
        phase('PreparingTarget');
        this.event('VirtualMachineInstance', ns, vmi.name, 'Normal', 'PreparingTarget', 'VirtualMachineInstance Migration Target Prepared.', 'virt-handler');
      }],
      [t.migrationStep / 2, () => {
        state.targetNodeAddress = `10.244.${intn(this.clock.rand, 250) + 1}.${intn(this.clock.rand, 250) + 2}`;
        phase('TargetReady');
      }],
      [t.migrationStep / 2, () => {
        state.startTimestamp = this.clock.now;
        phase('Running');
        this.event('VirtualMachineInstance', ns, vmi.name, 'Normal', 'Migrating', 'VirtualMachineInstance is migrating.', 'virt-handler');
      }],
      [t.migrationTransfer, () => {
        state.completed = true;
        state.endTimestamp = this.clock.now;
        vmi.node = target;
        vmi.podName = targetPod;
        vmi.ip = state.targetNodeAddress;
        vmi.migration = undefined;
        vmi.migrationState = { ...state };
        this.event('VirtualMachineInstance', ns, vmi.name, 'Normal', 'Migrated', `The VirtualMachineInstance migrated to node ${target}.`, 'virt-handler');
        phase('Succeeded');
        this.event('VirtualMachineInstanceMigration', ns, name, 'Normal', 'SuccessfulMigration', 'Source node reported migration succeeded', 'virtmigration-controller');
        this.clock.emit('vmi', 'migrated', { from: state.sourceNode, to: target });
      }],
    ];
    let k = 0;
    const next = () => {
      if (!this.api.get('VirtualMachineInstanceMigration', ns, name)) return void (vmi.migration = undefined);
      if (!live()) return fail('Migration failed vmi shutdown during migration.');
      const [, fn] = steps[k++]!;
      fn();
      if (k < steps.length) this.clock.after(steps[k]![0], next);
    };
    this.clock.after(steps[0]![0], next);
  }
}
