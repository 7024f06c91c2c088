// The control loop the replica controllers share (VMI replica sets in replicasets.ts,
// VirtualMachinePools in pools.ts): a watch on their kind that syncs an object when its spec
// changes (a new metadata.generation; their own status writes keep it), garbage-collects what a
// deleted one owns, and, while `following()` says there is something to follow, a resync of every
// object of the kind after a VMI's event (the VMI informer), queued once per instant.
import type { SimClock } from './clock.ts';
import type { ApiObjects, StoredObject } from './objects.ts';
import type { Obj } from '../validators/raw.ts';

export interface ReplicaSync {
  /** Brings one object to its spec (creates or deletes what it owns) and writes its status. */
  sync(o: StoredObject): void;
  /** The object was deleted: deletes what it owns. */
  deleted(o: StoredObject): void;
  /** Whether VMI events are to be followed now (resyncs queued by them). */
  following(): boolean;
  /** Run first in a queued resync, before every object is synced. */
  beforeResync?(): void;
}

export class ReplicaLoop {
  private readonly seen = new Map<string, number>();
  private unsubscribe: (() => void) | undefined;
  private queued = false;

  constructor(private readonly clock: SimClock, private readonly api: ApiObjects, private readonly kind: string, private readonly c: ReplicaSync) {
    api.control(kind);
    api.watch((type, o) => {
      if (o.kind !== kind) return;
      const key = `${o.namespace}/${o.name}`;
      if (type === 'DELETED') {
        this.seen.delete(key);
        c.deleted(o);
        this.follow();
        return;
      }
      const gen = Number((o.obj.metadata as Obj).generation ?? 1);
      if (this.seen.get(key) === gen) return; // a status write
      this.seen.set(key, gen);
      c.sync(o);
      this.follow();
    });
  }

  /** A resync of every object of the kind at the current instant (once, however often asked). */
  queue(): void {
    if (this.queued) return;
    this.queued = true;
    this.clock.after(0, () => {
      this.queued = false;
      this.c.beforeResync?.();
      for (const o of this.api.list(this.kind)) this.c.sync(o);
      this.follow();
    });
  }

  /** Listens to VMI events while `following()`, and stops when it no longer does. */
  private follow(): void {
    const any = this.c.following();
    if (any && !this.unsubscribe) this.unsubscribe = this.clock.on((e) => e.source === 'vmi' && this.queue());
    else if (!any && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = undefined;
    }
  }
}
