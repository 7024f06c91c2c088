// Positions without a YAML parse, for the fast path: finds a field path in block-style YAML by
// indentation alone (what trainees write). Returns undefined whenever the text is not plain
// block style along the path (flow collections, quoted or complex keys, anchors…); the caller
// then re-parses with `yaml`. Only used on text js-yaml already parsed without error.
import type { Anchor, LineCounter, PathSeg } from './spans.ts';

const KEY = /^([A-Za-z0-9_.\/-][A-Za-z0-9_.\/ -]*?)[ \t]*:(?:[ \t]|$)/;

const NO_DASHES: number[] = [];
/** What JavaScript's \s matches (a document marker is "---" then whitespace or the line's end). */
const WS = /\s/;

/** Where the lines of a text start and end (the end excludes the newline) and their indentation
 *  (-1 when blank or only a comment), as the quick block-YAML reader found them (block-yaml.ts);
 *  a final newline opens no line here. */
export interface LineTable {
  starts: readonly number[];
  ends: readonly number[];
  indents: readonly number[];
}

/** A line whose first non-space character is not printable ASCII: blank as trim() sees it. */
function trimmedBlank(line: string): boolean {
  const x = line.trim();
  return x === '' || x.startsWith('#');
}

/** Whether the line [s, e) of t is a document marker m ("---" or "..."), then whitespace or its end. */
function isMarker(t: string, s: number, e: number, m: string): boolean {
  return e - s >= 3 && t.startsWith(m, s) && (s + 3 === e || WS.test(t.charAt(s + 3)));
}

export class QuickLocator {
  // Per line (as text.split('\n') would cut them): start and end offsets, the column of the first
  // character that is not a space or a "- " sequence marker, the columns of the "- " markers,
  // and whether it is blank (empty, only a comment, or a document marker).
  private start: number[] = [];
  private end: number[] = [];
  private content: number[] = [];
  private dashes: number[][] = [];
  private blank: boolean[] = [];
  /** Line index of each document's first line. */
  readonly docStarts: number[] = [];
  /** Offsets → line/column, made once by the caller. */
  lc: LineCounter | undefined;

  /** lines: the reader's line table of this text, when it has one (saves scanning the text again). */
  constructor(private text: string, lines?: LineTable) {
    const t = text;
    const n = t.length;
    let inDoc = false;
    let s = 0;
    for (let li = 0; ; li++) {
      let e: number;
      let c: number;
      if (lines && li < lines.starts.length) {
        s = lines.starts[li]!;
        e = lines.ends[li]!;
        c = lines.indents[li]!;
        if (c < 0) { c = 0; while (s + c < e && t.charCodeAt(s + c) === 32) c++; }
      } else {
        if (s > n) break;
        e = t.indexOf('\n', s);
        if (e < 0) e = n;
        c = 0;
        while (s + c < e && t.charCodeAt(s + c) === 32) c++;
      }
      let dashes = NO_DASHES; // shared while a line has none (read only)
      const first = t.charCodeAt(s + c);
      // The first printable ASCII character decides; anything else (tabs, CR, Unicode spaces) as trim() sees it.
      const blank = s + c === e ? true : first > 32 && first < 127 ? first === 35 : trimmedBlank(t.slice(s, e));
      while (t.charCodeAt(s + c) === 45 && (t.charCodeAt(s + c + 1) === 32 || s + c + 1 === e)) {
        if (dashes === NO_DASHES) dashes = [];
        dashes.push(c);
        c += 1;
        while (t.charCodeAt(s + c) === 32) c++;
      }
      const c0 = t.charCodeAt(s);
      const marker = c0 === 45 && isMarker(t, s, e, '---');
      if (marker) {
        this.docStarts.push(this.start.length + 1);
        inDoc = true;
      } else if (!inDoc && !blank) {
        this.docStarts.push(this.start.length);
        inDoc = true;
      }
      this.start.push(s);
      this.end.push(e);
      this.content.push(c);
      this.dashes.push(dashes);
      this.blank.push(blank || marker || (c0 === 46 && isMarker(t, s, e, '...')));
      if (lines && li < lines.starts.length) {
        // the reader opens no line after a final newline; text.split('\n') does
        if (li === lines.starts.length - 1 && e < n) s = e + 1;
        else if (li === lines.starts.length - 1) break;
      } else s = e + 1;
    }
  }

  /** The text of line i. */
  private line(i: number): string {
    return this.text.slice(this.start[i], this.end[i]);
  }

