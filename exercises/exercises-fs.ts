// File-system side of exercises: finding a lab's exercise file, rendering its page through the
// content engine, resolving it, and reading trainees' working folders. The cores
// (exercises/resolve.ts, exercises/check.ts) take text and objects only.
import '../validators/load-all.ts'; // every validator loaded before the first validateText (derived references)
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { renderShortcodes } from '../engine/shortcodes.ts';
import { renderInput } from '../engine/pages.ts';
import { trainingFileReader } from '../engine/load-fs.ts';
import type { Training, TrainingPage } from '../engine/types.ts';
import { profileFromParams, validateText, type ClusterProfile } from '../validators/index.ts';
import { isObj } from '../validators/raw.ts';
import { deriveLab, labIds, type DerivedLab } from './derive.ts';
import type { ResolvedLab, ResolvedTask } from './types.ts';
import { resolveLabDetailed, type PageRenderLike, type ResolveOutcome } from './resolve.ts';
import type { Diagnostic } from '../engine/types.ts';
import { MAX_BYTES } from '../validators/index.ts';
import { readFileCapped } from '../validators/capped-read-fs.ts';

// Bundled into the site build, import.meta.dirname may be gone: the build runs at the root.
export const projectRoot = import.meta.dirname ? resolve(import.meta.dirname, '..') : process.cwd();

/** Exercise files travel with the training: `<content folder>/exercises/*.yaml`. */
export function exercisesDirOf(training: { dir: string }): string {
  return join(training.dir, 'exercises');
}

export interface ExerciseFile {
  file: string;
  /** Path relative to the project root (or absolute when outside it), for diagnostics. */
  displayFile: string;
  text: string;
  lab: { slug?: string; labfoldernumber?: string };
}

export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** Every exercise file in a folder (*.yaml), with the lab it names (unparseable ones too, lab {}). */
export function listExercises(dir: string): ExerciseFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      const text = readFileSync(file, 'utf8');
      let lab: ExerciseFile['lab'] = {};
      try {
        const data = parseYaml(text, { maxAliasCount: 1000 }) as { lab?: ExerciseFile['lab'] } | null;
        if (data && typeof data === 'object' && data.lab && typeof data.lab === 'object') lab = data.lab;
      } catch {
        // reported when the file is resolved
      }
      return { file, displayFile: displayPath(file), text, lab };
    });
}

export function pageLabNumber(page: TrainingPage): string | undefined {
  const n = page.frontMatter.labfoldernumber;
  return n === undefined || n === null ? undefined : String(n);
}

/** Does an exercise file belong to this page (by slug, or by labfoldernumber)? */
export function exerciseMatches(ex: ExerciseFile, page: TrainingPage): boolean {
  if (ex.lab.slug !== undefined) return ex.lab.slug === page.slug;
  return ex.lab.labfoldernumber !== undefined && ex.lab.labfoldernumber === pageLabNumber(page);
}

/** The page `--lab` names: its labfoldernumber as the folder shows it (08) or its slug. */
export function findLabPage(training: Training, lab: string): TrainingPage | undefined {
  return training.pages.find((p) => p.slug === lab || pageLabNumber(p) === lab) ?? training.pages.find((p) => p.slug.split('/').pop() === lab);
}

export function pageParams(training: Training, page: TrainingPage): Record<string, unknown> {
  return { ...training.params, ...page.frontMatter };
}

export interface RenderedPage {
  render: PageRenderLike;
  diagnostics: Diagnostic[];
}

/** Render a page with the content engine; code block lines become lines of the page file. */
export function renderPage(training: Training, page: TrainingPage): RenderedPage {
  // the page as the site renders it (readfile'd blocks included), without the editor slots
  const out = renderShortcodes({ ...renderInput(training, page, '/', readerOf(training)), taskSlots: false });
  return { render: out, diagnostics: out.diagnostics };
}

const readers = new WeakMap<Training, (p: string) => string | undefined>();
function readerOf(training: Training) {
  let r = readers.get(training);
  if (!r) readers.set(training, (r = trainingFileReader(training)));
  return r;
}

export interface LabExercise {
  page: TrainingPage;
  exercise: ExerciseFile;
  rendered: RenderedPage;
  outcome: ResolveOutcome;
}

