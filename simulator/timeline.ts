// The run's events, stored compactly: a 24 h run at 1 s periods emits ~170,000 events, nearly all
// probe runs that repeat one of a handful of details. An object per event made allocation and GC
// most of the run's cost, so each event is two numbers here (its time, and the index of a shared
// {source, type, detail} record) and becomes a SimEvent object only when someone reads it.
import type { EventSource, SimEvent } from './types.ts';

export interface EventRecord {
  readonly source: EventSource;
  readonly type: string;
  readonly detail: Record<string, unknown>;
}

export interface TimelineParts {
  times: Float64Array;
  refs: Int32Array;
  records: EventRecord[];
}

export class Timeline {
  private times: Float64Array;
  private refs: Int32Array;
  private n = 0;
  /** Distinct records: interned ones (shared by many events) and one-offs. */
  readonly records: EventRecord[] = [];
  /** The materialised events so far (read through `events`), extended on demand. */
  private objects: SimEvent[] = [];

  /** `capacity`: how many events the run is expected to hold (it grows past that by doubling). */
  constructor(capacity = 1024) {
    const c = Number.isFinite(capacity) ? Math.max(16, Math.ceil(capacity)) : 1024;
    this.times = new Float64Array(c);
    this.refs = new Int32Array(c);
  }

  get length(): number {
    return this.n;
  }

  /** A record many events will share (a probe's outcome): push it with `pushRef`. */
  intern(source: EventSource, type: string, detail: Record<string, unknown>): number {
    this.records.push({ source, type, detail });
    return this.records.length - 1;
  }

  pushRef(t: number, ref: number): number {
    const i = this.n;
    if (i === this.times.length) this.grow();
    this.times[i] = t;
    this.refs[i] = ref;
    this.n = i + 1;
    return i;
  }

  push(t: number, source: EventSource, type: string, detail: Record<string, unknown>): number {
    return this.pushRef(t, this.intern(source, type, detail));
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    this.times = times;
    const refs = new Int32Array(this.refs.length * 2);
    refs.set(this.refs);
    this.refs = refs;
  }

  timeAt(i: number): number {
    return this.times[i]!;
  }

  recordAt(i: number): EventRecord {
    return this.records[this.refs[i]!]!;
  }

  /**
   * Every event as a SimEvent, in order. The array is built once and extended as the run goes
   * on, so a caller polling a live cluster pays for each event once; treat it as read-only.
   */
  get events(): SimEvent[] {
    const from = this.objects.length;
    const n = this.n;
    if (from === n) return this.objects;
    // sized once, then filled: pushing 170,000 objects one by one cost several times as much
    const out = from === 0 ? (this.objects = new Array<SimEvent>(n)) : this.objects;
    out.length = n;
    const { times, refs, records } = this;
    for (let i = from; i < n; i++) {
      const r = records[refs[i]!]!;
      out[i] = { t: times[i]!, source: r.source, type: r.type, detail: r.detail };
    }
    return out;
  }

  /** The timeline as plain data for postMessage (the two arrays can be transferred, not copied). */
  toParts(): TimelineParts {
    return { times: this.times.slice(0, this.n), refs: this.refs.slice(0, this.n), records: this.records };
  }

  /** A timeline rebuilt from toParts() (on the other side of a worker). */
  static fromParts(p: TimelineParts): Timeline {
    const t = new Timeline(p.times.length);
    t.times.set(p.times);
    t.refs.set(p.refs);
    t.n = p.times.length;
    t.records.push(...p.records);
    return t;
  }

  /** Event i as a SimEvent (the same object `events` holds). */
  get(i: number): SimEvent {
    return this.events[i]!;
  }
}
