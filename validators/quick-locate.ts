// Positions without a YAML parse, for the fast path: finds a field path in block-style YAML by
// indentation alone (what trainees write). Returns undefined whenever the text is not plain
// block style along the path (flow collections, quoted or complex keys, anchors…); the caller
// then re-parses with `yaml`. Only used on text js-yaml already parsed without error.
import type { Anchor, LineCounter, PathSeg } from './spans.ts';

const KEY = /^([A-Za-z0-9_.\/-][A-Za-z0-9_.\/ -]*?)[ \t]*:(?:[ \t]|$)/;

const NO_DASHES: number[] = [];

interface Ln {
  start: number;
  text: string;
  /** Column of the first character that is not a space or a "- " sequence marker. */
  content: number;
  /** Columns of the "- " markers on this line. */
  dashes: number[];
  blank: boolean;
}

export class QuickLocator {
  private lines: Ln[] = [];
  /** Line index of each document's first line. */
  readonly docStarts: number[] = [];
  /** Offsets → line/column, made once by the caller. */
  lc: LineCounter | undefined;

  constructor(text: string) {
    let start = 0;
    let inDoc = false;
    for (const t of text.split('\n')) {
      let dashes = NO_DASHES; // shared while a line has none (read only)
      let c = 0;
      while (c < t.length && t.charCodeAt(c) === 32) c++;
      const first = t.charCodeAt(c);
      // The first printable ASCII character decides; anything else (tabs, CR, Unicode spaces) as trim() sees it.
      const blank = first > 32 && first < 127 ? first === 35 : (t.trim() === '' || t.trim().startsWith('#'));
      while (t.charCodeAt(c) === 45 && (t.charCodeAt(c + 1) === 32 || c + 1 === t.length)) {
        if (dashes === NO_DASHES) dashes = [];
        dashes.push(c);
        c += 1;
        while (t.charCodeAt(c) === 32) c++;
      }
      const marker = t.charCodeAt(0) === 45 && /^---(\s|$)/.test(t);
      if (marker) {
        this.docStarts.push(this.lines.length + 1);
        inDoc = true;
      } else if (!inDoc && !blank) {
        this.docStarts.push(this.lines.length);
        inDoc = true;
      }
      this.lines.push({ start, text: t, content: c, dashes, blank: blank || marker || (t.charCodeAt(0) === 46 && /^\.\.\.(\s|$)/.test(t)) });
      start += t.length + 1;
    }
  }

  /** [start, end) offsets of `path` in document `doc`, or undefined. */
  locate(doc: number, path: readonly PathSeg[], anchor: Anchor, scalarValue = false): [number, number] | undefined {
    let from = this.docStarts[doc];
    if (from === undefined) return undefined;
    let to = this.docStarts[doc + 1] ?? this.lines.length;
    let parent = -1; // column that children must exceed
    let hit: { line: number; keyCol: number; keyLen: number } | undefined;
    for (const seg of path) {
      // First content line decides the children's column.
      let first = from;
      while (first < to && this.lines[first]!.blank) first++;
      if (first >= to) return undefined;
      if (typeof seg === 'number') {
        const l0 = this.lines[first]!;
        const col = l0.dashes.find((d) => d > parent) ?? -1;
        if (col < 0) return undefined;
        let n = -1;
        let found = -1;
        for (let i = first; i < to; i++) {
          const l = this.lines[i]!;
          if (l.blank) continue;
          const ind = l.dashes.length ? l.dashes[0]! : l.content;
          if (ind < col) break;
          if (l.dashes.includes(col) && (l.dashes[0] === col || ind <= col)) {
            n++;
            if (n === seg) { found = i; break; }
          }
        }
        if (found < 0) return undefined;
        let end = found + 1;
        for (; end < to; end++) {
          const l = this.lines[end]!;
          if (l.blank) continue;
          const ind = l.dashes.length ? l.dashes[0]! : l.content;
          if (ind <= col) break;
        }
        const l = this.lines[found]!;
        const after = l.dashes.filter((d) => d > col);
        hit = { line: found, keyCol: after.length ? after[0]! : l.content, keyLen: Math.max(1, l.text.trimEnd().length - (after.length ? after[0]! : l.content)) };
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
        const l = this.lines[i]!;
        if (l.blank) continue;
        const isItemLine = this.pendingItem && this.pendingItem.line === i;
        const keyCol = isItemLine ? l.content : l.dashes.length ? -1 : l.content;
        if (keyCol < 0) {
          if (l.dashes[0]! <= parent || (childCol >= 0 && l.dashes[0]! <= childCol)) break;
          continue;
        }
        if (keyCol <= parent) break;
        if (childCol < 0) childCol = keyCol;
        if (keyCol < childCol) break;
        if (keyCol !== childCol) continue;
        const m = KEY.exec(l.text.slice(keyCol));
        if (m && m[1] === String(seg)) { found = i; foundCol = keyCol; break; }
      }
      this.pendingItem = undefined;
      if (found < 0) return undefined;
      const l = this.lines[found]!;
      hit = { line: found, keyCol: foundCol, keyLen: String(seg).length };
      let end = found + 1;
      for (; end < to; end++) {
        const x = this.lines[end]!;
        if (x.blank) continue;
        const ind = x.dashes.length ? x.dashes[0]! : x.content;
        if (ind <= foundCol && !(x.dashes.length && x.dashes[0] === foundCol && false)) break;
      }
      // A sequence may sit at the key's own column ("key:\n- item").
      if (end < to && this.lines[end]!.dashes[0] === foundCol) {
        for (; end < to; end++) {
          const x = this.lines[end]!;
          if (x.blank) continue;
          const ind = x.dashes.length ? x.dashes[0]! : x.content;
          if (ind < foundCol || (ind === foundCol && !x.dashes.length)) break;
        }
      }
      from = found + 1;
      to = end;
      parent = foundCol;
      // Value on the key line itself.
      const rest = l.text.slice(foundCol + String(seg).length).replace(/^[ \t]*:[ \t]*/, '');
      if (rest && !rest.startsWith('#')) {
        if (/^[[{&*!|>]/.test(rest) && path[path.length - 1] !== seg) return undefined; // flow/anchor/block scalar: let yaml do it
        this.inlineValue = { line: found, col: l.text.length - rest.length, len: rest.replace(/\s+#.*$/, '').trimEnd().length };
      } else this.inlineValue = undefined;
    }
    if (!hit) {
      const first = this.lines.slice(from, to).findIndex((l) => !l.blank);
      if (first < 0) return undefined;
      const l = this.lines[from + first]!;
      return [l.start + l.content, l.start + l.text.trimEnd().length];
    }
    const l = this.lines[hit.line]!;
    const inline = this.inlineValue && this.inlineValue.line === hit.line && this.inlineValue.len > 0 ? this.inlineValue : undefined;
    if (anchor === 'value' && typeof path[path.length - 1] === 'string') {
      if (inline) return [l.start + inline.col, l.start + inline.col + inline.len];
      if (scalarValue) return undefined; // a scalar on the following lines: let yaml find it
    }
    return [l.start + hit.keyCol, l.start + hit.keyCol + hit.keyLen];
  }

  private pendingItem: { line: number; col: number } | undefined;
  private inlineValue: { line: number; col: number; len: number } | undefined;
}
