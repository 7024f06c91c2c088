// Completion and hover data for the editor, from the same generated definitions the schema stage
// validates against (descriptions, enums, defaults). Works on half-typed text: the field path at
// the cursor comes from indentation, not from a full parse. KubeVirt's docs come with this module;
// every other API group's (core, apps, cdi.kubevirt.io, …) load when a document names one of its
// kinds: await ensureDocsFor(text) before completionsAt/hoverAt (a kind not loaded yet gets none).
import { docLoaders } from './generated/doc-modules.ts';
import { docs, type DocDef, type DocProp } from './generated/kubevirt-docs.ts';
import { kinds, kindVersions } from './generated/kinds.ts';

/** The docs of the groups loaded so far. */
const groupDocs: Record<string, DocDef> = {};
const docsLoading = new Map<string, Promise<void>>();
const docOf = (name: string): DocDef | undefined => docs[name] ?? groupDocs[name];

/** Loads the docs of each API group whose kind a `kind:` line of `text` names. */
export async function ensureDocsFor(text: string): Promise<void> {
  const need = new Set<string>();
  for (const m of text.matchAll(/^\s*kind:\s*["']?([A-Za-z]+)/gm)) for (const e of Object.values(kindVersions[m[1]!] ?? {})) need.add(e.module);
  await Promise.all([...need].filter((m) => docLoaders[m]).map((m) => {
    let p = docsLoading.get(m);
    if (!p) {
      p = docLoaders[m]!().then((mod) => { Object.assign(groupDocs, mod.docs); });
      docsLoading.set(m, p);
    }
    return p;
  }));
}

export interface CompletionItem {
  label: string;
  kind: 'property' | 'enum' | 'value';
  detail?: string;
  documentation?: string;
  insertText: string;
  /** 0-based offsets of the text the item replaces. */
  range: { start: number; end: number };
}

export interface Hover {
  markdown: string;
  range: { start: number; end: number };
}

interface LineInfo {
  text: string;
  start: number;
}

function linesOf(text: string): LineInfo[] {
  const out: LineInfo[] = [];
  let start = 0;
  for (const t of text.split('\n')) {
    out.push({ text: t, start });
    start += t.length + 1;
  }
  return out;
}

/** The document (between --- lines) holding line `li`. */
function docBounds(lines: LineInfo[], li: number): [number, number] {
  let a = li;
  while (a > 0 && !/^---/.test(lines[a]!.text)) a--;
  if (/^---/.test(lines[a]!.text)) a++;
  let b = li + 1;
  while (b < lines.length && !/^---/.test(lines[b]!.text)) b++;
  return [a, b];
}

const KEY_RE = /^(\s*)((?:-\s+)*)([A-Za-z0-9_.\/-]+)\s*:(?:\s|$)/;

/** Keys from the document root to the mapping at indentation `indent` above line `li`. */
function parentKeys(lines: LineInfo[], from: number, li: number, indent: number): string[] {
  const keys: string[] = [];
  let cur = indent;
  for (let i = li - 1; i >= from && cur > 0; i--) {
    const t = lines[i]!.text;
    if (!t.trim() || t.trimStart().startsWith('#')) continue;
    const ind = t.length - t.trimStart().length;
    const m = KEY_RE.exec(t);
    const dash = /^\s*-\s/.test(t);
    const keyInd = m ? m[1]!.length + m[2]!.length : ind + (dash ? 2 : 0);
    if (m && keyInd < cur) {
      keys.unshift(m[3]!);
      cur = ind;
    } else if (dash && ind < cur) cur = ind; // inside this list item: its keys are siblings
  }
  return keys;
}

/** The document's kind and the definition of its apiVersion (the preferred version's when unknown). */
function rootDefOf(lines: LineInfo[], a: number, b: number): string | undefined {
  let kind: string | undefined;
  let version: string | undefined;
  for (let i = a; i < b; i++) {
    const t = lines[i]!.text;
    kind ??= /^kind:\s*["']?([A-Za-z]+)/.exec(t)?.[1];
    version ??= /^apiVersion:\s*["']?([A-Za-z0-9.\/-]+)/.exec(t)?.[1];
  }
  if (!kind || !kinds[kind]) return undefined;
  return kindVersions[kind]?.[version ?? '']?.def ?? kinds[kind].def;
}

function defFor(root: string | undefined, keys: string[]): DocDef | undefined {
  if (!root) return undefined;
  let def: DocDef | undefined = docOf(root);
  for (const k of keys) {
    const p: DocProp | undefined = def?.p[k];
    if (!p?.r) return undefined;
    def = docOf(p.r);
  }
  return def;
}

function docText(name: string, p: DocProp, required: boolean): string {
  const parts = [`**${name}**${p.t ? ` *(${p.t}${p.r ? ` ${p.r.replace(/^.*\./, '')}` : ''})*` : ''}${required ? ' — required' : ''}`];
  if (p.d) parts.push(p.d);
  if (p.e) parts.push(`Values: ${p.e.map((v) => `\`${String(v)}\``).join(', ')}`);
  if (p.df !== undefined) parts.push(`Default: \`${String(p.df)}\``);
  return parts.join('\n\n');
}

function wordAt(line: string, col: number): [number, number] {
  let a = col;
  while (a > 0 && /[A-Za-z0-9_.\/-]/.test(line[a - 1]!)) a--;
  let b = col;
  while (b < line.length && /[A-Za-z0-9_.\/-]/.test(line[b]!)) b++;
  return [a, b];
}

function locateOffset(lines: LineInfo[], offset: number): [number, number] {
  let li = lines.length - 1;
  for (let i = 0; i < lines.length; i++) if (lines[i]!.start + lines[i]!.text.length >= offset) { li = i; break; }
  return [li, offset - lines[li]!.start];
}

export function completionsAt(text: string, offset: number): CompletionItem[] {
  const lines = linesOf(text);
  const [li, col] = locateOffset(lines, Math.max(0, Math.min(offset, text.length)));
  const line = lines[li]!.text;
  const before = line.slice(0, col);
  const [a, b] = docBounds(lines, li);
  const [ws, we] = wordAt(line, col);
  const range = { start: lines[li]!.start + ws, end: lines[li]!.start + we };
  const root = rootDefOf(lines, a, b);
  const valueM = /^(\s*)((?:-\s+)*)([A-Za-z0-9_.\/-]+)\s*:\s+(\S*)$/.exec(before);
  if (valueM) {
    const key = valueM[3]!;
    const indent = valueM[1]!.length + valueM[2]!.length;
    if (indent === 0 && key === 'kind') return Object.keys(kinds).map((k) => ({ label: k, kind: 'value', detail: kinds[k]!.apiVersion, insertText: k, range }));
    if (indent === 0 && key === 'apiVersion') return [...new Set(Object.values(kinds).map((k) => k.apiVersion))].map((v) => ({ label: v, kind: 'value', insertText: v, range }));
    const def = defFor(root, parentKeys(lines, a, li, indent));
    const p = def?.p[key];
    if (!p) return [];
    const values = p.e ?? (p.t === 'boolean' ? [true, false] : p.df !== undefined ? [p.df] : []);
    return values.map((v) => ({ label: String(v), kind: p.e ? 'enum' : 'value', detail: p.t, documentation: p.d, insertText: String(v), range }));
  }
  const keyM = /^(\s*)((?:-\s+)*)([A-Za-z0-9_.\/-]*)$/.exec(before);
  if (!keyM) return [];
  const indent = keyM[1]!.length + keyM[2]!.length;
  let def: DocDef | undefined;
  if (indent === 0) def = root ? defFor(root, []) : { p: { apiVersion: { t: 'string' }, kind: { t: 'string' }, metadata: { t: 'object' }, spec: { t: 'object' } } };
  else def = defFor(root, parentKeys(lines, a, li, indent));
  if (!def) return [];
  // Siblings already written in this mapping are not offered again.
  const present = new Set<string>();
  for (let i = li - 1; i >= a; i--) {
    const t = lines[i]!.text;
    if (!t.trim()) continue;
    const m = KEY_RE.exec(t);
    const ki = m ? m[1]!.length + m[2]!.length : t.length - t.trimStart().length;
    if (ki < indent || (m && m[2] && ki === indent && keyM[2] === '')) { if (m && ki === indent) present.add(m[3]!); break; }
    if (m && ki === indent) present.add(m[3]!);
  }
  for (let i = li + 1; i < b; i++) {
    const t = lines[i]!.text;
    if (!t.trim()) continue;
    const m = KEY_RE.exec(t);
    const ki = m ? m[1]!.length + m[2]!.length : t.length - t.trimStart().length;
    if (ki < indent || (m && m[2])) break;
    if (m && ki === indent) present.add(m[3]!);
  }
  const req = new Set(def.q ?? []);
  return Object.entries(def.p)
    .filter(([k]) => !present.has(k) && k !== 'status')
    .map(([k, p]) => ({
      label: k,
      kind: 'property' as const,
      detail: `${p.t ?? ''}${req.has(k) ? ' (required)' : ''}`.trim() || undefined,
      documentation: docText(k, p, req.has(k)),
      insertText: `${k}: `,
      range,
    }));
}

export function hoverAt(text: string, offset: number): Hover | undefined {
  const lines = linesOf(text);
  const [li, col] = locateOffset(lines, Math.max(0, Math.min(offset, text.length)));
  const line = lines[li]!.text;
  const m = KEY_RE.exec(line);
  if (!m) return undefined;
  const indent = m[1]!.length + m[2]!.length;
  const key = m[3]!;
  const [a, b] = docBounds(lines, li);
  const root = rootDefOf(lines, a, b);
  const def = defFor(root, parentKeys(lines, a, li, indent));
  const p = def?.p[key];
  if (!p) return undefined;
  const [ws, we] = col <= indent + key.length ? [indent, indent + key.length] : wordAt(line, col);
  return { markdown: docText(key, p, (def?.q ?? []).includes(key)), range: { start: lines[li]!.start + ws, end: lines[li]!.start + we } };
}
