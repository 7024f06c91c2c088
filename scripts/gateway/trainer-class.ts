// The class as `kvlab check` sees it, over the trainees' homes: the same exercise resolution
// (exercises-fs.ts), the same folder reading (readTraineeFolder: size cap, no link out) and the
// same checker (checkLab), so the class page and its JSON/JUnit download say exactly what
// `kvlab check --lab LAB --dir STATE/homes` says. Results are cached per file version (a hash
// of the files the lab reads); and a trainee whose lab files have the same inode, size and times
// as at the last look is not read again, so one who did not save costs a few stats per refresh
// (the class page reads every home every 1.5 s: 100 homes read and hashed each time cost the
// gateway's event loop more than the saves did).
import '../../validators/load-all.ts'; // every validator loaded before the first check, as in kvlab check
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { loadTraining } from '../../engine/load-fs.ts';
import { checkLab, CheckCache, type LabResult, type TaskResult } from '../../exercises/check.ts';
import { listTrainees, readTraineeFolder, trainingLabs, type TraineeFolder } from '../../exercises/exercises-fs.ts';
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

/** Every lab of the training, resolved as `kvlab check` resolves it (trainingLabs: derived and explicit exercises). */
export function loadClassLabs(content: string, exercisesDir: string | undefined, variant?: string): LoadedClass {
  const training = loadTraining(content, variant ? { variant } : {});
  const labs: ClassLab[] = trainingLabs(training, exercisesDir ? { exercisesDir } : {})
    .filter((l) => l.lab.tasks.length > 0)
    .map((l) => ({ key: l.id, slug: l.page.slug, title: String(l.page.frontMatter.title ?? l.page.slug), lab: l.lab, paths: [...new Set(Object.values(l.lab.files))] }));
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

/** File times are coarse (a clock tick): a file changed this recently may change again unseen. */
const RACY_NS = 100_000_000n;

/**
 * The lab files' inode, size and times (stat follows a link: a link swapped to another file
 * changes it); undefined when one changed too recently to trust them (as git's "racy" entries).
 */
function filesStamp(dir: string, paths: string[], user: string): string | undefined {
  let out = '';
  const now = BigInt(Date.now()) * 1_000_000n;
  for (const p of paths) {
    try {
      const st = statSync(join(dir, p.split('{{user}}').join(user)), { bigint: true });
      if (now - st.ctimeNs < RACY_NS) return undefined;
      out += `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}|`;
    } catch {
      out += '-|';
    }
  }
  return out;
}

type Checked = { folder: TraineeFolder; result: LabResult; version: string };

export class ClassChecker {
  private readonly results = new Map<string, LabResult>();
  private readonly lastLook = new Map<string, { stamp: string; checked: Checked }>();
  private cache = new CheckCache();
  checks = 0;
  /** Trainee folders read (a test reads it: an unchanged home is not read again). */
  reads = 0;

  constructor(readonly loaded: LoadedClass) {}

  lab(key: string): ClassLab | undefined {
    return this.loaded.labs.find((l) => l.key === key || l.slug === key);
  }

  /** One trainee's lab: the folder as read now and its (cached) result. */
  check(lab: ClassLab, dir: string, user: string): Checked {
    const key = `${dir}\u0000${lab.key}`;
    const stamp = filesStamp(dir, lab.paths, user);
    const last = this.lastLook.get(key);
    if (last && stamp !== undefined && last.stamp === stamp) return last.checked;
    const checked = this.read(lab, dir, user);
    if (stamp === undefined) {
      this.lastLook.delete(key);
      return checked;
    }
    if (this.lastLook.size >= MAX_RESULTS) this.lastLook.delete(this.lastLook.keys().next().value as string);
    this.lastLook.set(key, { stamp, checked });
    return checked;
  }

  private read(lab: ClassLab, dir: string, user: string): Checked {
    this.reads++;
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
