// The exercise part of `kvlab lint`: for every exercise file whose lab is in the training,
//  - the file itself (schema, selectors, params) resolves;
//  - each task's reference solution passes its own requirements and validates clean;
//  - each task's starting state fails at least one requirement (otherwise it cannot be checked);
//  - a task that changes no file is declared so, and lint says how it is checked;
//  - each requirement's value agrees with the task's bullet list where the text states one, and
//    so does every Solution that shows that field: a contradiction is reported at both places.
import '../validators/load-all.ts'; // every validator loaded before the first validateText
import { parse as parseYaml, parseDocument, LineCounter } from 'yaml';
import type { Diagnostic, Training, TrainingPage } from '../engine/types.ts';
import { checkTask, CheckCache, type SimulateFn } from './check.ts';
import { validateText } from '../validators/index.ts';
import { parseFieldPath, walk } from '../validators/field-path.ts';
import type { PageTask } from './resolve.ts';
import { parseExercise } from './schema.ts';
import type { ResolvedLab, ResolvedRequirement, ResolvedTask } from './types.ts';
import { exercisesDirOf, displayPath, listExercises, trainingLabs, type TrainingLab } from './exercises-fs.ts';

export interface LintExercisesOptions {
  exercisesDir?: string;
  /** The simulator for behaviour requirements (default: simulator/'s); false: not evaluated. */
  simulate?: SimulateFn | false;
  /** The training's labs, when the caller has them already (trainingLabs). */
  labs?: TrainingLab[];
}

interface Bullet {
  key: string;
  raw: string;
  value: unknown;
  line: number;
  column: number;
}

