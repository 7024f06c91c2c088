// Deriving exercises for a whole training (kvlab's own KubeVirt lab training, 16 tasks, or the
// training in KVLAB_REAL_TRAINING=DIR, e.g. acend's KubeVirt Basics with 45 pages, 71 tasks):
// trainingLabs (render each page's shortcodes, derive, validate each reference once) against
// its peer, rendering every page's shortcodes alone (what the build does anyway). The build
// pays the difference once per variant: the budget is under a second for 50 pages.
import '../../validators/load-all.ts';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadTraining, trainingFileReader } from '../../engine/load-fs.ts';
import { renderInput } from '../../engine/pages.ts';
import { renderShortcodes } from '../../engine/shortcodes.ts';
import { trainingLabs } from '../../exercises/exercises-fs.ts';

const RUNS = 7;
const training = loadTraining(process.env.KVLAB_REAL_TRAINING ?? join(import.meta.dirname, '..', 'fixtures', 'kubevirt-lab-training'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f: () => void) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
trainingLabs(training); // warm: validators' lazy parts, JIT
const derive: number[] = [];
const render: number[] = [];
let labs = 0;
for (let i = 0; i < RUNS; i++) {
  derive.push(time(() => (labs = trainingLabs(training).length)));
  const read = trainingFileReader(training);
  render.push(time(() => training.pages.forEach((p) => renderShortcodes(renderInput(training, p, '/', read)))));
}
const d = median(derive);
const r = median(render);
console.log(`derive exercises: ${training.pages.length} pages, ${labs} labs with tasks`);
console.log(`  trainingLabs (render + derive + validate references): median ${d.toFixed(0)} ms (${RUNS} runs); per 50 pages ≈ ${((d / training.pages.length) * 50).toFixed(0)} ms`);
console.log(`  peer: rendering every page's shortcodes alone: median ${r.toFixed(0)} ms`);
console.log(`  added by deriving: ${(d - r).toFixed(0)} ms; ratio ${(d / r).toFixed(1)}x`);
console.log(`  (load average: ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
