// Derived exercises: read a rendered page as a trainee does and make each task that writes a
// file checkable, with no exercise file. acend's conventions:
//  - a sentence names the file and its folder ("Create a file `x.yaml` in the folder `labs/lab04`";
//    a bare name takes its folder from a `kubectl apply -f`, `create -f` or `--from-file=` path);
//  - the block after it is the content ("with the following content") or the start ("start with");
//  - the reference is the task's details (Solution / Task hint) block, else the content shown;
//  - a later task on the same file starts where the earlier one ended (also across pages).
// Requirements: each file validates clean, and matches the reference on the fields that differ
// between start and reference (all meaningful fields for a new file, metadata.name only when
// the page names it). Pure: takes the engine's PageRender.
import { LineCounter, parseAllDocuments, parseDocument, type Node as YamlNode } from 'yaml';
import type { CodeBlock, TaskInfo } from '../engine/types.ts';
import { parseFieldPath, walk } from '../validators/field-path.ts';
import type { ExerciseSpec, ExerciseTaskSpec, RequirementSpec, ResolvedFile, ResolvedLab, ResolvedRequirement, ResolvedTask, BlockSelector } from './types.ts';

export interface DeriveInput {
  slug: string;
  labfoldernumber?: string;
  title?: string;
  tasks: TaskInfo[];
  codeBlocks: CodeBlock[];
  /** The latest content of each path from earlier pages of the training (start of a file edited again). */
  carried?: Record<string, string>;
  /**
   * The validators' first error on a reference (undefined: it validates clean). A reference the
   * validators reject (a kind they do not know yet, or a mistake in the page) is checked on its
   * fields only, so that no derived task is one a trainee could never pass; lint warns about it.
   */
  validate?: (text: string, path: string) => { line: number; column: number; message: string } | undefined;
}

export interface DerivedLab {
  lab: ResolvedLab;
  /** The same exercise in the exercise-file format (kvlab exercises prints it). */
  spec: ExerciseSpec;
  /** path → content after the page's last task (carried to the next page). */
  ends: Record<string, string>;
  /** What a trainer should know (page line): references that do not validate. */
  warnings: { line: number; column: number; message: string }[];
}

type Obj = Record<string, unknown>;

