// The steppable cluster: a VirtualMachine controller, VMIs and their virt-launcher pods, the
// kubelet's probe workers, the guest (cloud-init steps, listeners, guest agent, watchdog
// feeder) and endpoints, all on one simulated clock. SOURCES.md says where each rule comes from.
// SimCluster is the clock (clock.ts) composed with its parts: the API objects (store.ts), the VM
// controller (controller.ts) with the probe wiring (probes.ts) and the guest model (guest.ts),
// and virtctl and scenario actions (actions.ts).
import { Actions, type VirtctlOptions } from './actions.ts';
import { SimClock, type ClockOptions } from './clock.ts';
import { VmController } from './controller.ts';
import type { GuestStep } from './guest.ts';
import type { ApplyOptions, VmiRecord, VmiRow, VmRow } from './records.ts';
import { ObjectStore } from './store.ts';
import { MigrationController, type Condition } from './migration.ts';
import { HotplugController } from './hotplug.ts';
import { DEFAULT_STORAGE, StorageController, type StorageOptions } from './storage.ts';
import { ApiObjects } from './objects.ts';
import { DEFAULT_NODES, nodeObject } from './nodes.ts';
import { DeploymentController } from './deployments.ts';
import { cpuStep, scalingControllers } from './scaling.ts';
import { SnapshotController } from './snapshots.ts';
import { InstancetypeController } from './instancetypes.ts';
import { isObj } from '../validators/raw.ts';

export { startBackoff } from './controller.ts';
export { isFinal, type ApplyOptions, type VmiRecord, type VmiRow, type VmRow } from './records.ts';

export type ClusterCall = 'migrate' | 'migrate-cancel' | 'addvolume' | 'removevolume' | 'pause' | 'unpause' | 'soft-reboot' | 'upload';

export interface SimClusterOptions extends ClockOptions {
  /**
   * A VM whose cloud-init Secret does not exist: `block` (default) is what the cluster does
   * (the launcher pod waits for the volume); `empty` boots the guest without user data.
   */
  missingSecret?: 'block' | 'empty';
  /** The default storage class and its access modes (storage.ts DEFAULT_STORAGE). */
  storage?: StorageOptions;
  /** Whether virt-operator deployed the common cluster instance types and preferences (default: yes, KubeVirt's default). */
  commonInstancetypes?: boolean;
}

export class SimCluster extends SimClock {
  private readonly store = new ObjectStore();
  private readonly controller: VmController;
  private readonly actions: Actions;
  /** Every API object (objects.ts: put/get/list/delete/setStatus/watch) and the Events list (api.events.record). */
  readonly api: ApiObjects;
  /** PVCs and CDI DataVolumes (storage.ts). */
  readonly storage: StorageController;
  /** Live migrations (migration.ts). */
  readonly migrations: MigrationController;
  /** virtctl addvolume / removevolume (hotplug.ts). */
  readonly hotplug: HotplugController;
  /** VM snapshots and restores (snapshots.ts). */
  readonly snapshots: SnapshotController;
  /** Instance types and preferences (instancetypes.ts). */
  readonly instancetypes: InstancetypeController;

  constructor(opts: SimClusterOptions = {}) {
    super(opts);
    this.api = new ApiObjects(this, opts.seed ?? 1);
    this.api.control('VirtualMachine', 'VirtualMachineInstance', 'Service', 'Endpoints', 'Pod', 'Node', 'DataVolume', 'PersistentVolumeClaim', 'VirtualMachineInstanceMigration');
    new DeploymentController(this, this.api);
    DEFAULT_NODES.forEach((n, i) => this.api.put(nodeObject(n, i + 1), { withStatus: true }));
    this.storage = new StorageController(this, this.api, opts.storage ?? DEFAULT_STORAGE);
    this.controller = new VmController(this, this.store, opts.missingSecret ?? 'block', this.storage);
    this.migrations = new MigrationController(this, this.api, this.store, this.storage, () => this.api.list('Node').map((n) => n.name));
    this.hotplug = new HotplugController(this, this.api, this.store);
    this.controller.onRunning = (vm, vmi) => this.hotplug.onVmiRunning(vm, vmi);
    this.actions = new Actions(this, this.store, this.controller, this.controller.guest);
    scalingControllers(this, this.api, this.store, this.controller);
    this.snapshots = new SnapshotController(this, this.api, {
      vm: (ns, name) => this.store.vm(ns, name),
      updateVm: (obj) => this.api.put(obj).verdict !== 'unchanged' && this.apply(obj),
      stopVm: (ns, name) => this.virtctl('stop', ns, name),
      createPvc: (obj, ns) => this.storage.applyPvc(obj, ns),
    }, this.storage.opts.defaultStorageClass);
    this.instancetypes = new InstancetypeController(this.api, opts.commonInstancetypes ?? true);
    this.controller.blocked = (vm) => {
      const o = this.api.get('VirtualMachine', vm.model.namespace, vm.model.name);
      return !!o && !!this.instancetypes.failure(o.obj, o.namespace);
    };
    // the VM controller retries a VM whose instance type or preference was missing
    this.api.watch((type, o) => {
      if (type !== 'ADDED' || !/^VirtualMachine(Cluster)?(Instancetype|Preference)$/.test(o.kind)) return;
      for (const vm of this.store.vms.values()) {
        const vo = this.api.get('VirtualMachine', vm.model.namespace, vm.model.name);
        if (vo) this.instancetypes.sync(vo);
        if (!vm.vmi && (vm.strategy === 'Always' || vm.strategy === 'RerunOnFailure')) this.controller.createVmi(vm);
      }
    });
  }

