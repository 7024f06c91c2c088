// `kvlab check --lab LAB --dir DIR [--variant V] [--user U] [--task ID] [--format text|json|junit]
//  [--content DIR] [--exercises DIR]`: is each task of a lab done in a trainee's working folder
// (or, for a class, in each trainee's sub-folder)? With --namespace NS (or --objects FILE) the
// same checker judges what the cluster holds instead (exercises/live.ts).
// Exit 0 all done, 1 some not, 2 bad input. Examples (exercise `graded: false`) are reported
// apart and never make it 1.
import '../../validators/load-all.ts'; // every validator loaded before the first validateText
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { loadTraining } from '../../engine/load-fs.ts';
import { checkLab, checkTraining, CheckCache, failsTrainee } from '../../exercises/check.ts';
import { filesFromObjects, objectsFromText } from '../../exercises/live.ts';
import { createOutput } from '../lib/check-output.ts';
import { argsOrExit } from '../lib/args.ts';
import { parseCheckArgs, usage } from '../lib/check-args.ts';
import { listTrainees, pickLab, readTraineeFolder, trainingLabs, type TrainingLab } from '../../exercises/exercises-fs.ts';
import { readFileCapped, readStdinCapped, shownSize } from '../../validators/capped-read-fs.ts';
import { readProgressClass } from '../../exercises/progress-class-fs.ts';
import type { TraineeFolder } from '../../exercises/exercises-fs.ts';
import { escapeControl } from '../lib/terminal-text.ts';
import { kubectlGetArgs } from '../lib/live-check.ts';

/** A saved `kubectl get … -o yaml` of a namespace is bigger than one manifest; kubectl's own output is capped the same. */
const MAX_OBJECTS_BYTES = 64 * 1024 * 1024;

export const summary = "check trainees' lab folders against a lab's exercises (text, json or junit report)";

/** The lab as reports name it: its labfoldernumber when it has one (JUnit package kvlab.lab08), else its id. */
const labLabel = (l: TrainingLab) => (l.id === l.lab.lab.labfoldernumber ? l.id : l.lab.lab.labfoldernumber && l.id === l.page.slug ? `${l.lab.lab.labfoldernumber}-${l.page.slug.split('/').pop()}` : l.id);

function fail(message: string): number {
  console.error(`kvlab check: ${escapeControl(message, true)}`);
  return 2;
}

