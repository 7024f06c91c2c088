// Seeded PRNG (mulberry32): the simulator never reads Math.random or the clock, so one seed
// gives one timeline, byte for byte.
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Go's rand.Intn(n) counterpart: an integer in [0, n). */
export function intn(rand: () => number, n: number): number {
  return Math.floor(rand() * n);
}
