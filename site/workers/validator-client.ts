// The main-thread side of the validator worker: promises per request. The page's islands share
// one worker (pageValidators()): the editor's markers and Check and the terminal's kubectl apply
// load the validators once, off the main thread.
import type { Envelope, Reply, Request, ResultOf } from './protocol.ts';

export class ValidatorClient {
  private worker: Worker;
  private next = 1;
  private pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor(name = 'kvlab-validators') {
    this.worker = new Worker(new URL('./validator.worker.ts', import.meta.url), {
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

let shared: ValidatorClient | undefined;

/** The page's validator worker, started on first use. */
export function pageValidators(): ValidatorClient {
  if (!shared) {
    shared = new ValidatorClient();
    // a training that sets its cluster profile (site params kvlab.profile) is judged against it
    const params = pageParams();
    if (params?.kvlab) void shared.request({ type: 'profile', params }).catch(() => undefined);
  }
  return shared;
}

function pageParams(): Record<string, unknown> | undefined {
  try {
    const page = JSON.parse(document.getElementById('kvlab-page')?.textContent || '{}') as { params?: Record<string, unknown> };
    return page.params;
  } catch {
    return undefined;
  }
}