export async function run(argv: string[]): Promise<number> {
  const args = argsOrExit('check', parseCheckArgs(argv), usage);
  if (typeof args === 'number') return args;
  if (args.dir && (!existsSync(args.dir) || !statSync(args.dir).isDirectory())) return fail(`--dir ${args.dir}: no such folder`);
  if (!existsSync(args.content)) return fail(`--content ${args.content}: no such folder`);

  let training;
  try {
    training = loadTraining(args.content, args.variant ? { variant: args.variant } : {});
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  if (args.variant && training.variant !== args.variant) {
    return fail(`unknown --variant "${args.variant}"; variants: ${training.variants.join(', ')}`);
  }
  const labs = trainingLabs(training, args.exercises ? { exercisesDir: args.exercises } : {});
  const checkable = labs.filter((l) => l.lab.tasks.some((t) => t.checkedBy !== 'none'));
  const known = () => checkable.map((l) => `${l.page.slug}${l.lab.lab.labfoldernumber ? ` (${l.lab.lab.labfoldernumber})` : ''}`).join(', ') || 'none';
  for (const l of labs) {
    const errors = l.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length && (args.lab === 'all' || pickLab([l], args.lab).lab)) {
      return fail(`the exercise of lab ${l.id} does not resolve; run kvlab lint:\n${errors.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n')}`);
    }
  }
  let chosen: TrainingLab[];
  if (args.lab === 'all') {
    if (args.task) return fail('--task goes with one lab, not --lab all');
    if (!args.dir) return fail('--lab all checks folders (--dir); give one lab for --namespace or --objects');
    chosen = checkable;
  } else {
    const picked = pickLab(labs, args.lab);
    if (!picked.lab) return fail(`no lab "${args.lab}" in ${args.content}; labs: ${known()}`);
    if (picked.note) console.error(`kvlab check: ${escapeControl(picked.note)}`);
    if (!picked.lab.lab.tasks.some((t) => t.checkedBy !== 'none')) return fail(`lab "${args.lab}" (${picked.lab.page.slug}) has no checked task; labs with checked tasks: ${known()}`);
    chosen = [picked.lab];
  }
  const lab = chosen[0]?.lab;
  if (!lab) return fail(`no lab of ${args.content} has a checked task`);
  if (args.task && !lab.tasks.some((t) => t.id === args.task)) {
    return fail(`no task "${args.task}" in lab ${chosen[0].id}; tasks: ${lab.tasks.map((t) => t.id).join(', ')}`);
  }
  if (!args.dir) {
    // live objects: from the cluster (kubectl) or a saved kubectl output
    let text: string;
    let where: string;
    if (args.namespace) {
      const kubectl = args.kubectl ?? 'kubectl';
      const r = spawnSync(kubectl, kubectlGetArgs(args.namespace, args.context), { encoding: 'utf8', maxBuffer: MAX_OBJECTS_BYTES });
      if (r.error) return fail(`cannot run ${kubectl}: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message} (install kubectl, or give --kubectl PATH)`);
      if (r.status !== 0) return fail(`${kubectl} get … -n ${args.namespace} failed: ${r.stderr.trim() || `exit ${r.status}`}`);
      text = r.stdout;
      where = `namespace ${args.namespace}${args.context ? ` (context ${args.context})` : ''}`;
    } else {
      try {
        const r = args.objects === '-' ? await readStdinCapped(MAX_OBJECTS_BYTES) : readFileCapped(args.objects!, MAX_OBJECTS_BYTES);
        if (r.tooLarge) return fail(`--objects ${args.objects} is larger than ${shownSize(MAX_OBJECTS_BYTES)}; reading stopped there (give one namespace's objects)`);
        text = r.text;
      } catch (e) {
        return fail(`cannot read --objects ${args.objects}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      where = args.objects === '-' ? 'stdin' : args.objects!;
    }
    const { objects, error } = objectsFromText(text);
    if (error) return fail(`${where}: not a kubectl get -o yaml|json output: ${error}`);
    const live = filesFromObjects(lab, objects);
    const t0 = performance.now();
    const result = checkLab(lab, live.files, {});
    const tasks = args.task ? result.tasks.filter((x) => x.id === args.task) : result.tasks;
    const out = createOutput(args.format, { lab: labLabel(chosen[0]), hostname: hostname() });
    out.write({ user: args.user ?? args.namespace ?? 'cluster', result: { ...result, tasks }, timeMs: performance.now() - t0 });
    if (args.format === 'text') {
      const found = Object.entries(live.sources).map(([p, src]) => `  ${p} ← ${src}`);
      console.error(`kvlab check: ${objects.length} object(s) from ${escapeControl(where)}${found.length ? `; judged as the lab's files:\n${found.map((l) => escapeControl(l)).join('\n')}` : '; none of them is one of the lab\'s objects'}`);
    }
    process.stdout.write(out.flush());
    return tasks.some(failsTrainee) ? 1 : 0;
  }

  const labsFolder = String(training.params.labsfoldername ?? 'labs');
  const paths = [...new Set(chosen.flatMap((l) => Object.values(l.lab.files)))];
  // a folder of "Export progress" files is a class too (exercises/progress-class-fs.ts)
  const exported = readProgressClass(args.dir, chosen.flatMap((l) => [l.lab.lab.labfoldernumber, l.lab.lab.slug]), training.variant, paths, args.user);
  for (const p of exported?.problems ?? []) console.error(`kvlab check: ${escapeControl(p)}`);
  const trainees: { user: string; dir: string; folder?: TraineeFolder }[] = exported ? exported.trainees.map((t) => ({ user: t.user, dir: t.file, folder: t })) : listTrainees(args.dir, labsFolder, args.user);
  if (trainees.length === 0) {
    return fail(
      args.user
        ? `no trainee "${args.user}" in ${args.dir}`
        : `${args.dir} holds neither ${labsFolder}/ (one trainee's working folder) nor trainee sub-folders nor exported progress files (*.json from "Export progress")`,
    );
  }

  const out = createOutput(args.format, { lab: args.lab === 'all' ? 'all' : labLabel(chosen[0]), hostname: hostname() });
  const cache = new CheckCache();
  let failed = false;
  for (const t of trainees) {
    const t0 = performance.now();
    const { files, unreadable } = t.folder ?? readTraineeFolder(t.dir, paths, t.user);
    const result = args.lab === 'all' ? checkTraining(chosen.map((l) => ({ id: l.id, lab: l.lab })), files, { cache, unreadable }) : checkLab(lab, files, { cache, unreadable });
    const tasks = args.task ? result.tasks.filter((x) => x.id === args.task) : result.tasks;
    // an example (graded: false) is reported apart and never fails the class
    if (tasks.some(failsTrainee)) failed = true;
    out.write({ user: t.user, result: { ...result, tasks }, timeMs: performance.now() - t0 });
  }
  process.stdout.write(out.flush());
  return failed ? 1 : 0;
}