const FRAGMENT = /\[\.\.\.\]|^\s*(\.\.\.|…|#\s*(…|\.\.\.).*)\s*$/m;
const FILE_NAME = /`([^`\s]+\.(?:ya?ml|json))`/g;
const FOLDER = /(?:folder|directory|under|dir)\s*:?\s*`([^`\s]+)`/i;
const WRITES = /\b(create|write|add|copy|start with|change|update|adapt|edit|modify|save|extend|enhance|file:)/i;
const STARTS = /\b(start with|starting point|as a start)/i;
const FROM_ABOVE = /\b(from above|previous section|as a starting point)/i;
const SHELL = /^(bash|sh|shell|console|zsh|)$/;
const PLACEHOLDER = /\$USER|\$\{?[A-Z_]+\}?|<[a-z][\w -]*>/;
const IGNORED_FIELDS = new Set(['status', 'metadata.namespace', 'metadata.creationTimestamp', 'metadata.resourceVersion', 'metadata.uid', 'metadata.generation', 'metadata.managedFields']);

export type BlockShape = { kind: 'manifest'; docs: Obj[] } | { kind: 'cloud-config'; docs: Obj[] } | { kind: 'ignition'; docs: Obj[] } | { kind: 'fragment'; why: string };

/** Is a code block a whole file a trainee could write (manifest, #cloud-config, Ignition JSON), or only an illustration? */
export function blockShape(text: string): BlockShape {
  if (FRAGMENT.test(text)) return { kind: 'fragment', why: 'it leaves parts out ([...] or …)' };
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  if (!list.length || list.some((d) => d.errors.length)) return { kind: 'fragment', why: 'it is not valid YAML' };
  const data = list.map((d) => d.toJS({ maxAliasCount: 100 }) as unknown).filter((d) => d !== null && d !== undefined);
  if (!data.length || data.some((d) => typeof d !== 'object' || Array.isArray(d))) return { kind: 'fragment', why: 'it is not a manifest' };
  const objs = data as Obj[];
  if (/^#cloud-config\s*$/m.test(text.split('\n')[0] ?? '')) return { kind: 'cloud-config', docs: objs };
  if (objs.length === 1 && 'ignition' in objs[0]) return { kind: 'ignition', docs: objs };
  if (objs.every((d) => typeof d.apiVersion === 'string' && typeof d.kind === 'string' && d.metadata && typeof d.metadata === 'object')) return { kind: 'manifest', docs: objs };
  return { kind: 'fragment', why: 'it is no complete manifest (apiVersion, kind and metadata)' };
}

interface Mention {
  path: string;
  name: string;
  line: number;
  /** Last source line of the sentence's paragraph. */
  end: number;
  startsWith: boolean;
  fromAbove: boolean;
}

/** Paragraphs of a task's prose (consecutive source lines; a Task hint may say "Create a file" too). */
function paragraphs(task: TaskInfo): { text: string; line: number; end: number }[] {
  const out: { text: string; line: number; end: number; details?: string }[] = [];
  for (const p of task.prose ?? []) {
    const last = out[out.length - 1];
    if (last && p.line === last.end + 1 && last.details === p.details) {
      last.text += ` ${p.text.trim()}`;
      last.end = p.line;
    } else out.push({ text: p.text.trim(), line: p.line, end: p.line, ...(p.details ? { details: p.details } : {}) });
  }
  return out;
}

/** Paths that commands on the page name: kubectl apply/create -f, --from-file=[key=]path. */
export function commandPaths(blocks: CodeBlock[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (!SHELL.test(b.lang)) continue;
    for (const m of b.text.matchAll(/(?:^|\s)(?:-f|--filename)[ =]([^\s;|&]+\.(?:ya?ml|json))/g)) out.push(m[1]);
    for (const m of b.text.matchAll(/--from-file=(?:[\w.-]+=)?([^\s;|&]+)/g)) out.push(m[1]);
  }
  return out;
}

function mentions(task: TaskInfo, commands: string[]): Mention[] {
  const out: Mention[] = [];
  for (const p of paragraphs(task)) {
    if (!WRITES.test(p.text)) continue;
    const names = [...p.text.matchAll(FILE_NAME)].map((m) => m[1]);
    if (!names.length) continue;
    const folder = FOLDER.exec(p.text)?.[1];
    for (const name of names) {
      if (/^(https?:|\/)/.test(name)) continue;
      let path = name;
      if (!name.includes('/')) {
        if (folder && !folder.endsWith('.yaml')) path = `${folder.replace(/\/+$/, '')}/${name}`;
        else path = commands.find((c) => c === name || c.endsWith(`/${name}`)) ?? name;
      }
      if (out.some((m) => m.path === path)) continue;
      out.push({ path, name: path.slice(path.lastIndexOf('/') + 1), line: p.line, end: p.end, startsWith: STARTS.test(p.text), fromAbove: FROM_ABOVE.test(p.text) });
    }
  }
  return out;
}

const isDetailsRef = (b: CodeBlock) => !!b.details && /hint|solution|result/i.test(b.details);

function firstKind(shape: BlockShape): string | undefined {
  return shape.kind === 'fragment' ? undefined : shape.kind === 'manifest' ? String(shape.docs[0].kind) : shape.kind;
}

function fmt(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
}

/** A field path segment for a key: plain, or ["quoted"] when it holds dots or brackets. */
function keySeg(prefix: string, key: string): string {
  if (/^[\w-]+$/.test(key)) return prefix ? `${prefix}.${key}` : key;
  return `${prefix}["${key}"]`;
}

function named(list: unknown[]): boolean {
  const names = list.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Obj).name : undefined));
  return names.every((n) => typeof n === 'string' && /^[\w.-]+$/.test(n)) && new Set(names).size === names.length;
}

