/**
 * A seeded pseudo-random source (mulberry32: 32-bit state, period 2³², good enough for sampling orders and
 * Monte Carlo draws; not for cryptography), so that sampled results are reproducible from their seed.
 * @example
 * ```ts
 * const r = seededRandom(7);
 * const u = r.uniform();
 * console.log(u >= 0 && u < 1, Number.isFinite(r.normal()), r.permutation(3).length); // true true 3
 * ```
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** A uniformly random permutation of 0 … n − 1 (Fisher–Yates). */
  permutation(n: number): number[];
}

/** A {@link SeededRandom} (mulberry32): the same seed gives the same numbers on every machine and run.
 * @example
 * ```ts
 * const a = seededRandom(42), b = seededRandom(42);
 * console.log(a.uniform() === b.uniform(), a.permutation(5).sort()); // true [ 0, 1, 2, 3, 4 ]
 * ```
 */
export function seededRandom(seed: number): SeededRandom {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | null = null;
  return {
    uniform,
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = uniform();
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    permutation(n) {
      const p = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        [p[i], p[j]] = [p[j], p[i]];
      }
      return p;
    },
  };
}
