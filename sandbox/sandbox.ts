// The sandbox's API server: the objects the trainee applied (as stored manifests) over the
// simulator's cluster, which runs the VMs. Every change is logged with its simulated time, so
// a saved sandbox is restored by replaying the log into a fresh cluster with the same seed
// (the cluster's queue holds closures and cannot be serialised).
import type { VirtctlOptions } from '../simulator/actions.ts';
import { SimCluster, type ClusterCall } from '../simulator/cluster.ts';
import type { SimEvent } from '../simulator/types.ts';
import type { StoredObject } from '../simulator/objects.ts';

type Obj = Record<string, unknown>;

export type Op =
  | { t: number; op: 'apply'; obj: Obj; startErrors?: string[] }
  | { t: number; op: 'delete'; kind: string; ns: string; name: string; orphan?: true }
  | { t: number; op: 'virtctl'; action: 'start' | 'stop' | 'restart'; ns: string; name: string; opts?: VirtctlOptions }
  | { t: number; op: 'call'; name: ClusterCall; ns: string; target: string; opts?: Record<string, string | number | boolean> }
  | { t: number; op: 'guest'; ns: string; name: string; step: { action: string; port?: number; interval?: number; timeout?: number } };

export type { StoredObject };

export interface SandboxState {
  seed: number;
  now: number;
  ops: Op[];
}

/** The kinds whose objects the simulator's VM controller also acts on (cluster.apply). */
const CLUSTER_KINDS = new Set(['VirtualMachine', 'Secret', 'Service', 'DataVolume', 'PersistentVolumeClaim', 'VirtualMachineInstanceMigration', 'VirtualMachineSnapshot', 'VirtualMachineRestore']);

export class Sandbox {
  cluster: SimCluster;
  ops: Op[] = [];

  constructor(readonly seed = 1) {
    this.cluster = new SimCluster({ seed });
  }

  get now(): number {
    return this.cluster.now;
  }

  find(kind: string, ns: string, name: string): StoredObject | undefined {
    return this.cluster.api.get(kind, ns, name);
  }

  /** Objects of a kind in a namespace (undefined: every namespace), by name. */
  list(kind: string, ns: string | undefined): StoredObject[] {
    return this.cluster.api.list(kind, ns);
  }

  /** Stores (or replaces) an object; returns 'created', 'configured' or 'unchanged'. */
  apply(obj: Obj, startErrors: string[] = []): 'created' | 'configured' | 'unchanged' {
    const meta = (obj.metadata ?? {}) as Obj;
    const before = this.cluster.api.get(String(obj.kind), String(meta.namespace ?? ''), String(meta.name ?? ''));
    const { verdict, stored } = this.cluster.api.put(obj);
    if (verdict === 'unchanged') return verdict;
    if (CLUSTER_KINDS.has(String(obj.kind))) {
      try {
        this.cluster.apply(obj, { startErrors });
      } catch (e) {
        // refused (an admission webhook of the simulated cluster): nothing is stored
        if (before) this.cluster.api.put(before.obj, { withStatus: true });
        else this.cluster.api.delete(stored.kind, stored.namespace, stored.name);
        throw e;
      }
    }
    this.ops.push({ t: this.now, op: 'apply', obj, ...(startErrors.length ? { startErrors } : {}) });
    return verdict;
  }

  /** `orphan`: kubectl delete --cascade=orphan (what the object owns stays, without its owner). */
  delete(kind: string, ns: string, name: string, orphan = false): boolean {
    if (kind === 'VirtualMachineInstance') return this.deleteVmi(ns, name);
    if (!this.cluster.api.delete(kind, ns, name)) return false;
    this.ops.push({ t: this.now, op: 'delete', kind, ns, name, ...(orphan ? { orphan: true as const } : {}) });
    if (CLUSTER_KINDS.has(kind)) this.cluster.delete(kind, ns, name, orphan);
    return true;
  }

  /** Deleting a VMI stops it; the VM controller decides whether a new one starts. */
  deleteVmi(ns: string, name: string): boolean {
    const ok = this.cluster.delete('vmi', ns, name);
    if (ok) this.ops.push({ t: this.now, op: 'delete', kind: 'VirtualMachineInstance', ns, name });
    return ok;
  }

  virtctl(action: 'start' | 'stop' | 'restart', ns: string, name: string, opts: VirtctlOptions = {}): { ok: boolean; message: string } {
    const r = this.cluster.virtctl(action, ns, name, opts);
    if (r.ok && !opts.dryRun) this.ops.push({ t: this.now, op: 'virtctl', action, ns, name, ...(opts.force ? { opts } : {}) });
    return r;
  }

  /** A cluster verb (virtctl migrate, addvolume, pause…), logged for replay when it succeeds. */
  call(name: ClusterCall, ns: string, target: string, opts: Record<string, string | number | boolean> = {}): { ok: boolean; message: string } {
    const r = this.cluster.call(name, ns, target, opts);
    if (r.ok) this.ops.push({ t: this.now, op: 'call', name, ns, target, ...(Object.keys(opts).length ? { opts } : {}) });
    return r;
  }

  guest(ns: string, name: string, step: { action: string; port?: number; interval?: number; timeout?: number }): void {
    this.ops.push({ t: this.now, op: 'guest', ns, name, step });
    this.cluster.guestAction(ns, name, step);
  }

  advance(seconds: number): void {
    this.cluster.advance(seconds);
  }

  /** The cluster's events since index `from` (for watches and the console). */
  eventsSince(from: number): SimEvent[] {
    return this.cluster.events.slice(from);
  }

  snapshot(): SandboxState {
    return { seed: this.seed, now: this.now, ops: this.ops };
  }

  /** A sandbox in the saved state: the log replayed at its times, the clock where it was. */
  static restore(state: SandboxState): Sandbox {
    const s = new Sandbox(Number.isFinite(state.seed) ? state.seed : 1);
    for (const op of Array.isArray(state.ops) ? state.ops : []) {
      try {
        s.cluster.runUntil(op.t);
        if (op.op === 'apply') s.apply(op.obj, op.startErrors ?? []);
        else if (op.op === 'delete') s.delete(op.kind, op.ns, op.name, op.orphan === true);
        else if (op.op === 'virtctl') s.virtctl(op.action, op.ns, op.name, op.opts ?? {});
        else if (op.op === 'call') s.call(op.name, op.ns, op.target, op.opts ?? {});
        else if (op.op === 'guest') s.guest(op.ns, op.name, op.step);
      } catch {
        /* a damaged entry is skipped; the rest still replays */
      }
    }
    s.cluster.runUntil(Number.isFinite(state.now) ? state.now : s.now);
    return s;
  }
}