export function resolvePageExercise(training: Training, page: TrainingPage, exercise: ExerciseFile): LabExercise {
  const rendered = renderPage(training, page);
  const outcome = resolveLabDetailed(exercise.text, rendered.render, pageParams(training, page), { file: exercise.displayFile });
  if (outcome.lab && !outcome.lab.lab.slug) outcome.lab.lab.slug = page.slug;
  return { page, exercise, rendered, outcome };
}

/** One lab of a training: the page, its id, and its exercise (derived, with explicit tasks over it). */
export interface TrainingLab {
  page: TrainingPage;
  /** labfoldernumber, or the slug when other pages share it (labIds). */
  id: string;
  lab: ResolvedLab;
  derived: DerivedLab;
  /** The exercise file of the page, when the training has one, and what resolving it said. */
  explicit?: LabExercise;
  /** The page rendered for the variant (tasks, code blocks). */
  render: PageRenderLike;
  /** Problems of the explicit exercise (errors mean its tasks are left out). */
  diagnostics: Diagnostic[];
}

/** The validators' first error on a text (a reference of a derived task). */
function firstError(text: string, path: string, profile?: ClusterProfile): { line: number; column: number; message: string } | undefined {
  for (const d of validateText(text, { file: path, ...(profile ? { profile } : {}) })) for (const f of d.findings) if (f.severity === 'error') return { line: f.line, column: f.column, message: `${f.stage}: ${f.message}` };
  return undefined;
}

/**
 * The cluster the training runs on (its site params' `kvlab.profile`): what its files are
 * validated against by check, lint, `kvlab validate --content` and `kvlab sandbox`. Undefined
 * when the training sets none (kvlab's default profile; the default needs no copy in every lab's JSON).
 */
export function trainingProfile(training: Pick<Training, 'params'>): ClusterProfile | undefined {
  return isObj(training.params.kvlab) && training.params.kvlab.profile !== undefined ? profileFromParams(training.params).profile : undefined;
}

/**
 * Every page with tasks, in the training's order, with its exercise: derived from the page
 * (exercises/derive.ts; a file edited again starts where an earlier page left it), and the
 * tasks of the page's exercise file (`<content>/exercises/*.yaml`) in place of the derived ones.
 */
export function trainingLabs(training: Training, opts: { exercisesDir?: string; only?: (page: TrainingPage) => boolean } = {}): TrainingLab[] {
  const profile = trainingProfile(training);
  const exercises = listExercises(opts.exercisesDir ?? exercisesDirOf(training));
  const ids = labIds(training.pages);
  const carried: Record<string, string> = {};
  const out: TrainingLab[] = [];
  for (const page of training.pages) {
    if (!/\{\{[<%]\s*task\s*[%>]\}\}/.test(page.source)) continue;
    const rendered = renderPage(training, page);
    if (!rendered.render.tasks.length) continue;
    const derived = deriveLab({
      slug: page.slug,
      labfoldernumber: pageLabNumber(page),
      title: page.title,
      tasks: rendered.render.tasks as never,
      codeBlocks: rendered.render.codeBlocks,
      carried: { ...carried },
      validate: (text: string, path: string) => firstError(text, path, profile),
    });
    const exercise = exercises.find((ex) => exerciseMatches(ex, page));
    const explicit = exercise ? resolvePageExercise(training, page, exercise) : undefined;
    // a page task the exercise file leaves out is derived: not a problem of the file any more
    const diagnostics = (explicit?.outcome.diagnostics ?? []).filter((d) => !/has no exercise; add one/.test(d.message));
    const good = explicit?.outcome.lab && !diagnostics.some((d) => d.severity === 'error') ? explicit.outcome.lab : undefined;
    const lab = { ...(good ? mergeLabs(derived.lab, good) : derived.lab), ...(profile ? { profile } : {}) };
    for (const t of lab.tasks) for (const f of t.files) carried[f.path] = f.solution;
    if (!opts.only || opts.only(page)) out.push({ page, id: ids.get(page.slug) ?? page.slug, lab, derived, render: rendered.render, ...(explicit ? { explicit } : {}), diagnostics });
  }
  return out;
}