  /** [start, end) offsets of `path` in document `doc`, or undefined. */
  locate(doc: number, path: readonly PathSeg[], anchor: Anchor, scalarValue = false): [number, number] | undefined {
    let from = this.docStarts[doc];
    if (from === undefined) return undefined;
    let to = this.docStarts[doc + 1] ?? this.start.length;
    let parent = -1; // column that children must exceed
    let hit: { line: number; keyCol: number; keyLen: number } | undefined;
    for (const seg of path) {
      // First content line decides the children's column.
      let first = from;
      while (first < to && this.blank[first]) first++;
      if (first >= to) return undefined;
      if (typeof seg === 'number') {
        const col = this.dashes[first]!.find((d) => d > parent) ?? -1;
        if (col < 0) return undefined;
        let n = -1;
        let found = -1;
        for (let i = first; i < to; i++) {
          if (this.blank[i]) continue;
          const dashes = this.dashes[i]!;
          const ind = dashes.length ? dashes[0]! : this.content[i]!;
          if (ind < col) break;
          if (dashes.includes(col) && (dashes[0] === col || ind <= col)) {
            n++;
            if (n === seg) { found = i; break; }
          }
        }
        if (found < 0) return undefined;
        let end = found + 1;
        for (; end < to; end++) {
          if (this.blank[end]) continue;
          const dashes = this.dashes[end]!;
          const ind = dashes.length ? dashes[0]! : this.content[end]!;
          if (ind <= col) break;
        }
        const after = this.dashes[found]!.filter((d) => d > col);
        const keyCol = after.length ? after[0]! : this.content[found]!;
        hit = { line: found, keyCol, keyLen: Math.max(1, this.line(found).trimEnd().length - keyCol) };
        // The item's own keys start on the dash line at col + 2 (or further).
        from = found;
        to = end;
        parent = col;
        // Mark the dash line's content as a key line of the item.
        this.pendingItem = { line: found, col };
        continue;
      }
      let childCol = -1;
      let found = -1;
      let foundCol = -1;
      for (let i = from; i < to; i++) {
        if (this.blank[i]) continue;
        const dashes = this.dashes[i]!;
        const isItemLine = this.pendingItem && this.pendingItem.line === i;
        const keyCol = isItemLine ? this.content[i]! : dashes.length ? -1 : this.content[i]!;
        if (keyCol < 0) {
          if (dashes[0]! <= parent || (childCol >= 0 && dashes[0]! <= childCol)) break;
          continue;
        }
        if (keyCol <= parent) break;
        if (childCol < 0) childCol = keyCol;
        if (keyCol < childCol) break;
        if (keyCol !== childCol) continue;
        const m = KEY.exec(this.text.slice(this.start[i]! + keyCol, this.end[i]));
        if (m && m[1] === String(seg)) { found = i; foundCol = keyCol; break; }
      }
      this.pendingItem = undefined;
      if (found < 0) return undefined;
      hit = { line: found, keyCol: foundCol, keyLen: String(seg).length };
      let end = found + 1;
      for (; end < to; end++) {
        if (this.blank[end]) continue;
        const dashes = this.dashes[end]!;
        const ind = dashes.length ? dashes[0]! : this.content[end]!;
        if (ind <= foundCol) break;
      }
      // A sequence may sit at the key's own column ("key:\n- item").
      if (end < to && this.dashes[end]![0] === foundCol) {
        for (; end < to; end++) {
          if (this.blank[end]) continue;
          const dashes = this.dashes[end]!;
          const ind = dashes.length ? dashes[0]! : this.content[end]!;
          if (ind < foundCol || (ind === foundCol && !dashes.length)) break;
        }
      }
      from = found + 1;
      to = end;
      parent = foundCol;
      // Value on the key line itself.
      const text = this.line(found);
      const rest = text.slice(foundCol + String(seg).length).replace(/^[ \t]*:[ \t]*/, '');
      if (rest && !rest.startsWith('#')) {
        if (/^[[{&*!|>]/.test(rest) && path[path.length - 1] !== seg) return undefined; // flow/anchor/block scalar: let yaml do it
        this.inlineValue = { line: found, col: text.length - rest.length, len: rest.replace(/\s+#.*$/, '').trimEnd().length };
      } else this.inlineValue = undefined;
    }
    if (!hit) {
      let first = from;
      while (first < to && this.blank[first]) first++;
      if (first >= to) return undefined;
      return [this.start[first]! + this.content[first]!, this.start[first]! + this.line(first).trimEnd().length];
    }
    const ls = this.start[hit.line]!;
    const inline = this.inlineValue && this.inlineValue.line === hit.line && this.inlineValue.len > 0 ? this.inlineValue : undefined;
    if (anchor === 'value' && typeof path[path.length - 1] === 'string') {
      if (inline) return [ls + inline.col, ls + inline.col + inline.len];
      if (scalarValue) return undefined; // a scalar on the following lines: let yaml find it
    }
    return [ls + hit.keyCol, ls + hit.keyCol + hit.keyLen];
  }

  private pendingItem: { line: number; col: number } | undefined;
  private inlineValue: { line: number; col: number; len: number } | undefined;
}