export interface FieldChange {
  path: string;
  kind: 'equals' | 'absent';
  value?: unknown;
}

const deepEqual = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The fields that differ between start and reference (all of the reference's when start is undefined). */
export function changedFields(start: unknown, ref: unknown, path = ''): FieldChange[] {
  if (IGNORED_FIELDS.has(path)) return [];
  if (start !== undefined && deepEqual(start, ref)) return [];
  if (ref === undefined) return [{ path, kind: 'absent' }];
  const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObj(ref) && Object.keys(ref).length && (start === undefined || isObj(start))) {
    const out: FieldChange[] = [];
    for (const k of Object.keys(ref)) out.push(...changedFields(start === undefined ? undefined : start[k], ref[k], keySeg(path, k)));
    if (isObj(start)) for (const k of Object.keys(start)) if (!(k in ref)) out.push(...changedFields(start[k], undefined, keySeg(path, k)));
    return out;
  }
  if (Array.isArray(ref) && ref.length && named(ref)) {
    const s = Array.isArray(start) && named(start) ? (start as Obj[]) : undefined;
    if (start === undefined || s) {
      const out: FieldChange[] = [];
      for (const item of ref as Obj[]) {
        const at = `${path}[name=${String(item.name)}]`;
        // the name is in the path already: not a field of its own
        out.push(...changedFields(s?.find((x) => x.name === item.name), item, at).filter((c) => c.path !== `${at}.name`));
      }
      for (const item of s ?? []) if (!(ref as Obj[]).some((x) => x.name === item.name)) out.push({ path: `${path}[name=${String(item.name)}]`, kind: 'absent' });
      return out;
    }
  }
  if (Array.isArray(ref) && (start === undefined || (Array.isArray(start) && ref.length === start.length)) && ref.some((x) => x && typeof x === 'object')) {
    return ref.flatMap((item, i) => changedFields(Array.isArray(start) ? start[i] : undefined, item, `${path}[${i}]`));
  }
  return [{ path, kind: 'equals', value: ref }];
}

/** Field changes whose value no trainee can copy ($USER, <namespace>): left out. */
const personal = (v: unknown): boolean => PLACEHOLDER.test(JSON.stringify(v) ?? '');

interface FilePlan {
  key: string;
  path: string;
  start: string;
  startFrom: 'empty' | 'previous' | CodeBlock | 'carried';
  ref?: CodeBlock;
  why?: string;
}

function fileKey(path: string, used: Set<string>): string {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.(ya?ml|json)$/, '').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '') || 'file';
  let key = base;
  for (let i = 2; used.has(key); i++) key = `${base}-${i}`;
  used.add(key);
  return key;
}