  // --- API objects ----------------------------------------------------------------------------

  /** kubectl apply of a VirtualMachine, Secret or Service (other kinds are refused). */
  apply(obj: unknown, opts: ApplyOptions = {}): string {
    if (!isObj(obj)) throw new Error('apply: not an object');
    const meta = isObj(obj.metadata) ? obj.metadata : {};
    const name = typeof meta.name === 'string' ? meta.name : '';
    const ns = typeof meta.namespace === 'string' ? meta.namespace : 'default';
    if (!name) throw new Error('apply: metadata.name is required');
    const key = `${ns}/${name}`;
    switch (obj.kind) {
      case 'Secret':
        this.store.applySecret(key, obj);
        return `secret/${name} configured`;
      case 'Service':
        this.store.applyService(key, ns, name, obj);
        return `service/${name} configured`;
      case 'VirtualMachine': {
        const stored = this.api.get('VirtualMachine', ns, name);
        if (stored) this.instancetypes.sync(stored);
        return this.controller.applyVm(key, obj, ns, name, opts, stored?.uid);
      }
      case 'DataVolume':
        return `datavolume.cdi.kubevirt.io/${name} ${this.storage.applyDataVolume(obj, ns)}`;
      case 'VirtualMachineInstanceMigration': {
        const spec = isObj(obj.spec) ? obj.spec : {};
        if (this.migrations.known(ns, name)) return `virtualmachineinstancemigration.kubevirt.io/${name} unchanged`;
        try {
          this.migrations.create(ns, String(spec.vmiName ?? ''), name, obj);
        } catch (e) {
          throw new Error(`admission webhook "migration-create-validator.kubevirt.io" denied the request: ${(e as Error).message}`);
        }
        return `virtualmachineinstancemigration.kubevirt.io/${name} created`;
      }
      case 'VirtualMachineSnapshot':
        return `virtualmachinesnapshot.snapshot.kubevirt.io/${name} ${this.snapshots.applySnapshot(obj, ns)}`;
      case 'VirtualMachineRestore':
        return `virtualmachinerestore.snapshot.kubevirt.io/${name} ${this.snapshots.applyRestore(obj, ns)}`;
      case 'PersistentVolumeClaim': {
        const existed = this.storage.knows(ns, name);
        this.storage.applyPvc(obj, ns);
        return `persistentvolumeclaim/${name} ${existed ? 'configured' : 'created'}`;
      }
      default:
        throw new Error(`apply: kind ${String(obj.kind)} is not simulated (VirtualMachine, Secret and Service are)`);
    }
  }

  /** `orphan`: --cascade=orphan, what the object owns is left without its owner (a stopped VM's DataVolumes). */
  delete(kind: string, ns: string, name: string, orphan = false): boolean {
    const key = `${ns}/${name}`;
    const k = kind.toLowerCase();
    if (k === 'secret' || k === 'secrets') return this.store.secrets.delete(key);
    if (k === 'service' || k === 'services' || k === 'svc') return this.store.services.delete(key);
    if (k === 'vm' || k === 'vms' || k === 'virtualmachine' || k === 'virtualmachines') return this.controller.deleteVm(key, orphan);
    if (k === 'dv' || k === 'dvs' || k === 'datavolume' || k === 'datavolumes') return this.storage.deleteDataVolume(ns, name);
    if (k === 'pvc' || k === 'pvcs' || k === 'persistentvolumeclaim' || k === 'persistentvolumeclaims') return !!this.api.delete('PersistentVolumeClaim', ns, name);
    if (k === 'virtualmachinesnapshot') return this.snapshots.deleteSnapshot(ns, name), true;
    if (k === 'vmi' || k === 'vmis' || k === 'virtualmachineinstance' || k === 'virtualmachineinstances') return this.controller.deleteVmi(key);
    return false;
  }

  /** Status rows as `kubectl get vm` / `kubectl get vmi` show them. */
  get(kind: 'vm' | 'vmi', ns: string, name?: string): (VmRow | VmiRow)[] {
    return this.store.rows(kind, ns, name, this.now);
  }

  /** The VMI record of a VM (for views and tests). */
  vmi(ns: string, name: string): VmiRecord | undefined {
    return this.store.vm(ns, name)?.vmi;
  }

