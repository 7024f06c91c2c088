// resolveLab: an exercise file + the lab page rendered for one variant + params → ResolvedLab,
// the form the editor, `kvlab check` and `kvlab lint` use. Pure: takes text and objects.
// Reference solutions and starting files come from the page's own code blocks (so trainers
// never write the YAML twice); path templates get the site and page params.
import { parseExercise } from './schema.ts';
import type {
  BlockSelector,
  ContentSource,
  ExerciseSpec,
  ResolvedFile,
  ResolvedLab,
  ResolvedRequirement,
  ResolvedTask,
  RequirementKind,
} from './types.ts';
import type { CodeBlock, Diagnostic, PageRender, TaskInfo } from '../engine/types.ts';

/** The parts of the content engine's PageRender (engine/shortcodes.ts) used here. */
export type PageCodeBlock = CodeBlock;
export type PageTask = Omit<TaskInfo, 'bullets'> & Partial<Pick<TaskInfo, 'bullets'>>;
export type PageRenderLike = Pick<PageRender, 'codeBlocks'> & { tasks: PageTask[] };

export class ExerciseError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n'));
    this.name = 'ExerciseError';
  }
}

export const DEFAULT_SOLUTION: BlockSelector = { details: 'Task hint: Solution', lang: 'yaml' };

function lookup(params: Record<string, unknown>, name: string): unknown {
  if (name in params) return params[name];
  let cur: unknown = params;
  for (const part of name.split('.')) {
    if (cur && typeof cur === 'object' && part in (cur as object)) cur = (cur as Record<string, unknown>)[part];
    else return undefined;
  }
  return cur;
}

/** {{name}} → the param's value; unknown names are returned so the caller can report them.
 *  {{user}} stays as it is unless params has a user. */
export function fillTemplate(template: string, params: Record<string, unknown>): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_whole, name: string) => {
    const v = lookup(params, name);
    // the trainee's user name is known only per trainee (kvlab check, the editor): kept as {{user}}
    if (name === 'user' && v === undefined) return '{{user}}';
    if (v === undefined || v === null || typeof v === 'object') {
      missing.push(name);
      return '';
    }
    return String(v);
  });
  return { text, missing };
}

const withNewline = (s: string) => (s === '' || s.endsWith('\n') ? s : `${s}\n`);

export interface ResolveOptions {
  /** Name of the exercise file in diagnostics. */
  file?: string;
}

export interface ResolveOutcome {
  lab?: ResolvedLab;
  diagnostics: Diagnostic[];
  spec?: ExerciseSpec;
}

