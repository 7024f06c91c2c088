// A binary min-heap of timed callbacks, ordered by time and then by insertion: two things due
// at the same instant run in the order they were scheduled, so a run is reproducible.
export class EventQueue {
  private t: number[] = [];
  private seq: number[] = [];
  private fn: (() => void)[] = [];
  private counter = 0;

  get size(): number {
    return this.t.length;
  }

  peekTime(): number | undefined {
    return this.t[0];
  }

  /**
   * Take n insertion numbers now for entries pushed later with `push(t, fn, seq)`: they order
   * exactly as if they had been pushed now, without sitting in the heap until they are due.
   */
  reserve(n: number): number {
    const base = this.counter;
    this.counter += n;
    return base;
  }

  push(t: number, fn: () => void, q: number = this.counter++): void {
    const { t: T, seq: S, fn: F } = this;
    // sift up with a hole: move parents down until the new entry fits
    let i = T.length;
    T.push(t);
    S.push(q);
    F.push(fn);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = T[p]!;
      if (pt < t || (pt === t && S[p]! < q)) break;
      T[i] = pt;
      S[i] = S[p]!;
      F[i] = F[p]!;
      i = p;
    }
    T[i] = t;
    S[i] = q;
    F[i] = fn;
  }

  pop(): (() => void) | undefined {
    const { t: T, seq: S, fn: F } = this;
    const n = T.length;
    if (n === 0) return undefined;
    const top = F[0]!;
    const lt = T.pop()!;
    const ls = S.pop()!;
    const lf = F.pop()!;
    const m = n - 1;
    if (m === 0) return top;
    // sift the last entry down from the root
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= m) break;
      const r = l + 1;
      let c = l;
      if (r < m && (T[r]! < T[l]! || (T[r] === T[l] && S[r]! < S[l]!))) c = r;
      if (lt < T[c]! || (lt === T[c] && ls < S[c]!)) break;
      T[i] = T[c]!;
      S[i] = S[c]!;
      F[i] = F[c]!;
      i = c;
    }
    T[i] = lt;
    S[i] = ls;
    F[i] = lf;
    return top;
  }
}
