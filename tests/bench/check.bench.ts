// A class of 30 trainee folders × every task of the probes lab, checked as `kvlab check` does it
// (read the files, checkLab with one shared cache), against the validators alone over the same
// files (validateText on every file of every trainee): the peer shows what checking adds on top
// of the validation it needs anyway. Every trainee's files differ (a comment naming the trainee,
// different progress, some with a mistake): parses and validations are never shared across
// trainees; simulations are, where the documents are equal as data (as in a real class).
// Also: one `kvlab check` process over the same class folder, start to exit.
import '../../validators/load-all.ts'; // every validator loaded before the first validateText
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLab, CheckCache } from '../../exercises/check.ts';
import { validateText } from '../../validators/index.ts';
import { listTrainees, readTraineeFiles } from '../../exercises/exercises-fs.ts';
import { probesLab, root, seedMistake, stateAfter, writeFolder } from '../unit/exercises/lab.ts';

const TRAINEES = 30;
const RUNS = 15;

const lab = probesLab();
const tmp = mkdtempSync(join(tmpdir(), 'kvlab-bench-check-'));
const klass = join(tmp, 'class');
const allReqs = lab.tasks.flatMap((t, ti) => t.requirements.filter((r) => r.kind !== 'behaviour').map((r) => ({ ti, r })));
for (let i = 0; i < TRAINEES; i++) {
  const progress = i % lab.tasks.length;
  const files = stateAfter(lab, progress);
  if (i % 3 === 1) {
    const { r } = allReqs.filter((x) => x.ti <= progress)[i % allReqs.filter((x) => x.ti <= progress).length];
    files[r.file] = seedMistake(r, files[r.file]).text;
  }
  for (const p of Object.keys(files)) files[p] = files[p].replace(/^(#cloud-config\n)?/, `$1# trainee-${i}\n`);
  writeFolder(join(klass, `trainee-${String(i).padStart(2, '0')}`), files);
}
const paths = [...new Set(Object.values(lab.files))];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

let simulations = 0;
function checkClass(simulate = true): { ms: number; done: number; tasks: number } {
  const t0 = performance.now();
  const cache = new CheckCache();
  let done = 0;
  let tasks = 0;
  for (const t of listTrainees(klass, 'labs')) {
    const r = checkLab(lab, readTraineeFiles(t.dir, paths), { cache, ...(simulate ? {} : { simulate: false as const }) });
    done += r.done;
    tasks += r.tasks.length;
  }
  simulations = cache.simulated.size;
  return { ms: performance.now() - t0, done, tasks };
}

function validateClass(): number {
  const t0 = performance.now();
  for (const t of listTrainees(klass, 'labs')) {
    const files = readTraineeFiles(t.dir, paths);
    for (const [file, text] of Object.entries(files)) {
      const ud = file.endsWith('-probe.yaml') ? files[lab.files.cloudinit] : file.endsWith('-watchdog.yaml') ? files[lab.files.watchdogCloudinit] : undefined;
      validateText(text, { file, ...(ud !== undefined ? { userData: [{ text: ud, file }] } : {}) });
    }
  }
  return performance.now() - t0;
}

// warm-up (schema compilation, JIT)
checkClass();
validateClass();
const check: number[] = [];
const structural: number[] = [];
const peer: number[] = [];
let last = checkClass();
for (let i = 0; i < RUNS; i++) {
  structural.push(checkClass(false).ms);
  last = checkClass();
  check.push(last.ms);
  peer.push(validateClass());
}
const c = median(check);
const v = median(peer);
console.log(`class of ${TRAINEES} trainees × ${lab.tasks.length} tasks (${last.tasks} task checks, ${last.done} done), behaviour requirements simulated: ${simulations} distinct runs (runs are shared by equal documents, whatever their comments and layout)`);
console.log(`  kvlab check (read + checkLab, in process): median ${c.toFixed(1)} ms per class, ${(c / TRAINEES).toFixed(2)} ms per trainee (${RUNS} runs)`);
console.log(`  the same without behaviour requirements (simulate: false): median ${median(structural).toFixed(1)} ms per class`);
console.log(`  peer: validateText alone on the same files: median ${v.toFixed(1)} ms per class`);
console.log(`  ratio check / validators-only: ${(c / v).toFixed(2)}x`);

const t0 = performance.now();
const p = spawnSync(process.execPath, [join(root, 'scripts', 'kvlab.mjs'), 'check', '--lab', '08', '--dir', klass, '--format', 'json'], { cwd: root, encoding: 'utf8' });
const wall = performance.now() - t0;
console.log(`  one \`kvlab check\` process over the class (start-up included): ${wall.toFixed(0)} ms, exit ${p.status}`);
console.log(`  (load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on this machine)`);
rmSync(tmp, { recursive: true, force: true });
