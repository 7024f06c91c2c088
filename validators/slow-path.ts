// The positioned reader: the whole text parsed with `yaml` (which keeps source ranges), every
// finding placed on its node, and YAML's own errors worded for a trainee. The fast path
// (index.ts) needs it only when the quick reader cannot read the text or the quick locator cannot
// place a finding, so it loads on demand (registry.ts loadPositionedReader; ~30 KB gzipped that
// a clean document never fetches).
import { CST, isScalar, parseAllDocuments, Parser, Scalar, type Document, type Node } from 'yaml';
import { YAML_11_BOOL } from './kubectl-yaml.ts';
import { locate, scalarAt } from './positions.ts';
import { clusterPath, LineCounter, spanOf } from './spans.ts';
import type { RawFinding } from './raw.ts';
import { MAX_NODES, result, runStages, simple, sortFindings, tooLarge, type StreamCtx, type ValidateOptions } from './stages.ts';
import type { DocumentResult, Finding } from './types.ts';

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'Each key may appear once per mapping: merge the two entries or remove one.',
  TAB_AS_INDENT: 'YAML indents with spaces only: replace the tab with spaces.',
  BAD_INDENT: 'Align the key with its siblings (same number of spaces).',
  MISSING_CHAR: 'Close the quote (or remove the opening one).',
  BAD_SCALAR_START: 'Quote the value: it starts with a character YAML reserves.',
  MULTILINE_IMPLICIT_KEY: 'A key must fit on one line: check for a missing ":" or a wrongly indented line above.',
  UNEXPECTED_TOKEN: 'Check the indentation and the ":" of this line.',
  BLOCK_AS_IMPLICIT_KEY: 'Check the indentation: a nested block needs its parent key to end with ":".',
  ALIAS_PROPS: 'An alias cannot carry a tag or anchor.',
  BAD_ALIAS: 'Define the anchor (&name) before using *name.',
};

class Positioner {
  readonly lc: LineCounter;
  constructor(private text: string, lc: LineCounter) { this.lc = lc; }

  /** Span clipped to its first line (a block mapping's range runs over many lines). */
  span(start: number, end: number) {
    const s = spanOf(this.lc, start, end);
    if (s.endLine > s.line || end <= start) {
      let e = this.text.indexOf('\n', start);
      if (e < 0) e = this.text.length;
      if (this.text[e - 1] === '\r') e--;
      const c = spanOf(this.lc, start, Math.max(e, start + (end > start ? 1 : 0)));
      return { ...c, endLine: c.line, endColumn: c.line === c.endLine ? c.endColumn : c.column + 1 };
    }
    return s;
  }

  finding(doc: Document, r: RawFinding): Finding {
    const path = r.shownPath ?? clusterPath(r.path);
    if (r.inner) {
      const node = scalarAt(doc, r.path);
      const mapped = node ? this.mapInner(node, r.inner) : undefined;
      if (mapped) return { stage: r.stage, severity: r.severity, ...mapped, path, message: r.message, ...(r.hint ? { hint: r.hint } : {}) };
    }
    const [a, b] = locate(doc, r.path, r.anchor);
    const s = this.span(a, b);
    return { stage: r.stage, severity: r.severity, line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn, path, message: r.message, ...(r.hint ? { hint: r.hint } : {}) };
  }

  /** Position inside a block scalar (`userData: |`) → position in the outer file. */
  private mapInner(node: Node, inner: NonNullable<RawFinding['inner']>) {
    if (!isScalar(node) || !node.range) return undefined;
    const start = node.range[0];
    const head = this.lc.linePos(start);
    if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
      const lines = this.text.slice(start, node.range[1]).split('\n');
      let indent = 0;
      for (const l of lines.slice(1)) if (l.trim()) { indent = l.length - l.trimStart().length; break; }
      const at = (line: number, col: number) => ({ line: head.line + line, column: indent + col });
      const a = at(inner.line, inner.column);
      const b = at(inner.endLine, inner.endColumn);
      return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    }
    const s = this.span(node.range[0], node.range[1]);
    return { line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
  }
}

/** Quoted scalars that run to the end of the text without their closing quote (offsets). */
function unclosedQuotes(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const check = (t: CST.Token | undefined) => {
    if (!t || (t.type !== 'double-quoted-scalar' && t.type !== 'single-quoted-scalar')) return;
    const q = t.source[0]!;
    const body = t.source.slice(1);
    const closed = q === "'" ? /^(?:[^']|'')*'/.test(body) : /^(?:[^"\\]|\\[\s\S])*"/.test(body);
    if (!closed) out.push({ start: t.offset, end: t.offset + t.source.length });
  };
  for (const tok of new Parser().parse(text)) {
    if (tok.type !== 'document') continue;
    check(tok.value);
    CST.visit(tok, (item) => {
      check(item.key ?? undefined);
      check(item.value);
    });
  }
  return out;
}

/** Positions everything; used when the fast path found something (or could not parse). */
export function slowPath(text: string, opts: ValidateOptions): DocumentResult[] {
  const lc = new LineCounter(text);
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, merge: true, customTags: [YAML_11_BOOL] });
  const pos = new Positioner(text, lc);
  const list = Array.isArray(docs) ? docs : [];
  let quotes: { start: number; end: number }[] | undefined;
  const objs: unknown[] = [];
  const yamlErrs: Finding[][] = [];
  for (const doc of list) {
    const errs: Finding[] = [];
    for (const e of [...doc.errors]) {
      const open = e.code === 'MISSING_CHAR' && /quote/.test(e.message) ? (quotes ??= unclosedQuotes(text)).find((q) => q.start <= e.pos[0] && e.pos[0] <= q.end) : undefined;
      if (open) {
        // The reader gives up at the end of the text; the trainee's mistake is where the quote opens.
        const s = pos.span(open.start, open.end);
        errs.push({ stage: 'yaml', severity: 'error', line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn, path: '', message: e.message.split('\n')[0]!, hint: 'This quote is never closed, so YAML reads the rest of the file into one string: close it on this line (or remove it).' });
        continue;
      }
      const s = pos.span(e.pos[0], e.pos[1]);
      errs.push({ stage: 'yaml', severity: 'error', line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn, path: '', message: e.message.split('\n')[0]!, hint: YAML_HINTS[e.code] ?? 'Fix the YAML syntax here.' });
    }
    let obj: unknown;
    if (!errs.length) {
      try {
        obj = doc.toJS({ maxAliasCount: 1000 });
        if (tooLarge(obj)) throw new Error('expands');
      } catch {
        errs.push(simple(`document expands to more than ${MAX_NODES.toLocaleString('en')} nodes through aliases`, 'Remove the nested aliases (*name): this looks like a "billion laughs" document.', pos.span(doc.range[0], doc.range[0]).line));
        obj = undefined;
      }
    }
    objs.push(errs.length ? undefined : obj);
    yamlErrs.push(errs);
  }
  const ctx: StreamCtx = { docs: objs, opts };
  const out: DocumentResult[] = [];
  list.forEach((doc, i) => {
    if (yamlErrs[i]!.length) { out.push(result(i, undefined, sortFindings(yamlErrs[i]!), opts.strict)); return; }
    const obj = objs[i];
    if (obj === null || obj === undefined) { if (list.length === 1) out.push(result(i, obj, [], opts.strict)); return; }
    const fs = runStages(obj, ctx).map((r) => pos.finding(doc, r));
    out.push(result(i, obj, sortFindings(fs), opts.strict));
  });
  return out;
}
