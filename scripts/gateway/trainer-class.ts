// The class as `kvlab check` sees it, over the trainees' homes: the same exercise resolution
// (exercises-fs.ts), the same folder reading (readTraineeFolder: size cap, no link out) and the
// same checker (checkLab), so the class page and its JSON/JUnit download say exactly what
// `kvlab check --lab LAB --dir STATE/homes` says. Results are cached per file version (a hash
// of the files the lab reads), so a trainee who did not save costs a few stats per refresh.
import '../../validators/load-all.ts'; // every validator loaded before the first check, as in kvlab check
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { loadTraining } from '../../engine/load-fs.ts';
import { checkLab, CheckCache, type LabResult, type TaskResult } from '../../exercises/check.ts';
import { exerciseMatches, listExercises, listTrainees, readTraineeFolder, resolvePageExercise, type TraineeFolder } from '../../exercises/exercises-fs.ts';
import type { ResolvedLab } from '../../exercises/types.ts';
import { createOutput } from '../lib/check-output.ts';

export interface ClassLab {
  /** As `--lab` takes it: the folder number (08), else the slug. */
  key: string;
  slug: string;
  title: string;
  lab: ResolvedLab;
  paths: string[];
}

export interface LoadedClass {
  labs: ClassLab[];
  labsFolder: string;
}

/** Every lab of the training that has an exercise, resolved as `kvlab check` resolves it. */
export function loadClassLabs(content: string, exercisesDir: string, variant?: string): LoadedClass {
  const training = loadTraining(content, variant ? { variant } : {});
  const exercises = listExercises(exercisesDir);
  const labs: ClassLab[] = [];
  for (const page of training.pages) {
    const ex = exercises.find((e) => exerciseMatches(e, page));
    if (!ex) continue;
    const { outcome } = resolvePageExercise(training, page, ex);
    if (!outcome.lab) continue;
    const lab = outcome.lab;
    labs.push({ key: lab.lab.labfoldernumber || page.slug, slug: page.slug, title: String(page.frontMatter.title ?? page.slug), lab, paths: [...new Set(Object.values(lab.files))] });
  }
  return { labs, labsFolder: String(training.params.labsfoldername ?? 'labs') };
}

export type TaskState =
  | { id: string; state: 'passed' | 'not-started' }
  | { id: string; state: 'failed'; requirement: string; file?: string; line?: number; column?: number; detail?: string };

/** A task's cell on the class page: passed, failed with its first failing requirement, or not started. */
export function taskState(t: TaskResult, folder: TraineeFolder, lab: ResolvedLab): TaskState {
  const task = lab.tasks.find((x) => x.id === t.id);
  const touched = task?.files.some((f) => f.path in folder.files || f.path in folder.unreadable) ?? false;
  if (!t.checked || !touched) return { id: t.id, state: t.passed && t.checked ? 'passed' : 'not-started' };
  if (t.passed) return { id: t.id, state: 'passed' };
  const r = t.requirements.find((q) => !q.passed && !q.skipped);
  return { id: t.id, state: 'failed', requirement: r?.text ?? 'not done', ...(r?.file ? { file: r.file } : {}), ...(r?.line ? { line: r.line } : {}), ...(r?.column ? { column: r.column } : {}), ...(r?.detail ? { detail: r.detail } : {}) };
}

const MAX_RESULTS = 4000;

export class ClassChecker {
  private readonly results = new Map<string, LabResult>();
  private cache = new CheckCache();
  checks = 0;

  constructor(readonly loaded: LoadedClass) {}

  lab(key: string): ClassLab | undefined {
    return this.loaded.labs.find((l) => l.key === key || l.slug === key);
  }

  /** One trainee's lab: the folder as read now and its (cached) result. */
  check(lab: ClassLab, dir: string, user: string): { folder: TraineeFolder; result: LabResult; version: string } {
    const folder = readTraineeFolder(dir, lab.paths, user);
    const version = createHash('sha256').update(lab.key).update('\0').update(JSON.stringify(folder)).digest('base64url').slice(0, 22);
    let result = this.results.get(version);
    if (!result) {
      // the core's cache keeps every text it saw: start a fresh one now and then
      if (this.cache.validated.size > 2000 || this.cache.parsed.size > 2000) this.cache = new CheckCache();
      result = checkLab(lab.lab, folder.files, { cache: this.cache, unreadable: folder.unreadable });
      this.checks++;
      if (this.results.size >= MAX_RESULTS) this.results.delete(this.results.keys().next().value as string);
      this.results.set(version, result);
    }
    return { folder, result, version };
  }

  /** `kvlab check --lab KEY --dir HOMES --format F`'s output, byte for byte (JUnit's timestamp aside). */
  report(lab: ClassLab, homes: string, format: 'json' | 'junit'): string {
    const out = createOutput(format, { lab: lab.lab.lab.labfoldernumber, hostname: hostname() });
    for (const t of listTrainees(homes, this.loaded.labsFolder)) {
      const t0 = performance.now();
      const { result } = this.check(lab, join(homes, t.user), t.user);
      out.write({ user: t.user, result, timeMs: performance.now() - t0 });
    }
    return out.flush();
  }
}