  /** The controller that created a VMI no VirtualMachine owns (a replica set), if any. */
  vmiOwner(ns: string, name: string): { kind: string; name: string; uid: string } | undefined {
    return this.store.vm(ns, name)?.owner;
  }

  restarts(ns: string, name: string): number {
    return this.store.vm(ns, name)?.restarts ?? 0;
  }

  /** VM status fields other controllers write (snapshotInProgress, restoreInProgress, instancetypeRef, …). */
  vmStatus(ns: string, name: string): Record<string, unknown> {
    const vm = this.api.get('VirtualMachine', ns, name);
    const failure = vm ? this.instancetypes.failure(vm.obj, ns) : undefined;
    return {
      ...this.instancetypes.statusRefs(ns, name),
      ...this.snapshots.vmStatus(ns, name),
      // vm.go processFailureCondition: the sync error as the Failure condition
      ...(failure ? { conditions: [{ status: 'False', type: 'Ready' }, { message: failure.message, reason: failure.reason, status: 'True', type: 'Failure' }] } : {}),
    };
  }

  /** The VMI's annotations and spec from its VM's template, with the instance type and preference applied. */
  vmiSpec(ns: string, name: string, spec: Record<string, unknown>): { annotations: Record<string, string>; spec: Record<string, unknown> } {
    const vm = this.api.get('VirtualMachine', ns, name);
    return vm ? this.instancetypes.expand(vm.obj, ns, spec) : { annotations: {}, spec };
  }

  /** The VMI's conditions as virt-controller and virt-handler report them (Ready, LiveMigratable). */
  vmiConditions(ns: string, name: string): Condition[] {
    const vm = this.store.vm(ns, name);
    const vmi = vm?.vmi;
    if (!vm || !vmi) return [];
    const out: Condition[] = [{ type: 'Ready', status: vmi.ready ? 'True' : 'False' }];
    if (vmi.phase === 'Running') out.push(this.migrations.liveMigratable(vm));
    if (vmi.paused) out.push({ type: 'Paused', status: 'True', reason: 'PausedByUser' });
    return out;
  }

  // --- virtctl and scenario actions -----------------------------------------------------------

  /**
   * The verbs a sandbox logs and replays by name (sandbox.ts `call`): each returns virtctl's
   * line and whether it succeeded.
   */
  call(name: ClusterCall, ns: string, target: string, opts: Record<string, string | number | boolean> = {}): { ok: boolean; message: string } {
    switch (name) {
      case 'migrate':
        return this.migrate(ns, target);
      case 'migrate-cancel': {
        // virtctl migrate-cancel (pkg/virtctl/vm/migrate_cancel.go): deletes the VMI's migration that has not ended
        const name = this.migrations.cancel(ns, target);
        return name ? { ok: true, message: `VM ${target} was scheduled to migrate-cancel` } : { ok: false, message: `Found no migration to cancel for ${target}` };
      }
      case 'addvolume':
        return this.hotplug.add(ns, target, String(opts.volume ?? ''), { ...(opts.serial ? { serial: String(opts.serial) } : {}), ...(opts.bus ? { bus: String(opts.bus) } : {}), ...(opts.diskName ? { diskName: String(opts.diskName) } : {}) });
      case 'removevolume':
        return this.hotplug.remove(ns, target, String(opts.volume ?? ''));
      case 'pause':
      case 'unpause':
      case 'soft-reboot':
        return this.actions.vmiAction(name, ns, target);
      case 'upload':
        this.storage.upload(ns, target, Number(opts.sizeMi ?? 1));
        return { ok: true, message: '' };
    }
  }

  /** virtctl migrate: a migration named kubevirt-migrate-vm-XXXXX, or virtctl's error line. */
  migrate(ns: string, name: string): { ok: boolean; message: string; migration?: string } {
    const vm = this.store.vm(ns, name);
    if (!vm) return { ok: false, message: `Error migrating VirtualMachine virtualmachine.kubevirt.io "${name}" not found` };
    if (!vm.vmi || vm.vmi.phase !== 'Running') return { ok: false, message: `Error migrating VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "${name}": VM is not running` };
    try {
      const migration = this.migrations.create(ns, name);
      return { ok: true, message: `VM ${name} was scheduled to migrate`, migration };
    } catch (e) {
      return { ok: false, message: `Error migrating VirtualMachine Internal error occurred: admission webhook "migration-create-validator.kubevirt.io" denied the request: ${(e as Error).message}` };
    }
  }

  virtctl(action: 'start' | 'stop' | 'restart', ns: string, name: string, opts: VirtctlOptions = {}): { ok: boolean; message: string } {
    return this.actions.virtctl(action, ns, name, opts);
  }

  /** What a trainee does in the guest (a scenario step); a restart is virtctl restart. */
  guestAction(ns: string, name: string, step: GuestStep): void {
    if (cpuStep(this.store.vm(ns, name)?.vmi, step)) return;
    this.actions.guestAction(ns, name, step);
  }
}
