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

  push(t: number, fn: () => void): void {
    const { t: T, seq: S, fn: F } = this;
    let i = T.length;
    T.push(t);
    S.push(this.counter++);
    F.push(fn);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (T[p]! < t || (T[p] === t && S[p]! < S[i]!)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): (() => void) | undefined {
    const { t: T, seq: S, fn: F } = this;
    const n = T.length;
    if (n === 0) return undefined;
    const top = F[0]!;
    const lt = T.pop()!;
    const ls = S.pop()!;
    const lf = F.pop()!;
    if (n > 1) {
      T[0] = lt;
      S[0] = ls;
      F[0] = lf;
      let i = 0;
      const m = n - 1;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= m) break;
        const r = l + 1;
        let c = l;
        if (r < m && (T[r]! < T[l]! || (T[r] === T[l] && S[r]! < S[l]!))) c = r;
        if (T[i]! < T[c]! || (T[i] === T[c] && S[i]! < S[c]!)) break;
        this.swap(i, c);
        i = c;
      }
    }
    return top;
  }

  private swap(a: number, b: number): void {
    const { t: T, seq: S, fn: F } = this;
    [T[a], T[b]] = [T[b]!, T[a]!];
    [S[a], S[b]] = [S[b]!, S[a]!];
    [F[a], F[b]] = [F[b]!, F[a]!];
  }
}