/** "periodSeconds: `10`" → {key: periodSeconds, value: 10}; other bullets state no value. */
export function parseBullet(text: string): { key: string; raw: string; value: unknown; offset: number } | undefined {
  const m = /^\s*([^:`]+?)\s*:\s*`([^`]*)`\s*$/.exec(text);
  if (!m) return undefined;
  let value: unknown = m[2];
  try {
    value = parseYaml(m[2]);
  } catch {
    // keep the text
  }
  return { key: m[1].trim(), raw: m[2], value, offset: text.indexOf('`') };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const fmt = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));

export function lintExercises(training: Training, opts: LintExercisesOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const dir = opts.exercisesDir ?? exercisesDirOf(training);
  for (const exercise of listExercises(dir)) {
    if (exercise.lab.slug === undefined && exercise.lab.labfoldernumber === undefined) {
      // which lab it is for cannot even be read: say why
      out.push(...parseExercise(exercise.text, exercise.displayFile).diagnostics);
    }
  }
  for (const tl of opts.labs ?? trainingLabs(training, { exercisesDir: dir })) {
    out.push(...tl.diagnostics);
    const pageFile = displayPath(tl.page.file);
    for (const w of tl.derived.warnings) out.push({ file: pageFile, line: w.line, column: w.column, severity: 'warning', message: w.message });
    const explicitOk = tl.explicit && !tl.diagnostics.some((d) => d.severity === 'error');
    lintLab(tl.lab, explicitOk ? tl.explicit!.exercise.displayFile : undefined, tl.page, tl.render.tasks as PageTask[], opts, out);
  }
  return out;
}

function lintLab(lab: ResolvedLab, exercisesName: string | undefined, page: TrainingPage, pageTasks: PageTask[], opts: LintExercisesOptions, out: Diagnostic[]): void {
  const pageFile = displayPath(page.file);
  // a derived task's positions are lines of the page; an explicit one's, of its exercise file
  const nameOf = (t: ResolvedTask) => (t.source === 'derived' || !exercisesName ? pageFile : exercisesName);
  const sourceLines = page.source.split('\n');
  const lineText = (fileLine: number) => sourceLines[fileLine - page.bodyLine] ?? '';
  const cache = new CheckCache();
  const check = (task: ResolvedTask, files: Record<string, string>) => checkTask(task, files, { cache, ...(opts.simulate !== undefined ? { simulate: opts.simulate } : {}) });
  const label = (t: ResolvedTask) => (t.number ? `Task ${t.number}` : t.title);

  // Bullets of each page task, with their positions in the page file.
  const bullets = new Map<string, Bullet[]>();
  for (const pt of pageTasks) {
    const list: Bullet[] = [];
    for (const b of pt.bullets ?? []) {
      const p = parseBullet(b.text);
      if (!p) continue;
      const text = lineText(b.line);
      const col = text.indexOf(`\`${p.raw}\``);
      list.push({ key: p.key, raw: p.raw, value: p.value, line: b.line, column: col >= 0 ? col + 2 : 1 });
    }
    bullets.set(pt.id, list);
  }

  // The state of the folder after each task: the latest solution of every file so far.
  const after: Record<string, string>[] = [];
  const state: Record<string, string> = {};
  for (const t of lab.tasks) {
    for (const f of t.files) state[f.path] = f.solution;
    after.push({ ...state });
  }

  // Where a requirement first appears (anchors repeat it in later tasks): its bullet is that task's.
  const origin = (req: ResolvedRequirement): ResolvedTask | undefined =>
    lab.tasks.find((t) => t.requirements.some((r) => r.path === req.path && r.bullet === req.bullet && sameValue(r.value, req.value)));

  lab.tasks.forEach((task, ti) => {
    const exName = nameOf(task);
    const derived = task.source === 'derived';
    // A task that changes no file: say how it is checked (a derived one: in lint's summary).
    if (!task.changesFiles && !derived) {
      const n = task.requirements.length;
      out.push({
        file: exName,
        ...task.spec,
        severity: 'warning',
        message:
          task.checkedBy === 'behaviour'
            ? `${label(task)} ("${task.title}") changes no file: it is checked by behaviour (${n} simulated requirement${n === 1 ? '' : 's'}) on the trainee's current files`
            : `${label(task)} ("${task.title}") changes no file: it is not checked${task.note ? ` (${task.note})` : ''}`,
      });
    }

    // Bullets ↔ requirements ↔ solutions.
    const reported = new Set<string>();
    for (const req of task.requirements) {
      if (!req.bullet || !req.path) continue;
      const from = origin(req) ?? task;
      const b = (bullets.get(from.id) ?? []).find((x) => x.key.toLowerCase() === req.bullet!.toLowerCase());
      if (!b) {
        if (from === task) {
          out.push({ file: exName, ...req.spec, severity: 'error', message: `requirement ${req.id} names bullet "${req.bullet}", but ${label(from)}'s text has no bullet "${req.bullet}: \`…\`" (its bullets: ${(bullets.get(from.id) ?? []).map((x) => x.key).join(', ') || 'none'})` });
        }
        continue;
      }
      if (from === task && !sameValue(b.value, req.value)) {
        out.push({ file: exName, ...req.spec, severity: 'error', message: `requirement ${req.id} expects ${req.bullet} ${fmt(req.value)}, but ${label(from)}'s bullet says ${fmt(b.value)} (${pageFile}:${b.line}:${b.column})` });
        out.push({ file: pageFile, line: b.line, column: b.column, severity: 'error', message: `${label(from)}'s bullet says ${req.bullet} ${fmt(b.value)}, but its exercise requirement ${req.id} expects ${fmt(req.value)} (${exName}:${req.spec.line}:${req.spec.column})` });
      }
      // The Solution of this task shows the field: it must agree with the bullet.
      const file = task.files.find((f) => f.path === req.file);
      if (!file?.solutionSource) continue;
      const shown = valueIn(file.solution, req);
      if (!shown.found || sameValue(shown.value, b.value)) continue;
      const solLine = file.solutionSource.sourceLines[shown.line - 1] ?? file.solutionSource.line;
      const solCol = columnIn(lineText(solLine), req.path) ?? shown.column;
      reported.add(req.id);
      out.push({
        file: pageFile,
        line: b.line,
        column: b.column,
        severity: 'error',
        message: `${label(from)} asks for ${req.bullet} ${fmt(b.value)} here, but ${from === task ? 'its' : `${label(task)}'s`} Solution shows ${fmt(shown.value)} (${pageFile}:${solLine}:${solCol}); make them agree (the bullets are the specification)`,
      });
      out.push({
        file: pageFile,
        line: solLine,
        column: solCol,
        severity: 'error',
        message: `${label(task)}'s Solution shows ${lastKey(req.path)}: ${fmt(shown.value)}, but ${label(from)}'s bullet asks for ${req.bullet} ${fmt(b.value)} (${pageFile}:${b.line}:${b.column})`,
      });
    }

    // Bullets that state a value no requirement checks.
    if (task.number && !derived) {
      for (const b of bullets.get(task.id) ?? []) {
        if (!task.requirements.some((r) => r.bullet?.toLowerCase() === b.key.toLowerCase())) {
          out.push({ file: pageFile, line: b.line, column: b.column, severity: 'warning', message: `${label(task)}'s bullet "${b.key}: \`${b.raw}\`" states a value no requirement of the exercise checks (${exName}:${task.spec.line}:${task.spec.column})` });
        }
      }
    }

    if (!task.changesFiles) return;

    // The reference solution passes its own requirements and validates clean.
    const solved = after[ti];
    const result = check(task, solved);
    result.requirements.forEach((r, i) => {
      const req = task.requirements[i];
      if (r.passed || r.skipped || reported.has(req.id)) return;
      const file = task.files.find((f) => f.path === (r.file ?? req.file));
      const src = file?.solutionSource;
      const at = src ? { file: pageFile, line: (r.line && src.sourceLines[r.line - 1]) || src.line, column: r.column ?? 1 } : { file: exName, line: req.spec.line, column: req.spec.column };
      out.push({ ...at, severity: 'error', message: `${label(task)}'s reference solution fails its own requirement ${req.id} "${req.text}"${r.detail ? `: ${r.detail}` : ''} (${exName}:${req.spec.line}:${req.spec.column})` });
    });
    for (const f of task.files) {
      // (a derived task validates what the validators accept: derive.ts warned about the rest)
      if (derived || task.requirements.some((r) => r.kind === 'validatesClean' && r.file === f.path)) continue;
      const docs = validateText(f.solution, { file: f.path });
      const err = docs.flatMap((d) => d.findings).find((x) => x.severity === 'error');
      if (err) {
        const line = f.solutionSource?.sourceLines[err.line - 1] ?? f.solutionSource?.line ?? 1;
        out.push({ file: f.solutionSource ? pageFile : exName, line, column: err.column, severity: 'error', message: `${label(task)}'s reference ${f.path} does not validate clean: ${err.stage}: ${err.message}` });
      }
    }

    // The starting state fails at least one requirement.
    const before: Record<string, string> = { ...(ti > 0 ? after[ti - 1] : {}) };
    for (const f of task.files) {
      if (f.start === '') delete before[f.path];
      else before[f.path] = f.start;
    }
    const start = check(task, before);
    if (start.checked && start.passed) {
      out.push({ file: exName, ...task.spec, severity: 'error', message: `${label(task)} is done before it starts: its starting files already pass every requirement, so it cannot be checked; add a requirement for what the task changes` });
    }
  });
}

function lastKey(path: string): string {
  const parts = path.split('.');
  return parts[parts.length - 1];
}

function valueIn(text: string, req: ResolvedRequirement): { found: boolean; value?: unknown; line: number; column: number } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const w = walk(doc.contents as never, parseFieldPath(req.path!));
  if (!w.found || !w.node) return { found: false, line: 1, column: 1 };
  const node = w.node as { range?: [number, number, number]; toJSON?: () => unknown };
  const pos = lc.linePos(node.range?.[0] ?? 0);
  return { found: true, value: typeof node.toJSON === 'function' ? node.toJSON() : undefined, line: pos.line, column: pos.col };
}

/** Column of the value of `key:` on a source line (for positions in the page file). */
function columnIn(line: string, path: string): number | undefined {
  const key = lastKey(path);
  const m = new RegExp(`(^|[\\s{,])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:\\s*`).exec(line);
  return m ? m.index + m[0].length + 1 : undefined;
}
