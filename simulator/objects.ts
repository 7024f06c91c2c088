// The cluster's generic API object store: every kind the validators accept, kept as the API server
// keeps it (metadata.uid, resourceVersion, generation, labels, annotations; namespaced or cluster
// scoped; status apart from spec), with watchers, and the Events list controllers append to.
//
// This is the one interface the simulator's controllers and the sandbox share:
//   api.put(obj) / api.get(kind, ns, name) / api.list(kind, ns?) / api.delete(kind, ns, name)
//   api.setStatus(kind, ns, name, status) / api.watch(fn)
//   api.events.record({ type, reason, involved, message, source })
//   api.appendLog(ns, pod, container, line) / api.logs(ns, pod, container): a container's log
//   api.control(kind): a controller acts on this kind (the sandbox says so of kinds nobody controls)
// Times are simulated seconds (the clock's `now`); faces turn them into timestamps.
import { isObj, type Obj } from '../validators/raw.ts';

/** Kinds the API server keeps without a namespace (everything else is namespaced). */
export const CLUSTER_SCOPED = new Set([
  'Node', 'Namespace', 'PersistentVolume', 'StorageClass', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding',
  'VirtualMachineClusterInstancetype', 'VirtualMachineClusterPreference', 'PriorityClass', 'IngressClass', 'CSIDriver',
  'VolumeSnapshotClass', 'CDI', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
]);

export const isNamespaced = (kind: string) => !CLUSTER_SCOPED.has(kind);

/** One stored object. `obj` is the whole API object; its metadata carries uid, resourceVersion, generation. */
export interface StoredObject {
  kind: string;
  /** '' for a cluster-scoped kind. */
  namespace: string;
  name: string;
  obj: Obj;
  /** Simulated seconds (creationTimestamp). */
  createdAt: number;
  uid: string;
}

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type Watcher = (type: WatchType, o: StoredObject) => void;

export interface EventInput {
  type: 'Normal' | 'Warning';
  reason: string;
  involved: { kind: string; namespace?: string; name: string; uid?: string; apiVersion?: string; fieldPath?: string };
  message: string;
  /** The component that reports it: virt-controller, virt-handler, kubelet, default-scheduler, … */
  source?: string;
  /** The node (kubelet, virt-handler events). */
  host?: string;
}

export interface ClusterEvent extends EventInput {
  name: string;
  namespace: string;
  count: number;
  /** Simulated seconds. */
  firstTime: number;
  lastTime: number;
}

/**
 * The Events list. As client-go's EventCorrelator does, an event equal to an earlier one (same
 * object, type, reason, message, source) raises that one's count and lastTime instead of adding one.
 */
export class EventLog {
  private readonly items: ClusterEvent[] = [];
  private seq = 0;

  constructor(private readonly clock: { readonly now: number }) {}

  record(e: EventInput): ClusterEvent {
    const ns = e.involved.namespace ?? 'default';
    const same = this.items.find((x) => x.namespace === ns && x.involved.kind === e.involved.kind && x.involved.name === e.involved.name && x.type === e.type && x.reason === e.reason && x.message === e.message && x.source === e.source);
    if (same) {
      same.count++;
      same.lastTime = this.clock.now;
      return same;
    }
    const ev: ClusterEvent = { ...e, involved: { ...e.involved }, namespace: ns, name: `${e.involved.name}.${(0x180a0000 + ++this.seq * 4099).toString(16)}`, count: 1, firstTime: this.clock.now, lastTime: this.clock.now };
    this.items.push(ev);
    return ev;
  }

  /** Events in the order they were first recorded; `ns` undefined: every namespace. */
  list(ns?: string): ClusterEvent[] {
    return this.items.filter((e) => ns === undefined || e.namespace === ns);
  }

  /** The events about one object (describe's Events section). */
  about(kind: string, ns: string, name: string): ClusterEvent[] {
    return this.items.filter((e) => e.involved.kind === kind && e.involved.name === name && (e.involved.namespace ?? 'default') === (ns || 'default'));
  }

  deleteAbout(kind: string, ns: string, name: string): void {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const e = this.items[i]!;
      if (e.involved.kind === kind && e.involved.name === name && e.namespace === ns) this.items.splice(i, 1);
    }
  }
}

export type PutVerdict = 'created' | 'configured' | 'unchanged';

