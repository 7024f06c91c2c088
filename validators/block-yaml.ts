// A quick reader for the block YAML trainees write (mappings, sequences, plain and one-line
// quoted scalars, literal and folded block scalars, {} and []), read as kubectl reads it
// (KUBECTL_JS_YAML's own scalar types). It answers undefined as soon as the text leaves that
// subset — flow collections, anchors, tags, quoted keys, multi-line flow scalars, duplicate or
// merge keys, tabs, CR, control characters, empty documents — and the caller parses with js-yaml
// instead, so js-yaml stays the judge of every error. Where it answers, its result equals
// js-yaml's (tests/unit/validators/block-yaml.test.ts compares them over every manifest).
import { KUBECTL_JS_YAML } from './kubectl-yaml.ts';
import type { LineTable } from './quick-locate.ts';

type Implicit = { resolve(s: string): boolean; construct(s: string): unknown };
/** The scalar types js-yaml tries, in its order, on a plain scalar. */
const implicit = (KUBECTL_JS_YAML as unknown as { compiledImplicit: Implicit[] }).compiledImplicit;

/** By first character: 0 a plain scalar is a string; 1 it may be a word type (null, bool); 2 it may be a number, null or merge. */
const MAYBE = new Uint8Array(128);
for (const c of 'nNtTfFyYoO') MAYBE[c.charCodeAt(0)] = 1;
for (const c of '0123456789+-.~<') MAYBE[c.charCodeAt(0)] = 2;
/** Every word of those types (YAML 1.1's booleans and 1.2's null); the block-yaml test checks the list against the schema. */
export const WORDS = new Set('null Null NULL true True TRUE false False FALSE y Y yes Yes YES n N no No NO on On ON off Off OFF'.split(' '));

function plain(s: string): unknown {
  const c = s.charCodeAt(0);
  const m = c < 128 ? MAYBE[c] : 0;
  if (m === 0 || (m === 1 && !WORDS.has(s))) return s;
  for (const ty of implicit) if (ty.resolve(s)) return ty.construct(s);
  return s;
}

