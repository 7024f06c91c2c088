// The main-thread side of the validator worker: one worker per page, promises per request.
import type { Envelope, Reply, Request, ResultOf } from '../../workers/protocol.ts';

export class ValidatorClient {
  private worker: Worker;
  private next = 1;
  private pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor(name = 'kvlab-validators') {
    this.worker = new Worker(new URL('../../workers/validator.worker.ts', import.meta.url), {
      type: 'module',
      name,
    });
    this.worker.onmessage = (e: MessageEvent<Reply>) => {
      const p = this.pending.get(e.data.id);
      if (!p) return;
      this.pending.delete(e.data.id);
      if (e.data.ok) p.resolve(e.data.result);
      else p.reject(new Error(e.data.error));
    };
    this.worker.onerror = (e) => {
      const err = new Error(`validator worker failed: ${e.message || 'could not load'}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  request<R extends Request>(req: R): Promise<ResultOf<R>> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, ...req } as Envelope);
    });
  }
}

/**
 * Runs `work` for the newest input only: while one run is in flight, later inputs replace each
 * other and only the last runs next. Typing fast never queues stale validations, and the first
 * keystroke after a pause is validated at once (no debounce delay).
 */
export class LatestOnly<I> {
  private running = false;
  private queued: { input: I } | undefined;
  constructor(private readonly work: (input: I) => Promise<void>) {}

  push(input: I): void {
    this.queued = { input };
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queued) {
      const { input } = this.queued;
      this.queued = undefined;
      try {
        await this.work(input);
      } catch (e) {
        console.error('kvlab editor:', e);
      }
    }
    this.running = false;
  }
}