export function deriveLab(input: DeriveInput): DerivedLab {
  const { tasks: pageTasks, codeBlocks } = input;
  const commands = commandPaths(codeBlocks);
  // Names the page uses in commands and text: a metadata.name found there is not the trainee's choice.
  const pageWords = [
    ...codeBlocks.filter((b) => SHELL.test(b.lang) || b.lang === 'text').map((b) => b.text),
    ...pageTasks.flatMap((t) => (t.prose ?? []).map((p) => p.text)),
  ].join('\n');
  const latest: Record<string, string> = { ...(input.carried ?? {}) };
  const ends: Record<string, string> = {};
  const warnings: DerivedLab['warnings'] = [];
  const files: Record<string, string> = {};
  const keys = new Map<string, string>();
  const usedKeys = new Set<string>();
  const tasks: ResolvedTask[] = [];
  const specTasks: ExerciseTaskSpec[] = [];
  const blockShapes = new Map<CodeBlock, BlockShape>();
  const shapeOf = (b: CodeBlock) => {
    let s = blockShapes.get(b);
    if (!s) blockShapes.set(b, (s = /^(ya?ml|json|)$/.test(b.lang) ? blockShape(b.text) : { kind: 'fragment', why: `it is ${b.lang} code` }));
    return s;
  };

  for (const task of pageTasks) {
    const mine = codeBlocks.filter((b) => b.taskId === task.id);
    const found = mentions(task, commands);
    if (!found.length) {
      // No sentence names a file, but the task's Solution is a whole file and its command applies
      // a file written earlier of that kind: the task edits it (4.2.3 "Enhance your startup script").
      const ref = mine.find((b) => isDetailsRef(b) && shapeOf(b).kind !== 'fragment');
      const kind = ref && firstKind(shapeOf(ref));
      const path = ref && commandPaths(mine).find((c) => latest[c] !== undefined && firstKind(blockShape(latest[c])) === kind);
      if (path) found.push({ path, name: path.slice(path.lastIndexOf('/') + 1), line: task.line, end: task.line, startsWith: false, fromAbove: false });
    }
    const base = { id: task.id, number: task.number, title: task.title, anchor: task.anchor, reads: [] as string[], spec: { line: task.line, column: 1 }, source: 'derived' as const, ...(found.length ? { writes: found.map((m) => m.path) } : {}) };
    const notChecked = (note: string) => {
      tasks.push({ ...base, changesFiles: false, checkedBy: 'none', note, files: [], requirements: [] });
      specTasks.push({ id: task.id, changes: 'none', checkedBy: 'none', note });
    };
    if (!found.length) {
      notChecked('the task names no file to write (no "Create a file `x.yaml` …" sentence)');
      continue;
    }
    const refs = mine.filter((b) => isDetailsRef(b) && shapeOf(b).kind !== 'fragment');
    const plans: FilePlan[] = [];
    found.forEach((m, mi) => {
      const next = found[mi + 1];
      const shown = mine.find((b) => !b.details && b.line > m.line && (!next || next.line <= m.line || b.line < next.line) && shapeOf(b).kind !== 'fragment');
      // the reference: the details block for this file (by name, then by order, then the only one)
      let ref = refs.find((b) => {
        const s = shapeOf(b);
        return s.kind === 'manifest' && m.name.replace(/\.(ya?ml|json)$/, '').split(/[_]/).some((part) => part.length > 3 && JSON.stringify(s.docs[0].metadata ?? {}).includes(part));
      });
      if (!ref && refs.length === found.length) ref = refs[mi];
      if (!ref && refs.length === 1 && found.length === 1) ref = refs[0];
      let startBlock: CodeBlock | undefined;
      // "start with" this block, when a reference says where to go; without one it is the content
      if (shown && ref && shown !== ref) startBlock = shown;
      else if (!ref && shown) ref = shown;
      if (!startBlock && m.fromAbove && ref) {
        const kind = firstKind(shapeOf(ref));
        startBlock = [...codeBlocks].reverse().find((b) => b.line < m.line && b !== ref && !isDetailsRef(b) && firstKind(shapeOf(b)) === kind);
      }
      const key = keys.get(m.path) ?? fileKey(m.path, usedKeys);
      keys.set(m.path, key);
      const plan: FilePlan = { key, path: m.path, start: '', startFrom: 'empty' };
      if (startBlock) Object.assign(plan, { start: `${startBlock.text}\n`, startFrom: startBlock });
      else if (latest[m.path] !== undefined) Object.assign(plan, { start: latest[m.path], startFrom: m.path in (input.carried ?? {}) && !(m.path in ends) ? 'carried' : 'previous' });
      if (ref) plan.ref = ref;
      else plan.why = m.startsWith || shown ? `${m.name}: the task shows where to start but no reference (no Solution or Task hint block with the whole file)` : `${m.name}: the task shows no complete content for it (illustrative fragments only)`;
      plans.push(plan);
    });

    const checkable = plans.filter((p) => p.ref);
    if (!checkable.length) {
      notChecked(plans.map((p) => p.why).join('; '));
      continue;
    }
    const resolvedFiles: ResolvedFile[] = [];
    const requirements: ResolvedRequirement[] = [];
    const specReqs: RequirementSpec[] = [];
    const taskSpecFiles: ExerciseTaskSpec['files'] = [];
    const reasons: string[] = plans.filter((p) => !p.ref).map((p) => p.why!);
    for (const plan of checkable) {
      const ref = plan.ref!;
      const solution = `${ref.text}\n`;
      const shape = shapeOf(ref) as Exclude<BlockShape, { kind: 'fragment' }>;
      const startShape = plan.start ? blockShape(plan.start) : undefined;
      const startDocs = startShape && startShape.kind !== 'fragment' ? startShape.docs : undefined;
      const reqs: Omit<ResolvedRequirement, 'id'>[] = [];
      const where = (path?: string) => {
        const l = path ? fieldLine(ref.text, path) : undefined;
        return { line: (l && ref.sourceLines[l.line - 1]) || ref.line, column: l?.column ?? 1 };
      };
      const problem = shape.kind === 'ignition' ? undefined : input.validate?.(solution, plan.path);
      if (shape.kind !== 'ignition' && !problem) {
        reqs.push({ text: `Make ${plan.path.slice(plan.path.lastIndexOf('/') + 1)} valid ${shape.kind === 'cloud-config' ? '#cloud-config user data' : 'for the cluster'} (see the finding).`, kind: 'validatesClean', file: plan.path, spec: where() });
      } else if (problem) {
        reasons.push(`${plan.path}: its reference does not validate (${problem.message}); checked on its fields only`);
        warnings.push({ line: ref.sourceLines[problem.line - 1] ?? ref.line, column: problem.column, message: `Task ${task.number}'s reference ${plan.path} does not validate: ${problem.message}; the derived check leaves validation out (fix the page, or write an exercise file)` });
      }
      shape.docs.forEach((doc, di) => {
        const startDoc = plan.start === '' ? undefined : startDocs?.find((d) => d.kind === doc.kind) ?? (startDocs && shape.docs.length === 1 ? startDocs[0] : undefined);
        let changes = changedFields(plan.start === '' ? undefined : startDoc ?? {}, doc);
        const name = (doc.metadata as Obj | undefined)?.name;
        if (plan.start === '' && typeof name === 'string' && !pageWords.includes(name)) changes = changes.filter((c) => c.path !== 'metadata.name');
        changes = changes.filter((c) => !(c.kind === 'equals' && personal(c.value)) && c.path !== '');
        const docSel = shape.docs.length > 1 ? { doc: { kind: String(doc.kind), ...(typeof name === 'string' ? { name } : {}) } } : {};
        for (const c of changes) {
          const field = `${c.path}`;
          reqs.push(
            c.kind === 'absent'
              ? { text: `Remove ${field}${di || shape.docs.length > 1 ? ` from the ${String(doc.kind)}` : ''}, as Task ${task.number}'s reference does.`, kind: 'absent', file: plan.path, path: c.path, ...docSel, spec: where() }
              : { text: `Set ${field} to ${fmt(c.value)}${shape.docs.length > 1 ? ` in the ${String(doc.kind)}` : ''}, as Task ${task.number} asks.`, kind: 'equals', file: plan.path, path: c.path, value: c.value, ...docSel, spec: where(c.path) },
          );
        }
      });
      if (!reqs.some((r) => r.kind !== 'validatesClean') && plan.start !== '') {
        reasons.push(`${plan.path}: its start and its reference are the same, so there is nothing to check`);
        continue;
      }
      resolvedFiles.push({ key: plan.key, path: plan.path, start: plan.start, solution, solutionSource: { line: ref.line, sourceLines: ref.sourceLines } });
      files[plan.key] = plan.path;
      latest[plan.path] = solution;
      ends[plan.path] = solution;
      const refSel = selector(ref, codeBlocks, task.id);
      taskSpecFiles.push({ file: plan.key, start: startSource(plan, codeBlocks, task.id), solution: refSel ? { block: refSel } : { text: solution } });
      for (const r of reqs) {
        requirements.push({ id: `${task.id}.${requirements.length + 1}`, ...r });
        const s: RequirementSpec = { text: r.text, file: plan.key };
        if (r.doc) s.doc = r.doc;
        if (r.kind === 'validatesClean') s.validatesClean = true;
        else if (r.kind === 'absent') s.absent = r.path;
        else Object.assign(s, { equals: r.path, value: r.value });
        specReqs.push(s);
      }
    }
    if (!resolvedFiles.length) {
      notChecked(reasons.join('; '));
      continue;
    }
    tasks.push({ ...base, changesFiles: true, checkedBy: 'requirements', ...(reasons.length ? { note: reasons.join('; ') } : {}), files: resolvedFiles, requirements });
    specTasks.push({ id: task.id, files: taskSpecFiles, requirements: specReqs, ...(reasons.length ? { note: reasons.join('; ') } : {}) });
  }

  const labInfo = { slug: input.slug, labfoldernumber: input.labfoldernumber ?? '', ...(input.title ? { title: input.title } : {}) };
  const lab: ResolvedLab = { lab: labInfo, files, tasks };
  const spec: ExerciseSpec = { lab: { slug: input.slug, ...(input.labfoldernumber ? { labfoldernumber: input.labfoldernumber } : {}) }, files, tasks: specTasks };
  return { lab, spec, ends, warnings };
}

