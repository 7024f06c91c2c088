// Levenshtein distance, for every "did you mean" (schema field names, kubectl's resource kinds
// and verbs). One implementation: the validators' suggestions ignore case, kubectl's do not.
export function editDistance(a: string, b: string, opts: { ignoreCase?: boolean } = {}): number {
  if (opts.ignoreCase) {
    a = a.toLowerCase();
    b = b.toLowerCase();
  }
  const d = row.length > b.length ? row : (row = new Array<number>(b.length + 1));
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(tmp + 1, d[j - 1]! + 1, prev + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

/** One row, reused (the suggestions compare a word with every field name of a schema). */
let row: number[] = [];

/** The closest of options to word ignoring case, when within `limit` edits (the least distance
 *  wins; the first of equals). Options whose length alone puts them beyond the limit are skipped. */
export function closest(word: string, options: readonly string[], limit: number): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const lo = o.toLowerCase();
    if (Math.abs(lo.length - w.length) > limit) continue;
    const dd = editDistance(w, lo);
    if (dd < bestD) { bestD = dd; best = o; }
  }
  return best !== undefined && bestD <= limit ? best : undefined;
}
