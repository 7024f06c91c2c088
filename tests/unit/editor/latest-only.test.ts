import { describe, expect, it } from 'vitest';
import { LatestOnly } from '../../../site/islands/editor/latest-only.ts';

describe('LatestOnly (validation scheduling)', () => {
  it('runs the first input at once and only the newest of those that arrive meanwhile', async () => {
    const ran: number[] = [];
    const gates: (() => void)[] = [];
    const q = new LatestOnly<number>(async (n) => {
      ran.push(n);
      await new Promise<void>((r) => gates.push(r));
    });
    q.push(1);
    q.push(2);
    q.push(3);
    q.push(4);
    expect(ran).toEqual([1]);
    gates.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(ran).toEqual([1, 4]);
    gates.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    q.push(5);
    expect(ran).toEqual([1, 4, 5]);
    gates.shift()!();
  });

  it('keeps going after a failed run', async () => {
    const ran: number[] = [];
    const q = new LatestOnly<number>(async (n) => {
      ran.push(n);
      if (n === 1) throw new Error('boom');
    });
    const err = console.error;
    console.error = () => {};
    q.push(1);
    await new Promise((r) => setTimeout(r, 0));
    q.push(2);
    await new Promise((r) => setTimeout(r, 0));
    console.error = err;
    expect(ran).toEqual([1, 2]);
  });
});
