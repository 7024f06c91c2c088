// The checker: is this task done? Given a resolved task (exercises/resolve.ts) and the
// trainee's files (path → text), every requirement passes or fails with its sentence and a
// position in the trainee's file. It compares parsed documents, never text: key order,
// quoting, comments, flow or block style and extra harmless fields do not matter, and types do
// (port: 8081 is a number; port: "8081" is a named port, and the validators' own start-stage
// finding says why the cluster refuses it). Pure: shared by the browser worker and the CLI.
import { YAML_11_BOOL } from '../validators/kubectl-yaml.ts';
import { LineCounter, parseAllDocuments, isMap, isScalar, type Document, type Node as YamlNode } from 'yaml';
import { MAX_BYTES, validateText } from '../validators/index.ts';
import type { DocumentResult, Finding, Stage } from '../validators/types.ts';
import { parseFieldPath, pathParts, walk, type Walk } from '../validators/field-path.ts';
import type { BehaviourSpec, EventMatch, ResolvedLab, ResolvedRequirement, ResolvedTask } from './types.ts';
import { simulate as simulateVm } from '../simulator/index.ts';
import type { SimEvent } from '../simulator/types.ts';

export interface RequirementResult {
  id: string;
  text: string;
  passed: boolean;
  /** Not evaluated (a behaviour requirement without a simulator). Never counts as failed. */
  skipped?: boolean;
  file?: string;
  line?: number;
  column?: number;
  /** What was found instead, in a few words. */
  detail?: string;
  /** The validators' finding behind a failure, when there is one. */
  finding?: { stage: Stage; message: string; path: string };
}

export interface TaskResult {
  id: string;
  number?: string;
  title: string;
  passed: boolean;
  /** false when nothing was evaluated (a task that changes no file and is not checked). */
  checked: boolean;
  /** Counted as done because a later task on the same files passed (the folder moved on). */
  doneBy?: string;
  /** false: an example, not a task (exercise `graded: false`); never counted in done/checked. */
  graded?: false;
  /** Why a task is not checked (the exercise's note). */
  note?: string;
  requirements: RequirementResult[];
}

export interface LabResult {
  tasks: TaskResult[];
  /** Graded tasks done / graded tasks checked (examples are left out). */
  done: number;
  checked: number;
  /** The last graded task (in lab order) that is done, if any: how far the trainee got. */
  reached?: string;
}

/** Whether a task result counts against the trainee: checked, graded and not done. */
export const failsTrainee = (t: TaskResult): boolean => t.checked && !t.passed && t.graded !== false;

/** The simulator's one-shot run (simulator/: simulate). */
export type SimulateFn = (input: { vm: string; userData?: string; scenario?: Record<string, unknown>[]; until: number }) => { events: SimEvent[] };

const defaultSimulate: SimulateFn = (input) => simulateVm(input);

export interface CheckOptions {
  /** The simulator for behaviour requirements (default: simulator/'s simulate); false: do not simulate (they are reported as skipped). */
  simulate?: SimulateFn | false;
  /** Reuse parses and validations across tasks and trainees (same text → same result). */
  cache?: CheckCache;
  /** Files that exist but were not read (path → why, e.g. over the size limit): their requirements fail with that. */
  unreadable?: Record<string, string>;
}

interface ParsedFile {
  docs: Document.Parsed[];
  lc: LineCounter;
  yamlError?: { line: number; column: number; message: string };
  /** The documents' data as JSON: equal for texts that differ only in comments, quoting, order of… nothing else. */
  semantic?: string;
}

/** What a simulation depends on: the parsed data, not comments or layout (a class shares runs). */
function semanticKey(cache: CheckCache, text: string): string {
  const p = parse(cache, text);
  if (p.semantic === undefined) {
    try {
      p.semantic = `${/^#cloud-config/.test(text) ? 'cc:' : ''}${JSON.stringify(p.docs.map((d) => d.toJS({ maxAliasCount: 100 })))}`;
    } catch {
      p.semantic = `text:${text}`;
    }
  }
  return p.semantic;
}

