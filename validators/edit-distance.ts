// Levenshtein distance, for every "did you mean" (schema field names, kubectl's resource kinds
// and verbs). One implementation: the validators' suggestions ignore case, kubectl's do not.
export function editDistance(a: string, b: string, opts: { ignoreCase?: boolean } = {}): number {
  if (opts.ignoreCase) {
    a = a.toLowerCase();
    b = b.toLowerCase();
  }
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}
