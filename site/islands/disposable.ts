// What an island's pieces return and how they are torn down (after VS Code's DisposableStore and
// xterm's addons): every listener, observer, timer and child piece a piece makes goes into its
// store, and disposing the store undoes them all, newest first.

export interface Disposable {
  dispose(): void;
}

export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      fn();
    },
  };
}

export class DisposableStore implements Disposable {
  private items: Disposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Keeps `d` until this store is disposed; a store already disposed disposes it at once. */
  add<T extends Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.items.push(d);
    return d;
  }

  /** addEventListener now, removeEventListener (same function, same capture) on dispose. */
  addListener<K extends keyof WindowEventMap>(target: Window, type: K, fn: (e: WindowEventMap[K]) => void, options?: AddEventListenerOptions): Disposable;
  addListener<K extends keyof DocumentEventMap>(target: Document, type: K, fn: (e: DocumentEventMap[K]) => void, options?: AddEventListenerOptions): Disposable;
  addListener<K extends keyof HTMLElementEventMap>(target: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void, options?: AddEventListenerOptions): Disposable;
  addListener(target: EventTarget, type: string, fn: (e: Event) => void, options?: AddEventListenerOptions): Disposable;
  addListener(target: EventTarget, type: string, fn: (e: never) => void, options?: AddEventListenerOptions): Disposable {
    const listener = fn as unknown as EventListener;
    target.addEventListener(type, listener, options);
    return this.add(toDisposable(() => target.removeEventListener(type, listener, options)));
  }

  /** A timeout cleared on dispose (and forgotten once it has run). */
  setTimeout(fn: () => void, ms: number): void {
    const d = toDisposable(() => clearTimeout(id));
    const id = setTimeout(() => {
      this.delete(d);
      fn();
    }, ms);
    this.add(d);
  }

  /** Stops keeping `d` without disposing it (a child whose life ended before the store's). */
  delete(d: Disposable): void {
    const i = this.items.indexOf(d);
    if (i >= 0) this.items.splice(i, 1);
  }

  /** Disposes everything added, newest first; one that throws does not stop the rest. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const d of this.items.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'several disposables failed');
  }
}

/** A typed event: `event(listener)` subscribes and returns the unsubscription. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event = (listener: (value: T) => void): Disposable => {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  };

  fire(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
