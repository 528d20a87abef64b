/** Spec (claim b): tokens that start identical stay identical. */
export const meta: ClaimMeta = {
  id: 'identical-tokens',
  group: 'b',
  title: 'identical tokens stay identical',
  claim: 'Tokens that start at the same point stay at the same point at every depth, under the simulator’s own noise.',
  section: 'docs/model.md#identical-tokens',
  kind: 'property',
  needs: [],
  alpha: null,
  sampleSize: { quick: '30 random configurations × 2 paths', full: '200 × 2 paths' },
  power: 'Noise drawn per token separates copies after one layer by O(√h·σ), far above the rounding tolerance 2E_L of src/claims/tolerance.ts (float64: at most 1e-10).',
  catches: ['token-wise-noise'],
};

import { fc, checkProperty, propertyOutcome, shapeArb, unitTokens, checkReply, precisionOf, tolerance } from './harness.js';
import type { ClaimContext, ClaimMeta, ClaimOutcome } from './harness.js';

/** The fixed tolerance before precision was declared: float64 is never held to less. */
const FLOAT64_CAP = 1e-10;

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  let worst = 0;
  let tol = 0;
  // Token i is a copy of distinct token source[i] (source[i] ≤ i), so some tokens repeat.
  const arb = shapeArb
    .filter((s) => s.n >= 2 && s.sigma > 0)
    .chain((s) => fc.tuple(fc.constant(s), fc.array(fc.nat(), { minLength: s.n, maxLength: s.n }).map((r) => r.map((v, i) => (i === 0 ? 0 : v % i)))));
  const r = await checkProperty(
    arb,
    async ([s, source]) => {
      const { n, d } = s;
      const distinct = unitTokens(s.seed, n, d);
      const x = new Float64Array(n * d);
      source.forEach((src, i) => x.set(distinct.subarray(src * d, (src + 1) * d), i * d));
      const req = { ...s, law: 'gaussian' as const, paths: 2, initialTokens: x };
      const reply = await ctx.sim.runChain(req);
      checkReply(req, reply);
      const TOL = tolerance(precisionOf(ctx.sim, reply), 'two-runs', s, FLOAT64_CAP);
      tol = Math.max(tol, TOL);
      // Token i equals distinct[source[i]]: compare it with the first token of the same source.
      const first = source.map((src) => source.indexOf(src));
      for (let p = 0; p < 2; p++) {
        first.forEach((src, i) => {
          for (let a = 0; a < d; a++) {
            const dev = Math.abs(reply.finalTokens[(p * n + i) * d + a] - reply.finalTokens[(p * n + src) * d + a]);
            worst = Math.max(worst, dev);
            if (!(dev <= TOL)) throw new Error(`path ${p}: tokens ${src} and ${i} started identical and ended ${dev} apart (tolerance ${TOL.toExponential(2)})`);
          }
        });
      }
    },
    { seed: ctx.seed, numRuns: ctx.tier === 'quick' ? 30 : 200, progress: ctx.progress },
  );
  return propertyOutcome(r, worst, `max deviation ≤ ${tol.toExponential(1)}`, `copies agree to ${worst.toExponential(2)} over ${r.runs} configurations`);
}
