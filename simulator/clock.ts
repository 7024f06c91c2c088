// The simulated clock every part of the cluster shares: the event queue, the seeded PRNG, the
// timings and the timeline the parts emit into (with its listeners). SimCluster extends it, so
// `now`, `timeline`, `runUntil`, `at`, `on`, … are the cluster's own.
import { mulberry32 } from './prng.ts';
import { EventQueue } from './queue.ts';
import { Timeline } from './timeline.ts';
import { defaultTimings, type Timings } from './timings.ts';
import type { EventSource, SimEvent } from './types.ts';

/** The clock's share of SimClusterOptions. */
export interface ClockOptions {
  seed?: number;
  timings?: Partial<Timings>;
  /** Stop the clock once this many events were emitted (a guard against month-long runs at 1 s periods). */
  maxEvents?: number;
  /** How many events the run will likely emit: sizes the timeline once instead of growing it. */
  expectedEvents?: number;
}

export class SimClock {
  now = 0;
  /** What happened, compactly; `events` reads it as SimEvent objects. */
  readonly timeline: Timeline;
  timings: Timings;
  private readonly queue = new EventQueue();
  /** The seeded PRNG (nodes, IPs, start backoff): one stream for the whole run. */
  readonly rand: () => number;
  private readonly listeners: ((e: SimEvent) => void)[] = [];
  private readonly maxEvents: number;
  /** Set when maxEvents stopped the run: the time the clock stopped at. */
  truncatedAt: number | undefined;

  constructor(opts: ClockOptions = {}) {
    this.rand = mulberry32(opts.seed ?? 1);
    this.timings = { ...defaultTimings, ...(opts.timings ?? {}) };
    this.maxEvents = opts.maxEvents ?? Infinity;
    this.timeline = new Timeline(Math.min(opts.expectedEvents ?? 1024, this.maxEvents));
  }

  /** Run everything due up to and including time t; the clock ends at t. */
  runUntil(t: number): void {
    if (this.drain(t + 1e-9)) this.now = Math.max(this.now, t);
  }

  /**
   * The event loop proper, kept apart from runUntil's bookkeeping: a loop whose exit path holds
   * code that never ran when it was optimized gets deoptimized at the end of every run.
   * False when maxEvents stopped the clock.
   */
  private drain(limit: number): boolean {
    const queue = this.queue;
    const events = this.timeline;
    for (;;) {
      const next = queue.peekTime();
      if (next === undefined || next > limit) return true;
      if (events.length >= this.maxEvents) {
        this.truncatedAt ??= this.now;
        return false;
      }
      this.now = Math.max(this.now, next);
      queue.pop()!();
    }
  }

  advance(seconds: number): void {
    this.runUntil(this.now + seconds);
  }

  at(t: number, fn: () => void): void {
    this.queue.push(Math.max(t, this.now), fn);
  }

  /**
   * Many callbacks at once (a scenario's steps): they run exactly as that many `at` calls in a
   * row would, but enter the queue one at a time, each when the one before it runs, so hundreds
   * of pending steps do not deepen the heap that every probe tick goes through.
   */
  atEach(items: readonly { t: number; fn: () => void }[]): void {
    const base = this.queue.reserve(items.length);
    const order = items.map((it, i) => ({ t: Math.max(it.t, this.now), seq: base + i, fn: it.fn })).sort((a, b) => a.t - b.t || a.seq - b.seq);
    let k = 0;
    const feed = (): void => {
      const it = order[k++]!;
      const next = k < order.length ? feed : undefined;
      this.queue.push(it.t, () => {
        next?.();
        it.fn();
      }, it.seq);
    };
    if (order.length) feed();
  }

  after(dt: number, fn: () => void): void {
    this.queue.push(this.now + Math.max(0, dt), fn);
  }

  on(listener: (e: SimEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  setTimings(t: Partial<Timings>): void {
    this.timings = { ...this.timings, ...t };
  }

  /** Every event so far, in order (built from the timeline on first read; read-only). */
  get events(): SimEvent[] {
    return this.timeline.events;
  }

  /** Record an event now (the parts' one way to say what happened). */
  emit(source: EventSource, type: string, detail: Record<string, unknown>): void {
    const i = this.timeline.push(Math.round(this.now * 1000) / 1000, source, type, detail);
    if (this.listeners.length) this.notify(i);
  }

  /** An event whose record the timeline already holds (a probe outcome seen before). */
  emitRef(ref: number): void {
    const i = this.timeline.pushRef(Math.round(this.now * 1000) / 1000, ref);
    if (this.listeners.length) this.notify(i);
  }

  private notify(i: number): void {
    const e = this.timeline.get(i);
    for (const l of this.listeners) l(e);
  }
}