const meta = (o: Obj): Obj => (isObj(o.metadata) ? o.metadata : {});
/** The parts generation counts: everything but metadata and status. */
const specOf = (o: Obj) => JSON.stringify(Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'metadata' && k !== 'status')));
/** What the writer sent (server-set metadata and status left out): apply's unchanged test. */
function userView(o: Obj): string {
  // finalizers and ownerReferences a controller added are not the writer's (kubectl apply keeps them)
  const { uid: _u, resourceVersion: _r, generation: _g, creationTimestamp: _c, finalizers: _f, ownerReferences: _o, ...m } = meta(o);
  const { status: _s, ...rest } = o;
  return JSON.stringify({ ...rest, metadata: m });
}

/** What a controller set on an object's metadata that a writer's update keeps when it does not name it. */
function kept(old: StoredObject | undefined): Obj {
  const m = old ? meta(old.obj) : {};
  return { ...(m.finalizers ? { finalizers: m.finalizers } : {}), ...(m.ownerReferences ? { ownerReferences: m.ownerReferences } : {}) };
}

export class ApiObjects {
  private readonly objects = new Map<string, StoredObject>();
  private readonly watchers: Watcher[] = [];
  private rv = 1000;
  private uidSeq = 0;
  private readonly controlled = new Set<string>();
  private readonly podLogs = new Map<string, { t: number; line: string }[]>();
  readonly events: EventLog;

  constructor(private readonly clock: { readonly now: number }, private readonly seed = 1) {
    this.events = new EventLog(clock);
  }

  static key(kind: string, ns: string, name: string): string {
    return `${kind}/${isNamespaced(kind) ? ns : ''}/${name}`;
  }

  /** A line a pod's container writes now (an importer's progress, a Deployment's app). */
  appendLog(ns: string, pod: string, container: string, line: string): void {
    const k = `${ns}/${pod}/${container}`;
    const list = this.podLogs.get(k) ?? [];
    list.push({ t: this.clock.now, line });
    this.podLogs.set(k, list);
  }

  /** A container's log so far (undefined: nothing was ever written). */
  logs(ns: string, pod: string, container: string): { t: number; line: string }[] | undefined {
    return this.podLogs.get(`${ns}/${pod}/${container}`);
  }

  /** A simulator controller declares the kinds it acts on (status, children, events). */
  control(...kinds: string[]): void {
    for (const k of kinds) this.controlled.add(k);
  }

  /** Whether a controller acts on objects of this kind (else they are only stored). */
  controls(kind: string): boolean {
    return this.controlled.has(kind);
  }

  /** The store's latest resourceVersion (a List's metadata.resourceVersion). */
  get resourceVersion(): string {
    return String(this.rv);
  }

  get(kind: string, ns: string, name: string): StoredObject | undefined {
    return this.objects.get(ApiObjects.key(kind, ns, name));
  }

  /** Objects of a kind sorted by namespace then name; `ns` undefined: every namespace. */
  list(kind: string, ns?: string): StoredObject[] {
    const out: StoredObject[] = [];
    for (const o of this.objects.values()) if (o.kind === kind && (ns === undefined || !isNamespaced(kind) || o.namespace === ns)) out.push(o);
    return out.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  }

  /** Every kind that has an object (for `get all`-like listings and tests). */
  kinds(): string[] {
    return [...new Set([...this.objects.values()].map((o) => o.kind))].sort();
  }

  /**
   * Creates or replaces an object (kubectl apply, a controller creating a pod). The stored status
   * stays unless the object brings one and `withStatus` is set; generation rises when anything but
   * metadata and status changed. Needs kind and metadata.name; a namespaced kind without a
   * namespace goes to "default".
   */
  put(obj: Obj, opts: { withStatus?: boolean } = {}): { verdict: PutVerdict; stored: StoredObject } {
    const kind = String(obj.kind ?? '');
    const m = meta(obj);
    const name = typeof m.name === 'string' ? m.name : '';
    if (!kind || !name) throw new Error('put: kind and metadata.name are required');
    const ns = isNamespaced(kind) ? (typeof m.namespace === 'string' && m.namespace ? m.namespace : 'default') : '';
    const key = ApiObjects.key(kind, ns, name);
    const old = this.objects.get(key);
    const status = opts.withStatus && 'status' in obj ? obj.status : old?.obj.status;
    if (old && userView(old.obj) === userView({ ...obj, metadata: { ...m, ...(ns ? { namespace: ns } : {}) } }) && (!opts.withStatus || JSON.stringify(status) === JSON.stringify(old.obj.status))) return { verdict: 'unchanged', stored: old };
    // the API server counts generations for the kinds whose strategy does (custom resources, apps, …), not core v1 objects
    const counts = obj.apiVersion !== 'v1';
    const generation = old ? Number(meta(old.obj).generation ?? 1) + (specOf(old.obj) === specOf(obj) ? 0 : 1) : 1;
    const uid = old?.uid ?? this.newUid();
    const { status: _s, ...body } = obj;
    const full: Obj = {
      ...body,
      metadata: { ...kept(old), ...m, ...(ns ? { namespace: ns } : {}), uid, resourceVersion: String(++this.rv), ...(counts ? { generation } : {}) },
      ...(status !== undefined ? { status } : {}),
    };
    if (!ns) delete (full.metadata as Obj).namespace;
    const stored: StoredObject = { kind, namespace: ns, name, obj: full, createdAt: old?.createdAt ?? this.clock.now, uid };
    this.objects.set(key, stored);
    this.notify(old ? 'MODIFIED' : 'ADDED', stored);
    return { verdict: old ? 'configured' : 'created', stored };
  }

