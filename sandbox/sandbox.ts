// The sandbox's API server: the objects the trainee applied (as stored manifests) over the
// simulator's cluster, which runs the VMs. Every change is logged with its simulated time, so
// a saved sandbox is restored by replaying the log into a fresh cluster with the same seed
// (the cluster's queue holds closures and cannot be serialised).
import type { VirtctlOptions } from '../simulator/actions.ts';
import { SimCluster } from '../simulator/cluster.ts';
import type { SimEvent } from '../simulator/types.ts';

type Obj = Record<string, unknown>;

export type Op =
  | { t: number; op: 'apply'; obj: Obj; startErrors?: string[] }
  | { t: number; op: 'delete'; kind: string; ns: string; name: string }
  | { t: number; op: 'virtctl'; action: 'start' | 'stop' | 'restart'; ns: string; name: string; opts?: VirtctlOptions }
  | { t: number; op: 'guest'; ns: string; name: string; step: { action: string; port?: number; interval?: number; timeout?: number } };

export interface StoredObject {
  kind: string;
  namespace: string;
  name: string;
  obj: Obj;
  createdAt: number;
  uid: string;
}

export interface SandboxState {
  seed: number;
  now: number;
  ops: Op[];
}

/** The kinds the sandbox stores; VirtualMachine, Secret and Service also reach the cluster. */
export const STORED_KINDS = new Set(['VirtualMachine', 'Secret', 'Service', 'ConfigMap']);

export class Sandbox {
  cluster: SimCluster;
  readonly objects = new Map<string, StoredObject>();
  ops: Op[] = [];
  private uid = 0;

  constructor(readonly seed = 1) {
    this.cluster = new SimCluster({ seed });
  }

  get now(): number {
    return this.cluster.now;
  }

  static key(kind: string, ns: string, name: string): string {
    return `${kind}/${ns}/${name}`;
  }

  find(kind: string, ns: string, name: string): StoredObject | undefined {
    return this.objects.get(Sandbox.key(kind, ns, name));
  }

  list(kind: string, ns: string): StoredObject[] {
    return [...this.objects.values()].filter((o) => o.kind === kind && o.namespace === ns).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Stores (or replaces) an object; returns 'created', 'configured' or 'unchanged'. */
  apply(obj: Obj, startErrors: string[] = []): 'created' | 'configured' | 'unchanged' {
    const meta = (obj.metadata ?? {}) as Obj;
    const kind = String(obj.kind);
    const ns = String(meta.namespace);
    const name = String(meta.name);
    const k = Sandbox.key(kind, ns, name);
    const old = this.objects.get(k);
    if (old && JSON.stringify(old.obj) === JSON.stringify(obj)) return 'unchanged';
    this.ops.push({ t: this.now, op: 'apply', obj, ...(startErrors.length ? { startErrors } : {}) });
    this.objects.set(k, { kind, namespace: ns, name, obj, createdAt: old?.createdAt ?? this.now, uid: old?.uid ?? this.newUid() });
    if (kind === 'VirtualMachine' || kind === 'Secret' || kind === 'Service') this.cluster.apply(obj, { startErrors });
    return old ? 'configured' : 'created';
  }

  delete(kind: string, ns: string, name: string): boolean {
    if (kind === 'VirtualMachineInstance') return this.deleteVmi(ns, name);
    const k = Sandbox.key(kind, ns, name);
    if (!this.objects.has(k)) return false;
    this.ops.push({ t: this.now, op: 'delete', kind, ns, name });
    this.objects.delete(k);
    if (kind !== 'ConfigMap') this.cluster.delete(kind, ns, name);
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
    if (r.ok) this.ops.push({ t: this.now, op: 'virtctl', action, ns, name, ...(opts.force ? { opts } : {}) });
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

  private newUid(): string {
    const n = ++this.uid;
    const hex = ((this.seed * 2654435761 + n * 40503) >>> 0).toString(16).padStart(8, '0');
    return `${hex}-${String(n).padStart(4, '0')}-4000-8000-${hex}${String(n).padStart(4, '0')}`;
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
        else if (op.op === 'delete') s.delete(op.kind, op.ns, op.name);
        else if (op.op === 'virtctl') s.virtctl(op.action, op.ns, op.name, op.opts ?? {});
        else if (op.op === 'guest') s.guest(op.ns, op.name, op.step);
      } catch {
        /* a damaged entry is skipped; the rest still replays */
      }
    }
    s.cluster.runUntil(Number.isFinite(state.now) ? state.now : s.now);
    return s;
  }
}
