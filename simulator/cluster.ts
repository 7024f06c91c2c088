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
import { ApiObjects } from './objects.ts';
import { DEFAULT_NODES, nodeObject } from './nodes.ts';
import { isObj } from '../validators/raw.ts';

export { startBackoff } from './controller.ts';
export { isFinal, type ApplyOptions, type VmiRecord, type VmiRow, type VmRow } from './records.ts';

export interface SimClusterOptions extends ClockOptions {
  /**
   * A VM whose cloud-init Secret does not exist: `block` (default) is what the cluster does
   * (the launcher pod waits for the volume); `empty` boots the guest without user data.
   */
  missingSecret?: 'block' | 'empty';
}

export class SimCluster extends SimClock {
  private readonly store = new ObjectStore();
  private readonly controller: VmController;
  private readonly actions: Actions;
  /** Every API object (objects.ts: put/get/list/delete/setStatus/watch) and the Events list (api.events.record). */
  readonly api: ApiObjects;

  constructor(opts: SimClusterOptions = {}) {
    super(opts);
    this.api = new ApiObjects(this, opts.seed ?? 1);
    DEFAULT_NODES.forEach((n, i) => this.api.put(nodeObject(n, i + 1), { withStatus: true }));
    this.controller = new VmController(this, this.store, opts.missingSecret ?? 'block');
    this.actions = new Actions(this, this.store, this.controller, this.controller.guest);
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
      case 'VirtualMachine':
        return this.controller.applyVm(key, obj, ns, name, opts);
      default:
        throw new Error(`apply: kind ${String(obj.kind)} is not simulated (VirtualMachine, Secret and Service are)`);
    }
  }

  delete(kind: string, ns: string, name: string): boolean {
    const key = `${ns}/${name}`;
    const k = kind.toLowerCase();
    if (k === 'secret' || k === 'secrets') return this.store.secrets.delete(key);
    if (k === 'service' || k === 'services' || k === 'svc') return this.store.services.delete(key);
    if (k === 'vm' || k === 'vms' || k === 'virtualmachine' || k === 'virtualmachines') return this.controller.deleteVm(key);
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

  restarts(ns: string, name: string): number {
    return this.store.vm(ns, name)?.restarts ?? 0;
  }

  // --- virtctl and scenario actions -----------------------------------------------------------

  virtctl(action: 'start' | 'stop' | 'restart', ns: string, name: string, opts: VirtctlOptions = {}): { ok: boolean; message: string } {
    return this.actions.virtctl(action, ns, name, opts);
  }

  /** What a trainee does in the guest (a scenario step); a restart is virtctl restart. */
  guestAction(ns: string, name: string, step: GuestStep): void {
    this.actions.guestAction(ns, name, step);
  }
}
