import { afterEach, describe, expect, it, vi } from 'vitest';
import { DisposableStore, Emitter, toDisposable } from '../../../site/islands/disposable.ts';

afterEach(() => vi.useRealTimers());

describe('DisposableStore', () => {
  it('disposes what it holds once, newest first', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('a')));
    store.add(toDisposable(() => order.push('b')));
    store.dispose();
    store.dispose();
    expect(order).toEqual(['b', 'a']);
    expect(store.isDisposed).toBe(true);
  });

  it('disposes at once what is added after it was disposed', () => {
    const store = new DisposableStore();
    store.dispose();
    const fn = vi.fn();
    store.add(toDisposable(fn));
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('removes a listener with the same function and capture flag it added', () => {
    const target = new EventTarget();
    const store = new DisposableStore();
    const seen: string[] = [];
    store.addListener(target, 'ping', (e) => seen.push(e.type), { capture: true });
    target.dispatchEvent(new Event('ping'));
    store.dispose();
    target.dispatchEvent(new Event('ping'));
    expect(seen).toEqual(['ping']);
  });

  it('one listener disposed early leaves the others', () => {
    const target = new EventTarget();
    const store = new DisposableStore();
    const seen: string[] = [];
    const a = store.addListener(target, 'ping', () => seen.push('a'));
    store.addListener(target, 'ping', () => seen.push('b'));
    a.dispose();
    target.dispatchEvent(new Event('ping'));
    expect(seen).toEqual(['b']);
    store.dispose();
  });

  it('clears a pending timeout on dispose and forgets one that ran', () => {
    vi.useFakeTimers();
    const store = new DisposableStore();
    const ran = vi.fn();
    const cancelled = vi.fn();
    store.setTimeout(ran, 10);
    vi.advanceTimersByTime(10);
    store.setTimeout(cancelled, 10);
    store.dispose();
    vi.advanceTimersByTime(100);
    expect(ran).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('disposes the rest when one throws, then reports the failure', () => {
    const store = new DisposableStore();
    const after = vi.fn();
    store.add(toDisposable(after));
    store.add(toDisposable(() => {
      throw new Error('boom');
    }));
    expect(() => store.dispose()).toThrow('boom');
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('delete stops keeping a disposable without disposing it', () => {
    const store = new DisposableStore();
    const fn = vi.fn();
    const d = store.add(toDisposable(fn));
    store.delete(d);
    store.dispose();
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('Emitter', () => {
  it('calls subscribers until they unsubscribe or it is disposed', () => {
    const e = new Emitter<number>();
    const a: number[] = [];
    const b: number[] = [];
    const subA = e.event((v) => a.push(v));
    e.event((v) => b.push(v));
    e.fire(1);
    subA.dispose();
    e.fire(2);
    e.dispose();
    e.fire(3);
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
  });
});