/** Where a field is in a YAML text (1-based), for positions on the page. */
function fieldLine(text: string, path: string): { line: number; column: number } | undefined {
  try {
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc });
    const w = walk(doc.contents as YamlNode, parseFieldPath(path));
    const node = (w.found ? (w.pair?.key as YamlNode | undefined) ?? w.node : w.deepestKey) as YamlNode | undefined;
    if (!node?.range) return undefined;
    const pos = lc.linePos(node.range[0]);
    return { line: pos.line, column: pos.col };
  } catch {
    return undefined;
  }
}

/**
 * A selector that picks exactly this block as resolve.ts reads it (README "Code block
 * selectors"); undefined for a block outside every task, which no selector reaches.
 */
export function selector(b: CodeBlock, blocks: CodeBlock[], taskId: string): BlockSelector | undefined {
  if (b.taskId === undefined) return undefined;
  const sel: BlockSelector = { ...(b.taskId === taskId ? {} : { task: b.taskId }), details: b.details ?? false, lang: b.lang };
  const matches = (s: BlockSelector) =>
    blocks.filter(
      (x) =>
        (s.task ?? taskId) === x.taskId &&
        (s.details === undefined || (s.details === false ? !x.details : x.details === s.details)) &&
        (s.lang === undefined || x.lang === s.lang) &&
        (s.contains === undefined || x.text.includes(s.contains)),
    );
  if (matches(sel).length === 1) return sel;
  // the block's most distinctive line
  for (const line of b.text.split('\n').map((l) => l.trim()).filter((l) => l.length > 4).sort((x, y) => y.length - x.length)) {
    const s = { ...sel, contains: line };
    if (matches(s).length === 1) return s;
  }
  return undefined;
}

function startSource(plan: FilePlan, blocks: CodeBlock[], taskId: string): NonNullable<ExerciseTaskSpec['files']>[number]['start'] {
  if (plan.startFrom === 'empty') return 'empty';
  if (plan.startFrom === 'previous') return 'previous';
  if (plan.startFrom === 'carried') return { text: plan.start };
  const sel = selector(plan.startFrom, blocks, taskId);
  return sel ? { block: sel } : { text: plan.start };
}

/**
 * Each page's lab id: its labfoldernumber when no other page has it, else its slug (acend's
 * trainings give one labfoldernumber to every page of a chapter).
 */
export function labIds(pages: { slug: string; frontMatter: Record<string, unknown> }[]): Map<string, string> {
  const count = new Map<string, number>();
  const num = (p: { frontMatter: Record<string, unknown> }) => (p.frontMatter.labfoldernumber == null ? undefined : String(p.frontMatter.labfoldernumber));
  for (const p of pages) {
    const n = num(p);
    if (n !== undefined) count.set(n, (count.get(n) ?? 0) + 1);
  }
  return new Map(pages.map((p) => {
    const n = num(p);
    return [p.slug, n !== undefined && count.get(n) === 1 ? n : p.slug];
  }));
}
