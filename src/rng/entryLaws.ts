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
      const a = sd * SQRT3;
      for (let k = offset; k < end; k++) out[k] = a * (2 * g.nextDouble() - 1);
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