/** Like resolveLab, but returns every problem as a diagnostic instead of throwing. */
export function resolveLabDetailed(
  exerciseYamlText: string,
  page: PageRenderLike,
  params: Record<string, unknown>,
  opts: ResolveOptions = {},
): ResolveOutcome {
  const file = opts.file ?? 'exercise.yaml';
  const parsed = parseExercise(exerciseYamlText, file);
  if (!parsed.spec) return { diagnostics: parsed.diagnostics };
  const spec = parsed.spec;
  const diagnostics: Diagnostic[] = [];
  const err = (pointer: string, message: string, severity: 'error' | 'warning' = 'error') =>
    diagnostics.push({ file, ...parsed.positionOf(pointer), severity, message });

  const files: Record<string, string> = {};
  for (const [key, template] of Object.entries(spec.files)) {
    const { text, missing } = fillTemplate(template, params);
    for (const m of missing) err(`/files/${key}`, `files.${key}: unknown param "${m}" in path template (site params: ${Object.keys(params).sort().join(', ')})`);
    files[key] = text;
  }
  const pathOf = (key: string, pointer: string): string => {
    if (!(key in files)) {
      err(pointer, `unknown file "${key}"; the exercise's files are: ${Object.keys(files).join(', ')}`);
      return key;
    }
    return files[key];
  };

  const selectBlock = (sel: BlockSelector, pointer: string, taskId: string) => {
    const contains = sel.contains !== undefined ? fillTemplate(sel.contains, params) : undefined;
    for (const m of contains?.missing ?? []) err(pointer, `unknown param "${m}" in block selector`);
    const task = sel.task ?? (pageTaskIds.has(taskId) ? taskId : undefined);
    const found = page.codeBlocks.filter(
      (b) =>
        (task === undefined || b.taskId === task) &&
        (sel.details === undefined || (sel.details === false ? !b.details : b.details === sel.details)) &&
        (sel.lang === undefined || b.lang === sel.lang) &&
        (contains === undefined || b.text.includes(contains.text)),
    );
    if (found.length === 1) return found[0];
    const what = JSON.stringify({ ...sel, ...(task !== undefined ? { task } : {}) });
    if (found.length === 0) err(pointer, `no code block of the page matches ${what}`);
    else err(pointer, `${found.length} code blocks match ${what} (page lines ${found.map((b) => b.line).join(', ')}); add "contains" or "details" to pick one`);
    return undefined;
  };

  const pageTaskIds = new Set(page.tasks.map((t) => t.id));
  const latest = new Map<string, ResolvedFile>(); // file key → latest solution so far
  const tasks: ResolvedTask[] = [];
  const seen = new Set<string>();
  spec.tasks.forEach((t, ti) => {
    const tp = `/tasks/${ti}`;
    if (seen.has(t.id)) err(`${tp}/id`, `task "${t.id}" is declared twice`);
    seen.add(t.id);
    const pageTask = page.tasks.find((p) => p.id === t.id);
    if (!pageTask && !t.title) err(`${tp}/id`, `the page has no task "${t.id}" (its tasks: ${page.tasks.map((p) => p.id).join(', ') || 'none'}); give a "title" for an exercise that is not a numbered task`);
    const changesFiles = t.changes !== 'none';
    if (!changesFiles && t.files?.length) err(`${tp}/files`, `task "${t.id}" says changes: none but lists files`);
    if (changesFiles && !t.files?.length) err(`${tp}`, `task "${t.id}" lists no files; a task that changes no file says "changes: none" and "checkedBy: behaviour|none"`);
    if (t.checkedBy && changesFiles) err(`${tp}/checkedBy`, `checkedBy is only for tasks with "changes: none"`);

    const taskFiles: ResolvedFile[] = [];
    (t.files ?? []).forEach((f, fi) => {
      const fp = `${tp}/files/${fi}`;
      const path = pathOf(f.file, `${fp}/file`);
      const read = (src: ContentSource, pointer: string, kind: 'start' | 'solution') => {
        if (src === 'empty') return { text: '' };
        if (src === 'previous') {
          const prev = latest.get(f.file);
          if (!prev) {
            if (kind === 'solution') err(pointer, `"previous" as a solution means no change; no earlier task has file "${f.file}"`);
            return { text: '' };
          }
          return { text: prev.solution };
        }
        if ('text' in src) return { text: withNewline(fillTemplate(src.text, params).text) };
        const b = selectBlock(src.block, pointer, t.id);
        return b ? { text: withNewline(b.text), block: b } : { text: '' };
      };
      const start = read(f.start ?? 'previous', `${fp}/start`, 'start');
      const solution = read(f.solution ?? { block: DEFAULT_SOLUTION }, f.solution ? `${fp}/solution` : fp, 'solution');
      const rf: ResolvedFile = { key: f.file, path, start: start.text, solution: solution.text };
      if (solution.block) rf.solutionSource = { line: solution.block.line, sourceLines: solution.block.sourceLines };
      taskFiles.push(rf);
    });
    for (const rf of taskFiles) latest.set(rf.key, rf);

    const reads = new Set<string>();
    const requirements: ResolvedRequirement[] = (t.requirements ?? []).map((r, ri) => {
      const rp = `${tp}/requirements/${ri}`;
      const kind = (['equals', 'exists', 'absent', 'oneOf', 'validatesClean', 'behaviour'] as RequirementKind[]).find((k) => k in r)!;
      const filePath = pathOf(r.file, `${rp}/file`);
      if (!(t.files ?? []).some((f) => f.file === r.file)) reads.add(filePath);
      const fill = (v: unknown): unknown => {
        if (typeof v !== 'string') return v;
        const f = fillTemplate(v, params);
        for (const m of f.missing) err(rp, `unknown param "${m}" in requirement`);
        return f.text;
      };
      const out: ResolvedRequirement = { id: `${t.id}.${ri + 1}`, text: fill(r.text) as string, kind, file: filePath, spec: parsed.positionOf(rp) };
      if (r.doc) out.doc = r.doc;
      const p = r.equals ?? r.exists ?? r.absent ?? r.oneOf;
      if (p !== undefined) out.path = p;
      if (kind === 'equals') out.value = fill(r.value);
      if (r.keys) out.keys = r.keys;
      if (r.values) out.values = r.values.map(fill);
      if (r.userData !== undefined) {
        out.userData = pathOf(r.userData, `${rp}/userData`);
        if (!(t.files ?? []).some((f) => f.file === r.userData)) reads.add(out.userData);
      }
      if (r.behaviour) out.behaviour = r.behaviour;
      if (r.at) out.at = r.at;
      if (r.bullet) out.bullet = r.bullet;
      if ((kind === 'validatesClean' || kind === 'behaviour') && r.userData === undefined && kind === 'behaviour') {
        err(rp, `a behaviour requirement needs "userData" (the cloud-init file the VM's Secret is made from) so the guest serves what the trainee configured`, 'warning');
      }
      return out;
    });
    if (changesFiles && requirements.length === 0) err(tp, `task "${t.id}" has no requirements, so it cannot be checked`);
    if (!changesFiles && t.checkedBy === 'behaviour' && !requirements.some((r) => r.kind === 'behaviour')) {
      err(`${tp}/checkedBy`, `task "${t.id}" is checkedBy behaviour but has no behaviour requirement`);
    }

    tasks.push({
      id: t.id,
      ...(pageTask ? { number: pageTask.number, anchor: pageTask.anchor } : {}),
      title: pageTask?.title ?? t.title ?? t.id,
      changesFiles,
      checkedBy: changesFiles ? 'requirements' : (t.checkedBy ?? 'none'),
      ...(t.note ? { note: t.note } : {}),
      ...(t.graded === false ? { graded: false as const } : {}),
      files: taskFiles,
      reads: [...reads],
      requirements,
      spec: parsed.positionOf(tp),
      source: 'explicit',
    });
  });
  for (const p of page.tasks) {
    if (!seen.has(p.id)) err('/tasks', `the page's task ${p.number} ("${p.title}") has no exercise; add one with id "${p.id}" (or changes: none)`, 'warning');
  }

  const slug = spec.lab.slug ?? String(params.slug ?? '');
  const labfoldernumber = spec.lab.labfoldernumber ?? String(lookup(params, 'labfoldernumber') ?? '');
  const lab: ResolvedLab = { lab: { slug, labfoldernumber }, files, tasks };
  return { lab, diagnostics, spec };
}

/** Resolve or throw an ExerciseError listing every problem with file:line:column. */
export function resolveLab(
  exerciseYamlText: string,
  page: PageRenderLike,
  params: Record<string, unknown>,
  opts: ResolveOptions = {},
): ResolvedLab {
  const out = resolveLabDetailed(exerciseYamlText, page, params, opts);
  const errors = out.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !out.lab) throw new ExerciseError(errors.length ? errors : out.diagnostics);
  return out.lab;
}
