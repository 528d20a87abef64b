/**
 * Entry laws of the value matrices V_k: i.i.d. entries with mean 0 and a given standard deviation.
 * - `gaussian`: N(0, sd²) — the reference law.
 * - `uniform`: U(−a, a) with a = sd·√3 (same variance; the Kaiming-uniform initialization).
 * - `rademacher`: ±sd with probability ½ each (same variance).
 * All three have the same diffusion limit (Donsker universality), which the specs test.
 */
import type { Xoshiro128 } from './xoshiro128.js';
import { fillNormal } from './normal.js';

export const ENTRY_LAWS = ['gaussian', 'uniform', 'rademacher'] as const;
export type EntryLaw = (typeof ENTRY_LAWS)[number];

const SQRT3 = Math.sqrt(3);

/** Fill `out[offset .. offset+count)` with i.i.d. entries of law `law` and standard deviation `sd`. */
export function fillEntries(
  law: EntryLaw,
  g: Xoshiro128,
  out: Float64Array,
  sd: number,
  offset = 0,
  count = out.length - offset,
): void {
  const end = offset + count;
  switch (law) {
    case 'gaussian':
      fillNormal(g, out, sd, offset, count);
      return;
    case 'uniform': {
      // A copy of Xoshiro128.nextDouble (./xoshiro128.ts) with the state in locals, for speed;
      // pinned by rng.test.ts 'uniform entries equal sd·√3·(2·nextDouble − 1) draw by draw'.
      const a = sd * SQRT3;
      let s0 = g.s0;
      let s1 = g.s1;
      let s2 = g.s2;
      let s3 = g.s3;
      for (let k = offset; k < end; k++) {
        let r = Math.imul(s1, 5);
        const hi = Math.imul((r << 7) | (r >>> 25), 9) >>> 5;
        let t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        r = Math.imul(s1, 5);
        const lo = Math.imul((r << 7) | (r >>> 25), 9) >>> 6;
        t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        out[k] = a * (2 * ((hi * 67108864 + lo) * 1.1102230246251565e-16) - 1);
      }
      g.s0 = s0;
      g.s1 = s1;
      g.s2 = s2;
      g.s3 = s3;
      return;
    }
    case 'rademacher':
      for (let k = offset; k < end; k += 32) {
        let bits = g.nextInt32();
        const stop = Math.min(end, k + 32);
        for (let j = k; j < stop; j++, bits >>>= 1) out[j] = bits & 1 ? sd : -sd;
      }
      return;
  }
}