/** The explicit exercise's tasks replace the derived ones with the same id; the others stay, in page order. */
export function mergeLabs(derived: ResolvedLab, explicit: ResolvedLab): ResolvedLab {
  const byId = new Map(explicit.tasks.map((t) => [t.id, t]));
  const kept = derived.tasks.filter((t) => !byId.has(t.id));
  if (!kept.some((t) => t.checkedBy !== 'none' || t.writes)) return explicit;
  const tasks: ResolvedTask[] = derived.tasks.map((t) => byId.get(t.id) ?? t);
  for (const t of explicit.tasks) if (!derived.tasks.some((d) => d.id === t.id)) tasks.push(t);
  const files = { ...explicit.files };
  for (const t of kept) for (const f of t.files) if (!Object.values(files).includes(f.path)) files[f.key in files ? `${f.key}-derived` : f.key] = f.path;
  return { lab: explicit.lab, files, tasks };
}

/** The lab `--lab` names (id, labfoldernumber, slug or its last part) and, when several share it, which it picked and why. */
export function pickLab(labs: TrainingLab[], name: string): { lab?: TrainingLab; note?: string } {
  const exact = labs.find((l) => l.id === name || l.page.slug === name);
  if (exact) return { lab: exact };
  const shared = labs.filter((l) => pageLabNumber(l.page) === name);
  if (shared.length) {
    const checked = shared.filter((l) => l.lab.tasks.some((t) => t.checkedBy !== 'none'));
    const lab = checked[0] ?? shared[0];
    return shared.length === 1 ? { lab } : { lab, note: `lab ${name} is shared by ${shared.length} pages (${shared.map((l) => l.page.slug).join(', ')}); checking ${lab.page.slug} (the first with checked tasks); give --lab SLUG for another` };
  }
  const tail = labs.find((l) => l.page.slug.split('/').pop() === name);
  return tail ? { lab: tail } : {};
}

export interface Trainee {
  user: string;
  dir: string;
}

/**
 * A folder that holds the labs folder (labs/) is one trainee's working folder, named after
 * the folder (or `user`); otherwise every sub-folder is a trainee named after it.
 */
export function listTrainees(dir: string, labsFolder: string, user?: string): Trainee[] {
  if (existsSync(join(dir, labsFolder))) return [{ user: user ?? basename(resolve(dir)), dir }];
  const subs = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  const all = subs.map((name) => ({ user: name, dir: join(dir, name) }));
  return user === undefined ? all : all.filter((t) => t.user === user);
}

/**
 * The trainee's copies of the given paths (relative to their folder), keyed by those paths;
 * {{user}} in a path is the trainee's user name. Absent files are left out.
 */
export function readTraineeFiles(dir: string, paths: string[], user?: string): Record<string, string> {
  return readTraineeFolder(dir, paths, user).files;
}

export interface TraineeFolder {
  files: Record<string, string>;
  /** Paths that exist but were not read, with why (too large, a link out of the folder): the checker reports them per trainee. */
  unreadable: Record<string, string>;
}

/**
 * readTraineeFiles, and what it refused: a file over the validators' size limit (MAX_BYTES; a
 * 50 MB file took 2 GB to check, and the read stops at the limit, so /dev/zero ends too), or a
 * symbolic link that leads out of the trainee's folder (the trainer may run check as root).
 */
export function readTraineeFolder(dir: string, paths: string[], user?: string): TraineeFolder {
  const files: Record<string, string> = {};
  const unreadable: Record<string, string> = {};
  let root: string | undefined;
  for (const p of paths) {
    const full = join(dir, user === undefined ? p : p.split('{{user}}').join(user));
    let real: string;
    try {
      if (!statSync(full).isFile()) continue;
      real = realpathSync(full);
      root ??= realpathSync(dir);
    } catch {
      continue; // missing: the checker says "not found"
    }
    if (!real.startsWith(root + sep)) {
      unreadable[p] = `${p} is a link to a file outside the trainee's folder; it was not read`;
      continue;
    }
    try {
      const r = readFileCapped(real);
      if (r.tooLarge) unreadable[p] = `${p} is larger than ${MAX_BYTES / 1024 / 1024} MiB, the most the API server accepts; it was not read`;
      else files[p] = r.text;
    } catch (e) {
      unreadable[p] = `${p} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    }
  }
  return { files, unreadable };
}
