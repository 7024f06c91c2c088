// Paths and text positions of findings: line starts, spans, and the cluster's way of writing a
// field path. Plain text arithmetic with no YAML reader, so the fast path (quick-locate.ts) and
// every rule can use them without loading `yaml` (positions.ts, the positioned reader's lookup).

export type PathSeg = string | number;
export type Anchor = 'key' | 'value';

export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** 0-based offsets. */
  start: number;
  end: number;
}

/** Line starts computed from the text itself (yaml's LineCounter misses lines inside tokens it
 *  could not parse, which is exactly when positions matter). */
export class LineCounter {
  readonly lineStarts: number[];
  /** starts: where the text's lines start as the quick block-YAML reader found them (a final
   *  newline opens no line there), when the caller has them. */
  constructor(text: string, starts?: readonly number[]) {
    if (starts) {
      this.lineStarts = starts.slice();
      if (text.length === 0 || text.charCodeAt(text.length - 1) === 10) this.lineStarts.push(text.length);
      return;
    }
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }
  /** 1-based line and column of a 0-based offset. */
  linePos(offset: number): { line: number; col: number } {
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - ls[lo]! + 1 };
  }
}

export function spanOf(lc: LineCounter, start: number, end: number): Span {
  const a = lc.linePos(start);
  const b = lc.linePos(Math.max(start, end));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col, start, end };
}

/** Cluster form of a path: spec.template.spec.domain.devices.disks[0].name */
export function clusterPath(path: readonly PathSeg[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

/** go-openapi form with dotted indices: spec.template.spec.tolerations.0.effect */
export function dottedPath(path: readonly PathSeg[]): string {
  return path.join('.');
}