// Anything js-yaml might refuse or read differently: tabs, CR, control and non-printable
// characters, surrogates, BOM, Unicode line separators.
const UNUSUAL = /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;
const NOT_PLAIN_START = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@`') NOT_PLAIN_START[c.charCodeAt(0)] = 1;
const SP = 32;

/** Keys read before, by a hash of their text (keyEnd's), where js-yaml reads the text as itself
 *  (not `yes`, `1`, `~`): manifests repeat the same few hundred keys, and a key from here is
 *  neither sliced nor resolved again, and is a string V8 already holds as a property name (it
 *  copies a key it makes a property name, so an entry holds no text it was sliced from). */
const KEY_SLOTS = 1024;
const MAX_CACHED_KEY = 64;
const keys: (string | undefined)[] = new Array(KEY_SLOTS).fill(undefined);

const OUT = { out: true };
function out(): never { throw OUT; }

class Reader {
  /** Per line: start and end offsets (the end excludes the newline; a final newline opens no
   *  line), and the indentation, or -1 when the line is blank or only a comment. */
  readonly ls: number[] = [];
  readonly le: number[] = [];
  readonly ind: number[] = [];
  /** The line after the node just read (or docEnd). */
  private li = 0;
  private docEnd = 0;
  private depth = 0;
  /** A hash of the key keyEnd found last (the characters before its ":"). */
  private keyHash = 0;

  constructor(private t: string) {
    const n = t.length;
    let s = 0;
    while (s < n) {
      let e = t.indexOf('\n', s);
      if (e < 0) e = n;
      let p = s;
      while (p < e && t.charCodeAt(p) === SP) p++;
      this.ls.push(s);
      this.le.push(e);
      this.ind.push(p === e || t.charCodeAt(p) === 35 ? -1 : p - s);
      s = e + 1;
    }
  }

  docs(): unknown[] {
    const { t, ls, le } = this;
    const out_: unknown[] = [];
    let start = 0;
    const n = ls.length;
    for (let i = 0; i <= n; i++) {
      let marker = i === n;
      if (!marker && this.ind[i] === 0) {
        const s = ls[i]!;
        const c = t.charCodeAt(s);
        if (c === 37) out(); // %directive
        if ((c === 45 || c === 46) && t.charCodeAt(s + 1) === c && t.charCodeAt(s + 2) === c && (s + 3 === le[i] || t.charCodeAt(s + 3) === SP)) {
          if (c === 46) out(); // "..."
          marker = true;
          let p = s + 3;
          while (p < le[i]! && t.charCodeAt(p) === SP) p++;
          if (p < le[i]! && t.charCodeAt(p) !== 35) out(); // "--- value"
        }
      }
      if (!marker) continue;
      this.docEnd = i;
      const first = this.next(start);
      if (first < i) out_.push(this.doc(first));
      else if (start > 0 || i === n) out(); // an empty document: js-yaml's null (or none)
      start = i + 1;
    }
    return out_;
  }

  private doc(first: number): unknown {
    const v = this.block(first, this.indent(first));
    if (this.li !== this.docEnd) out();
    return v;
  }

  /** The first line from i that holds content (not blank, not only a comment), or docEnd. */
  private next(i: number): number {
    const { ind, docEnd } = this;
    while (i < docEnd && ind[i]! < 0) i++;
    return i;
  }

  /** Indentation of a content line. */
  private indent(i: number): number {
    return this.ind[i]!;
  }

  private isDash(i: number, col: number): boolean {
    const p = this.ls[i]! + col;
    return this.t.charCodeAt(p) === 45 && (p + 1 === this.le[i] || this.t.charCodeAt(p + 1) === SP);
  }

  /** A block collection starting at line i, column col. */
  private block(i: number, col: number): unknown {
    if (this.isDash(i, col)) return this.seq(i, col);
    const k = this.keyEnd(i, col);
    return k < 0 ? out() : this.map(i, col, k);
  }

  /** Offset of the ":" ending a plain key that starts at line i, column col; -1 when the line holds no key. */
  private keyEnd(i: number, col: number): number {
    const { t } = this;
    const s = this.ls[i]! + col;
    const e = this.le[i]!;
    const c0 = t.charCodeAt(s);
    if (c0 < 128 && NOT_PLAIN_START[c0]) return -1;
    let flow = false;
    let h = 0;
    for (let p = s; p < e; p++) {
      const c = t.charCodeAt(p);
      if (c === 58) {
        if (p + 1 === e || t.charCodeAt(p + 1) === SP) {
          if (flow || p - s > 1000) out();
          this.keyHash = h;
          return p;
        }
      } else if (c === 35) {
        if (t.charCodeAt(p - 1) === SP) return -1;
      } else if (c === 44 || c === 91 || c === 93 || c === 123 || c === 125) flow = true;
      h = (Math.imul(h, 31) + c) | 0;
    }
    return -1;
  }

  /** A mapping whose first key starts at line i, column col and ends at offset k. */
  private map(i: number, col: number, k: number): Record<string, unknown> {
    const { t } = this;
    const obj: Record<string, unknown> = {};
    if (++this.depth > 60) out();
    for (;;) {
      const s = this.ls[i]! + col;
      // The key, from the cache when this text was a key before (and read as itself).
      const slot = this.keyHash & (KEY_SLOTS - 1);
      let key = keys[slot];
      if (key === undefined || key.length !== k - s || !t.startsWith(key, s)) {
        const spaced = t.charCodeAt(k - 1) === SP;
        const raw = spaced ? t.slice(s, k).trimEnd() : t.slice(s, k);
        if (raw === '<<' || raw === '__proto__') out();
        const c = raw.charCodeAt(0);
        key = c < 128 && MAYBE[c] ? String(plain(raw)) : raw;
        if (!spaced && key === raw && key.length <= MAX_CACHED_KEY) keys[slot] = key;
      }
      if (Object.prototype.hasOwnProperty.call(obj, key)) out(); // js-yaml refuses it
      obj[key] = this.value(i, k + 1, col);
      const n = this.li;
      const ind = n < this.docEnd ? this.indent(n) : -1;
      if (ind < col) { this.depth--; return obj; }
      if (ind > col || this.isDash(n, col)) out();
      i = n;
      k = this.keyEnd(i, col);
      if (k < 0) out();
    }
  }

  private seq(i: number, col: number): unknown[] {
    const { t } = this;
    const arr: unknown[] = [];
    if (++this.depth > 60) out();
    for (;;) {
      const e = this.le[i]!;
      let p = this.ls[i]! + col + 1;
      while (p < e && t.charCodeAt(p) === SP) p++;
      if (p === e || t.charCodeAt(p) === 35) {
        const n = this.next(i + 1);
        if (n < this.docEnd && this.indent(n) > col) arr.push(this.block(n, this.indent(n)));
        else { arr.push(null); this.li = n; }
      } else {
        const c2 = p - this.ls[i]!;
        if (this.isDash(i, c2)) arr.push(this.seq(i, c2));
        else {
          const k = this.keyEnd(i, c2);
          arr.push(k >= 0 ? this.map(i, c2, k) : this.inline(i, p, col));
        }
      }
      const n = this.li;
      const ind = n < this.docEnd ? this.indent(n) : -1;
      if (ind > col) out();
      // below, or a key at the sequence's own column: the parent mapping's (a sequence at its key's column)
      if (ind < col || !this.isDash(n, col)) { this.depth--; return arr; }
      i = n;
    }
  }

  /** The value after a key's ":" at offset p of line i; col: the mapping's column. */
  private value(i: number, p: number, col: number): unknown {
    const { t } = this;
    const e = this.le[i]!;
    while (p < e && t.charCodeAt(p) === SP) p++;
    if (p < e && t.charCodeAt(p) !== 35) return this.inline(i, p, col);
    const n = this.next(i + 1);
    if (n < this.docEnd) {
      const ind = this.indent(n);
      if (ind > col) return this.block(n, ind);
      if (ind === col && this.isDash(n, col)) return this.block(n, col);
    }
    this.li = n;
    return null;
  }

  /** A scalar (or {} / []) starting at offset p of line i; col: the parent's column. */
  private inline(i: number, p: number, col: number): unknown {
    const { t } = this;
    const e = this.le[i]!;
    const c = t.charCodeAt(p);
    let v: unknown;
    let q: number;
    if (c === 124 || c === 62) return this.blockScalar(i, p, col);
    if (c === 34) {
      q = t.indexOf('"', p + 1);
      if (q < 0 || q > e) out();
      v = t.slice(p + 1, q);
      if ((v as string).includes('\\')) out();
      q++;
    } else if (c === 39) {
      q = p + 1;
      for (;;) {
        q = t.indexOf("'", q);
        if (q < 0 || q > e) out();
        if (t.charCodeAt(q + 1) !== 39) break;
        q += 2;
      }
      v = t.slice(p + 1, q).replaceAll("''", "'");
      q++;
    } else if ((c === 123 && t.charCodeAt(p + 1) === 125) || (c === 91 && t.charCodeAt(p + 1) === 93)) {
      v = c === 123 ? {} : [];
      q = p + 2;
    } else {
      if (c < 128 && NOT_PLAIN_START[c] && !((c === 45 || c === 63) && p + 1 < e && t.charCodeAt(p + 1) !== SP)) out();
      let last = p;
      for (q = p; q < e; q++) {
        const d = t.charCodeAt(q);
        if (d === 58) { if (q + 1 === e || t.charCodeAt(q + 1) === SP) out(); }
        else if (d === 35) { if (t.charCodeAt(q - 1) === SP) break; }
        if (d !== SP) last = q;
      }
      this.li = this.next(i + 1);
      return plain(t.slice(p, last + 1));
    }
    // After a quoted scalar or {} / []: only spaces, then maybe a comment.
    let r = q;
    while (r < e && t.charCodeAt(r) === SP) r++;
    if (r < e && !(t.charCodeAt(r) === 35 && r > q)) out();
    this.li = this.next(i + 1);
    return v;
  }

  /** `|` or `>` at offset p of line i: the lines below, as js-yaml folds and chomps them. */
  private blockScalar(i: number, p: number, col: number): string {
    const { t } = this;
    const folding = t.charCodeAt(p) === 62;
    const e = this.le[i]!;
    let chomp = 0; // 0 clip, 1 strip, 2 keep
    let textIndent = col + 1;
    let detected = false;
    for (p++; p < e; p++) {
      const c = t.charCodeAt(p);
      if ((c === 43 || c === 45) && chomp === 0) chomp = c === 43 ? 2 : 1;
      else if (c >= 49 && c <= 57 && !detected) { textIndent = col + c - 48; detected = true; }
      else break;
    }
    if (p < e) {
      if (t.charCodeAt(p) !== SP) out();
      while (p < e && t.charCodeAt(p) === SP) p++;
      if (p < e && t.charCodeAt(p) !== 35) out();
    }
    let res = '';
    let empty = 0;
    let didRead = false;
    let moreIndented = false;
    let k = i + 1;
    for (; k < this.docEnd; k++) {
      const s = this.ls[k]!;
      const le = this.le[k]!;
      let ind = 0;
      while ((!detected || ind < textIndent) && s + ind < le && t.charCodeAt(s + ind) === SP) ind++;
      if (!detected && ind > textIndent) textIndent = ind;
      if (s + ind === le) { empty++; continue; }
      if (ind < textIndent) break;
      const ch = t.charCodeAt(s + ind);
      if (!folding) res += '\n'.repeat(didRead ? 1 + empty : empty);
      else if (ch === SP) { moreIndented = true; res += '\n'.repeat(didRead ? 1 + empty : empty); }
      else if (moreIndented) { moreIndented = false; res += '\n'.repeat(empty + 1); }
      else if (empty === 0) { if (didRead) res += ' '; }
      else res += '\n'.repeat(empty);
      didRead = true;
      detected = true;
      empty = 0;
      res += t.slice(s + ind, le);
    }
    if (chomp === 2) res += '\n'.repeat(didRead ? 1 + empty : empty);
    else if (chomp === 0 && didRead) res += '\n';
    this.li = this.next(k);
    return res;
  }
}

/** The documents of text as js-yaml with KUBECTL_JS_YAML reads them, or undefined when the text is not plain block YAML. */
export function readBlockYaml(text: string): unknown[] | undefined {
  return readBlockYamlLines(text)?.docs;
}

/** readBlockYaml's documents with the line table the reader made of the text (for the quick locator). */
export function readBlockYamlLines(text: string): { docs: unknown[]; lines: LineTable } | undefined {
  if (UNUSUAL.test(text)) return undefined;
  try {
    const r = new Reader(text);
    return { docs: r.docs(), lines: { starts: r.ls, ends: r.le, indents: r.ind } };
  } catch (e) {
    if (e === OUT) return undefined;
    throw e;
  }
}
