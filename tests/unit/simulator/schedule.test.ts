import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../../simulator/index.ts';

// atEach feeds a scenario's steps to the queue one at a time; the order things run in must be
// exactly that of calling `at` once per step, ties and unsorted input included.
describe('SimCluster.atEach', () => {
  const run = (useAtEach: boolean, steps: number[], others: [number, number][]) => {
    const c = new SimCluster();
    const log: string[] = [];
    // something scheduled before the steps, and things scheduled while they run
    c.at(steps[0] ?? 0, () => log.push(`first@${c.now}`));
    const items = steps.map((t, i) => ({
      t,
      fn: () => {
        log.push(`step${i}@${c.now}`);
        for (const [j, dt] of others) if (j === i) c.after(dt, () => log.push(`after${i}+${dt}@${c.now}`));
      },
    }));
    if (useAtEach) c.atEach(items);
    else for (const it of items) c.at(it.t, it.fn);
    c.at(5, () => log.push(`last@${c.now}`));
    c.runUntil(1000);
    return log;
  };

  it('runs in the same order as one at() per step', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(30), fc.integer({ min: 0, max: 5 })), { maxLength: 10 }),
        (steps, others) => {
          expect(run(true, steps, others)).toEqual(run(false, steps, others));
        },
      ),
    );
  });

  it('keeps ties in the order given', () => {
    expect(run(true, [3, 1, 3, 1], [])).toEqual(['step1@1', 'step3@1', 'first@3', 'step0@3', 'step2@3', 'last@5']);
  });
});
