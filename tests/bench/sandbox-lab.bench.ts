// `npm run bench sandbox-lab`: the time a whole training's command sequence takes in the sandbox
// (what `kvlab lint --commands` runs): kvlab's own KubeVirt lab training fixture (or the training
// in KVLAB_REAL_TRAINING=DIR), every page's bash blocks in order with the files its YAML blocks
// hold, plus the DataVolume import lab alone as the sequence one page's trainee runs. Absolute
// figures (no peer): wall and CPU medians.
import '../../validators/load-all.ts';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { loadTraining } from '../../engine/load-fs.ts';
import { runLab } from '../../sandbox/lab-commands.ts';
import { validateText } from '../../validators/index.ts';
import { labBlocks } from '../../scripts/lib/lab-blocks.ts';

const root = join(import.meta.dirname, '..', '..');
const dir = process.env.KVLAB_REAL_TRAINING ?? join(root, 'tests', 'fixtures', 'kubevirt-lab-training');
const kubevirt = loadTraining(dir);
const all = labBlocks(kubevirt);
// one lab page: ours, or the real training's probes lab
const onePage = process.env.KVLAB_REAL_TRAINING ? 'monitoring/probes' : 'disks/import-disk';
const page1 = labBlocks(kubevirt, (slug) => slug.endsWith(onePage));

async function measure(blocks: typeof all, runs: number) {
  const wall: number[] = [];
  const cpu: number[] = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = await runLab(blocks, { user: 'user1', validate: validateText, speed: 10, pause: 3, watchLimit: 30 });
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { wall, cpu, last: last! };
}
const med = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;

await measure(page1, 1); // warm-up (validator modules, JIT)
const whole = await measure(all, 5);
const one = await measure(page1, 5);
console.log(`sandbox-lab: ${dir} through the sandbox (${all.length} code blocks, ${whole.last.steps.length} lines run)`);
console.log(`  whole training:  median ${med(whole.wall).toFixed(0)} ms wall, ${med(whole.cpu).toFixed(0)} ms CPU (min ${whole.wall[0]!.toFixed(0)}, max ${whole.wall.at(-1)!.toFixed(0)}; ${whole.last.failures.length} commands fail)`);
console.log(`  ${onePage} only: median ${med(one.wall).toFixed(0)} ms wall, ${med(one.cpu).toFixed(0)} ms CPU (${one.last.steps.length} lines)`);
console.log('  peer: none named; absolute figures on a loaded machine');