  /** What put(obj) would answer, without storing (for a writer whose controller stores it itself). */
  verdictOf(obj: Obj): PutVerdict {
    const kind = String(obj.kind ?? '');
    const m = meta(obj);
    const ns = isNamespaced(kind) ? (typeof m.namespace === 'string' && m.namespace ? m.namespace : 'default') : '';
    const old = this.get(kind, ns, String(m.name ?? ''));
    if (!old) return 'created';
    return userView(old.obj) === userView({ ...obj, metadata: { ...m, ...(ns ? { namespace: ns } : {}) } }) ? 'unchanged' : 'configured';
  }

  /** A controller's status write (the status subresource): resourceVersion rises, generation stays. */
  setStatus(kind: string, ns: string, name: string, status: unknown): StoredObject | undefined {
    const old = this.get(kind, ns, name);
    if (!old) return undefined;
    if (JSON.stringify(old.obj.status) === JSON.stringify(status)) return old;
    const stored: StoredObject = { ...old, obj: { ...old.obj, metadata: { ...meta(old.obj), resourceVersion: String(++this.rv) }, status } };
    this.objects.set(ApiObjects.key(kind, ns, name), stored);
    this.notify('MODIFIED', stored);
    return stored;
  }

  /** A controller's metadata write (finalizers, ownerReferences): resourceVersion rises, nothing else changes. */
  setMeta(kind: string, ns: string, name: string, extra: Obj): StoredObject | undefined {
    const old = this.get(kind, ns, name);
    if (!old) return undefined;
    const stored: StoredObject = { ...old, obj: { ...old.obj, metadata: { ...meta(old.obj), ...extra, resourceVersion: String(++this.rv) } } };
    this.objects.set(ApiObjects.key(kind, ns, name), stored);
    this.notify('MODIFIED', stored);
    return stored;
  }

  /** A controller's metadata removal (the garbage collector orphaning an object): resourceVersion rises. */
  removeMeta(kind: string, ns: string, name: string, keys: string[]): StoredObject | undefined {
    const old = this.get(kind, ns, name);
    if (!old) return undefined;
    const m: Obj = { ...meta(old.obj), resourceVersion: String(++this.rv) };
    for (const k of keys) delete m[k];
    const stored: StoredObject = { ...old, obj: { ...old.obj, metadata: m } };
    this.objects.set(ApiObjects.key(kind, ns, name), stored);
    this.notify('MODIFIED', stored);
    return stored;
  }

  delete(kind: string, ns: string, name: string): StoredObject | undefined {
    const key = ApiObjects.key(kind, ns, name);
    const old = this.objects.get(key);
    if (!old) return undefined;
    this.objects.delete(key);
    this.rv++;
    this.notify('DELETED', old);
    return old;
  }

  /** Every change from now on; returns the unsubscribe. */
  watch(fn: Watcher): () => void {
    this.watchers.push(fn);
    return () => {
      const i = this.watchers.indexOf(fn);
      if (i >= 0) this.watchers.splice(i, 1);
    };
  }

  private notify(type: WatchType, o: StoredObject): void {
    for (const w of [...this.watchers]) w(type, o);
  }

  private newUid(): string {
    const n = ++this.uidSeq;
    const hex = ((this.seed * 2654435761 + n * 40503) >>> 0).toString(16).padStart(8, '0');
    return `${hex}-${String(n).padStart(4, '0')}-4000-8000-${hex}${String(n).padStart(4, '0')}`;
  }
}