export class CheckCache {
  parsed = new Map<string, ParsedFile>();
  validated = new Map<string, DocumentResult[]>();
  simulated = new Map<string, { events: SimEvent[] } | Error>();
}

function parse(cache: CheckCache, text: string): ParsedFile {
  let p = cache.parsed.get(text);
  if (!p) {
    const lc = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, merge: true, customTags: [YAML_11_BOOL] });
    const list = Array.isArray(docs) ? docs : [];
    const err = list.flatMap((d) => d.errors)[0];
    p = { docs: list, lc };
    if (err) {
      const pos = lc.linePos(err.pos[0]);
      p.yamlError = { line: pos.line, column: pos.col, message: err.message.split('\n')[0] };
    }
    cache.parsed.set(text, p);
  }
  return p;
}

function validate(cache: CheckCache, text: string, file: string, userData?: { text: string; file: string }): DocumentResult[] {
  const key = `${file}\u0000${text}\u0000${userData?.file ?? ''}\u0000${userData?.text ?? ''}`;
  let r = cache.validated.get(key);
  if (!r) {
    r = validateText(text, { file, ...(userData ? { userData: [userData] } : {}) });
    cache.validated.set(key, r);
  }
  return r;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b as object, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const show = (v: unknown) => (v === undefined ? 'nothing' : typeof v === 'string' ? `the string ${JSON.stringify(v)}` : JSON.stringify(v));

function selectDoc(p: ParsedFile, sel?: { kind?: string; name?: string }): Document.Parsed | undefined {
  const docs = p.docs.filter((d) => d.contents !== null);
  if (!sel) return docs[0];
  return docs.find((d) => {
    if (!isMap(d.contents)) return false;
    const kind = d.get('kind');
    const name = d.getIn(['metadata', 'name']);
    return (sel.kind === undefined || kind === sel.kind) && (sel.name === undefined || name === sel.name);
  });
}

interface Located {
  line?: number;
  column?: number;
  /** Lines the node spans (for attributing validator findings). */
  span?: [number, number];
}

function at(p: ParsedFile, node: YamlNode | null | undefined): Located {
  if (!node?.range) return {};
  const s = p.lc.linePos(node.range[0]);
  const e = p.lc.linePos(Math.max(node.range[0], node.range[1] - 1));
  return { line: s.line, column: s.col, span: [s.line, e.line] };
}

/** Where to point the trainee when a path is missing: the deepest field that exists. */
function missingAt(p: ParsedFile, w: Walk, doc: Document.Parsed): Located {
  if (w.deepestKey) return at(p, w.deepestKey);
  return at(p, doc.contents as YamlNode);
}

interface Evaluated extends RequirementResult {
  span?: [number, number];
}

function structural(req: ResolvedRequirement, p: ParsedFile, doc: Document.Parsed): Evaluated {
  const base = { id: req.id, text: req.text, file: req.file };
  const w = walk(doc.contents as YamlNode, parseFieldPath(req.path!));
  const value = w.found ? (w.node && typeof (w.node as { toJSON?: unknown }).toJSON === 'function' ? (w.node as unknown as { toJSON(): unknown }).toJSON() : isScalar(w.node) ? w.node.value : w.node ?? null) : undefined;
  const where = w.found ? at(p, w.node ?? w.pair?.key as YamlNode) : missingAt(p, w, doc);
  const pos = { line: where.line, column: where.column, span: where.span };
  switch (req.kind) {
    case 'equals': {
      if (w.found && deepEqual(value, req.value)) return { ...base, passed: true, ...pos };
      let detail = w.found ? `found ${show(value)}` : `${req.path} is not set`;
      if (w.found && typeof value === 'string' && typeof req.value === 'number' && value.trim() === String(req.value)) {
        detail += ', a string where a number belongs';
      }
      return { ...base, passed: false, ...pos, detail };
    }
    case 'exists':
      return w.found ? { ...base, passed: true, ...pos } : { ...base, passed: false, ...pos, detail: `${req.path} is not set` };
    case 'absent': {
      if (!w.found) return { ...base, passed: true };
      const keyPos = w.pair ? at(p, w.pair.key as YamlNode) : where;
      const end = at(p, (w.pair?.value as YamlNode) ?? (w.pair?.key as YamlNode));
      return { ...base, passed: false, line: keyPos.line, column: keyPos.column, span: [keyPos.span?.[0] ?? 0, end.span?.[1] ?? keyPos.span?.[1] ?? 0], detail: `${req.path} is still set` };
    }
    case 'oneOf': {
      if (!w.found) return { ...base, passed: false, ...pos, detail: `${req.path} is not set` };
      if (req.values) {
        return req.values.some((v) => deepEqual(v, value))
          ? { ...base, passed: true, ...pos }
          : { ...base, passed: false, ...pos, detail: `found ${show(value)}; expected one of ${req.values.map((v) => JSON.stringify(v)).join(', ')}` };
      }
      const present = (req.keys ?? []).filter((k) => isMap(w.node) && w.node.has(k));
      if (present.length === 1) return { ...base, passed: true, ...pos };
      if (present.length > 1) {
        const second = walk(w.node as YamlNode, [{ key: present[1] }]);
        const sp = at(p, second.pair?.key as YamlNode);
        return { ...base, passed: false, line: sp.line, column: sp.column, span: pos.span, detail: `${present.join(' and ')} are both set; keep one` };
      }
      return { ...base, passed: false, ...pos, detail: `none of ${(req.keys ?? []).join(', ')} is set` };
    }
    default:
      throw new Error(`not a structural requirement: ${req.kind}`);
  }
}

function matchEvent(e: SimEvent, m: EventMatch): boolean {
  if (m.source !== undefined && e.source !== m.source) return false;
  if (e.type !== m.type) return false;
  for (const [k, v] of Object.entries(m.detail ?? {})) {
    const got = e.detail?.[k];
    if (!(deepEqual(got, v) || (typeof v !== 'object' && got !== undefined && String(got).toLowerCase() === String(v).toLowerCase()))) return false;
  }
  return true;
}

function describeMatch(m: EventMatch): string {
  const d = Object.entries(m.detail ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  return `${m.source ? `${m.source} ` : ''}${m.type}${d ? ` (${d})` : ''}`;
}

/** Judge a simulated timeline against a behaviour spec; undefined when it holds. */
export function judgeTimeline(events: SimEvent[], spec: BehaviourSpec): string | undefined {
  for (const x of spec.expect) {
    if ('first' in x) {
      const e = events.find((ev) => matchEvent(ev, x.first));
      if (!e) return `no ${describeMatch(x.first)} within ${spec.until} s`;
      if (e.t < x.between[0] || e.t > x.between[1]) return `${describeMatch(x.first)} at ${e.t} s, expected between ${x.between[0]} s and ${x.between[1]} s`;
    } else if ('none' in x) {
      const e = events.find((ev) => matchEvent(ev, x.none) && ev.t >= (x.after ?? -Infinity) && ev.t <= (x.before ?? Infinity));
      if (e) return `${describeMatch(x.none)} at ${e.t} s`;
    } else {
      const n = events.filter((ev) => matchEvent(ev, x.count) && ev.t >= (x.after ?? -Infinity) && ev.t <= (x.before ?? Infinity)).length;
      if ((x.min !== undefined && n < x.min) || (x.max !== undefined && n > x.max)) {
        const window = x.after !== undefined && x.before !== undefined ? ` between ${x.after} s and ${x.before} s` : x.after !== undefined ? ` after ${x.after} s` : x.before !== undefined ? ` before ${x.before} s` : '';
        return `${n} × ${describeMatch(x.count)}${window}, expected ${x.min !== undefined ? `at least ${x.min}` : ''}${x.min !== undefined && x.max !== undefined ? ' and ' : ''}${x.max !== undefined ? `at most ${x.max}` : ''}`;
      }
    }
  }
  return undefined;
}

/** Edit distance up to a small bound (typos: initialDelaySecond vs initialDelaySeconds). */
function near(a: string, b: string, max = 2): boolean {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length] <= max;
}

/** A finding on a misspelling of a missing field: the reason that field is "not set". */
function typoOf(f: Finding, parts: string[]): boolean {
  const fp = pathParts(f.path);
  if (fp.length !== parts.length) return false;
  const last = parts.length - 1;
  return fp.slice(0, last).every((x, i) => x === parts[i]) && fp[last] !== parts[last] && near(fp[last], parts[last]);
}

function findingAttributed(f: Finding, claims: { parts: string[]; span?: [number, number] }[]): boolean {
  const fp = pathParts(f.path);
  return claims.some((c) => {
    if (c.span && f.line >= c.span[0] && f.line <= c.span[1]) return true;
    if (typoOf(f, c.parts)) return true;
    // the same field, its parent, or something inside it
    const [short, long] = fp.length <= c.parts.length ? [fp, c.parts] : [c.parts, fp];
    if (short.length < Math.max(1, c.parts.length - 1)) return false;
    return short.every((s, i) => s === long[i]);
  });
}

function firstError(docs: DocumentResult[], exclude: (f: Finding) => boolean): Finding | undefined {
  for (const d of docs) for (const f of d.findings) if (f.severity === 'error' && !exclude(f)) return f;
  return undefined;
}

/** Check one task against the trainee's files (path → text; a missing path is a missing file). */
export function checkTask(task: ResolvedTask, files: Record<string, string>, opts: CheckOptions = {}): TaskResult {
  const cache = opts.cache ?? new CheckCache();
  const results: Evaluated[] = new Array(task.requirements.length);
  const claims: { id: string; file: string; parts: string[]; span?: [number, number] }[] = [];
  // Over the size limit a file is not parsed (a 50 MB file took 2 GB), as the CLI's reader refuses it.
  const given = files;
  files = withoutOversized(files);
  const missing = (req: ResolvedRequirement): Evaluated => ({
    id: req.id,
    text: req.text,
    passed: false,
    file: req.file,
    detail: opts.unreadable?.[req.file] ?? (given[req.file] !== undefined ? `${req.file} is larger than ${MAX_BYTES / 1024 / 1024} MiB, the most the API server accepts; it was not read` : `${req.file} not found`),
  });

  // Structural requirements first: the findings they explain are not repeated by validatesClean.
  task.requirements.forEach((req, i) => {
    if (req.kind === 'validatesClean' || req.kind === 'behaviour') return;
    const text = files[req.file];
    if (text === undefined) return void (results[i] = missing(req));
    const p = parse(cache, text);
    if (p.yamlError) {
      return void (results[i] = { id: req.id, text: req.text, passed: false, file: req.file, line: p.yamlError.line, column: p.yamlError.column, detail: `the file is not valid YAML: ${p.yamlError.message}` });
    }
    const doc = selectDoc(p, req.doc);
    if (!doc) {
      return void (results[i] = { id: req.id, text: req.text, passed: false, file: req.file, line: 1, column: 1, detail: req.doc ? `no document with ${Object.entries(req.doc).map(([k, v]) => `${k} ${v}`).join(' and ')}` : 'the file is empty' });
    }
    const r = structural(req, p, doc);
    results[i] = r;
    if (!r.passed) {
      claims.push({ id: req.id, file: req.file, parts: pathParts(req.path!), span: r.span });
      // Attach what the cluster would say about this very field (port: "8081" → start stage).
      const vr = validate(cache, text, req.file, userDataFor(task, req, files));
      const f = firstError(vr, (x) => !findingAttributed(x, [{ parts: pathParts(req.path!), span: r.span }]));
      if (f) {
        r.finding = { stage: f.stage, message: f.message, path: f.path };
        const typo = typoOf(f, pathParts(req.path!));
        if (typo) {
          // point at the misspelt field itself
          r.line = f.line;
          r.column = f.column;
          r.detail = `${r.detail}; is "${pathParts(f.path).pop()}" meant to be "${pathParts(req.path!).pop()}"? The cluster says (${f.stage}): ${f.message}`;
        } else r.detail = `${r.detail ?? ''}${r.detail ? '; ' : ''}the cluster says (${f.stage}): ${f.message}`;
      }
    }
  });

  task.requirements.forEach((req, i) => {
    if (req.kind !== 'validatesClean' && req.kind !== 'behaviour') return;
    const text = files[req.file];
    if (text === undefined) return void (results[i] = missing(req));
    const ud = userDataFor(task, req, files);
    if (req.kind === 'validatesClean') {
      // an empty file is not valid anything (the validators have nothing to object to)
      const p = parse(cache, text);
      if (!p.yamlError && !p.docs.some((d) => d.contents !== null)) {
        return void (results[i] = { id: req.id, text: req.text, passed: false, file: req.file, line: 1, column: 1, detail: 'the file is empty' });
      }
      const vr = validate(cache, text, req.file, ud);
      const mine = claims.filter((c) => c.file === req.file);
      const own = firstError(vr, (x) => findingAttributed(x, mine));
      // A finding a failed requirement already explains still fails validation (the cluster
      // rejects the file): say so briefly, pointing at that requirement, never tick it.
      const f = own ?? firstError(vr, () => false);
      if (!f) return void (results[i] = { id: req.id, text: req.text, passed: true, file: req.file });
      const errors = vr.reduce((n, d) => n + d.findings.filter((x) => x.severity === 'error').length, 0);
      const more = (own ? vr.reduce((n, d) => n + d.findings.filter((x) => x.severity === 'error' && !findingAttributed(x, mine)).length, 0) : errors) - 1;
      const claim = own ? undefined : mine.find((c) => findingAttributed(f, [c]));
      results[i] = {
        id: req.id,
        text: req.text,
        passed: false,
        file: req.file,
        line: f.line,
        column: f.column,
        detail: `${f.stage}: ${f.path ? `${f.path}: ` : ''}${f.message}${more > 0 ? ` (and ${more} more)` : ''}${claim ? ` (see the failed requirement on ${claim.parts[claim.parts.length - 1] ?? claim.id} above)` : ''}`,
        finding: { stage: f.stage, message: f.message, path: f.path },
      };
      return;
    }
    // behaviour
    const simulate = opts.simulate === undefined ? defaultSimulate : opts.simulate;
    if (!simulate) {
      results[i] = { id: req.id, text: req.text, passed: false, skipped: true, file: req.file, detail: 'not evaluated: simulation turned off' };
      return;
    }
    const spec = req.behaviour!;
    const y = parse(cache, text).yamlError;
    if (y) {
      results[i] = { id: req.id, text: req.text, passed: false, file: req.file, line: y.line, column: y.column, detail: `not simulated: the file is not valid YAML: ${y.message}` };
      return;
    }
    const key = JSON.stringify([semanticKey(cache, text), ud ? semanticKey(cache, ud.text) : null, spec.scenario ?? [], spec.until]);
    let run = cache.simulated.get(key);
    if (!run) {
      try {
        run = simulate({ vm: text, ...(ud ? { userData: ud.text } : {}), ...(spec.scenario ? { scenario: spec.scenario } : {}), until: spec.until });
      } catch (e) {
        run = e instanceof Error ? e : new Error(String(e));
      }
      cache.simulated.set(key, run);
    }
    if (run instanceof Error) {
      // input the API server rejects is the validation requirement's business; say it briefly
      const rejected = run.name === 'SimInputError';
      const first = rejected ? (run as Error & { findings?: Finding[] }).findings?.[0] : undefined;
      const detail = rejected ? 'not simulated: the cluster rejects this VM (fix its findings first)' : `the simulation could not run: ${run.message}`;
      // the task's own requirements already say why the VM is rejected: not a second failure
      const explained = rejected && task.requirements.some((r) => r.file === req.file && r.kind === 'validatesClean');
      results[i] = { id: req.id, text: req.text, passed: false, ...(explained ? { skipped: true } : {}), file: req.file, ...(first ? { line: first.line, column: first.column } : {}), detail };
      return;
    }
    const why = judgeTimeline(run.events, spec);
    if (!why) return void (results[i] = { id: req.id, text: req.text, passed: true, file: req.file });
    // point at the field the behaviour is about (the probe), or the deepest part of it that exists
    let where: Located = {};
    const p = parse(cache, text);
    const doc = selectDoc(p, req.doc ?? { kind: 'VirtualMachine' }) ?? selectDoc(p);
    if (req.at && doc) {
      const w = walk(doc.contents as YamlNode, parseFieldPath(req.at));
      where = w.found ? at(p, w.pair?.key as YamlNode ?? w.node) : missingAt(p, w, doc);
    }
    results[i] = { id: req.id, text: req.text, passed: false, file: req.file, ...(where.line ? { line: where.line, column: where.column } : {}), detail: `simulated: ${why}` };
  });

  const requirements: RequirementResult[] = results.map(({ span: _span, ...r }) => r);
  const evaluated = requirements.filter((r) => !r.skipped);
  return {
    id: task.id,
    ...(task.number ? { number: task.number } : {}),
    title: task.title,
    ...(task.graded === false ? { graded: false as const } : {}),
    passed: evaluated.every((r) => r.passed),
    checked: evaluated.length > 0,
    ...(evaluated.length === 0 && task.note ? { note: task.note } : {}),
    requirements,
  };
}

function withoutOversized(files: Record<string, string>): Record<string, string> {
  if (!Object.values(files).some((t) => t.length > MAX_BYTES)) return files;
  return Object.fromEntries(Object.entries(files).filter(([, t]) => t.length <= MAX_BYTES));
}

/** The user data a file is validated with: its own, or what another requirement of the task on that file names. */
function userDataFor(task: ResolvedTask, req: ResolvedRequirement, files: Record<string, string>): { text: string; file: string } | undefined {
  const path = req.userData ?? task.requirements.find((r) => r.file === req.file && r.userData)?.userData;
  if (!path) return undefined;
  const text = files[path];
  return text === undefined ? undefined : { text, file: path };
}

/**
 * Check every task of a lab against one trainee's folder. The folder holds the latest state of
 * each file, so a task whose failing requirements all concern files that a later, passing task
 * also concerns counts as done (the trainee moved on: the VM file went from HTTP to TCP).
 */
export function checkLab(lab: ResolvedLab, files: Record<string, string>, opts: CheckOptions = {}): LabResult {
  const cache = opts.cache ?? new CheckCache();
  const own = lab.tasks.map((t) => checkTask(t, files, { ...opts, cache }));
  const tasks = own.map((r, i) => {
    if (r.passed || !r.checked) return r;
    const failingFiles = new Set(r.requirements.filter((q) => !q.passed && !q.skipped).map((q) => q.file));
    for (let j = own.length - 1; j > i; j--) {
      const later = lab.tasks[j];
      if (!later.changesFiles || !own[j].passed || !own[j].checked) continue;
      const paths = new Set(later.files.map((f) => f.path));
      if ([...failingFiles].every((f) => f !== undefined && paths.has(f))) return { ...r, passed: true, doneBy: later.id };
    }
    return r;
  });
  const checked = tasks.filter((t) => t.checked && t.graded !== false);
  const done = checked.filter((t) => t.passed);
  const reached = [...checked].reverse().find((t) => t.passed)?.id;
  return { tasks, done: done.length, checked: checked.length, ...(reached ? { reached } : {}) };
}

/**
 * Check a whole training against one trainee's folder (`kvlab check --lab all`, the gateway's
 * view of a home): every lab's tasks in order, each task id prefixed with its lab's id
 * ("08/1") so that ids stay unique; done and checked are summed.
 */
export function checkTraining(labs: { id: string; lab: ResolvedLab }[], files: Record<string, string>, opts: CheckOptions = {}): LabResult {
  const cache = opts.cache ?? new CheckCache();
  const tasks: TaskResult[] = [];
  let done = 0;
  let checked = 0;
  let reached: string | undefined;
  for (const { id, lab } of labs) {
    const r = checkLab(lab, files, { ...opts, cache });
    for (const t of r.tasks) tasks.push({ ...t, id: `${id}/${t.id}`, ...(t.doneBy ? { doneBy: `${id}/${t.doneBy}` } : {}) });
    done += r.done;
    checked += r.checked;
    if (r.reached) reached = `${id}/${r.reached}`;
  }
  return { tasks, done, checked, ...(reached ? { reached } : {}) };
}
