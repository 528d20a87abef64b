/** Spec (claim b): relabelling the tokens relabels the output, path by path. */
export const meta: ClaimMeta = {
  id: 'permutation-equivariance',
  group: 'b',
  title: 'permutation equivariance',
  claim: 'Running the chain on permuted tokens with the same noise gives the permuted output.',
  section: 'docs/model.md#permutation',
  kind: 'property',
  needs: ['explicit-noise'],
  alpha: null,
  sampleSize: { quick: '30 random configurations', full: '200 random configurations' },
  power: 'Any token-dependent treatment (e.g. a value matrix per token, or attention over the wrong axis) breaks the equality by far more than the rounding tolerance 2E_L of src/claims/tolerance.ts (float64: at most 1e-9).',
  catches: ['token-wise-noise'],
};

import { fc, checkProperty, propertyOutcome, gaussianIncrements, shapeArb, unitTokens, checkReply, precisionOf, tolerance } from './harness.js';
import type { ClaimContext, ClaimMeta, ClaimOutcome } from './harness.js';

/** The fixed tolerance before precision was declared: float64 is never held to less. */
const FLOAT64_CAP = 1e-9;

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  let worst = 0;
  let tol = 0;
  const arb = shapeArb
    .filter((s) => s.n >= 2)
    .chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray([...Array(s.n).keys()], { minLength: s.n, maxLength: s.n })));
  const r = await checkProperty(
    arb,
    async ([s, perm]) => {
      const { n, d, depth } = s;
      const x = unitTokens(s.seed, n, d);
      const px = new Float64Array(n * d);
      perm.forEach((src, i) => px.set(x.subarray(src * d, (src + 1) * d), i * d));
      const increments = gaussianIncrements(s.seed, depth * d * d, (s.sigma * Math.sqrt(s.horizon / depth)) / Math.sqrt(d));
      const base = { ...s, law: 'gaussian' as const, paths: 1, increments };
      const reqA = { ...base, initialTokens: x };
      const reqB = { ...base, initialTokens: px };
      const a = await ctx.sim.runChain(reqA);
      const b = await ctx.sim.runChain(reqB);
      checkReply(reqA, a);
      checkReply(reqB, b);
      const TOL = tolerance(precisionOf(ctx.sim, a, b), 'two-runs', s, FLOAT64_CAP);
      tol = Math.max(tol, TOL);
      perm.forEach((src, i) => {
        for (let k = 0; k < d; k++) {
          const dev = Math.abs(b.finalTokens[i * d + k] - a.finalTokens[src * d + k]);
          worst = Math.max(worst, dev);
          if (!(dev <= TOL)) throw new Error(`output token ${i} differs from permuted token ${src} by ${dev} (tolerance ${TOL.toExponential(2)})`);
        }
      });
    },
    { seed: ctx.seed, numRuns: ctx.tier === 'quick' ? 30 : 200, progress: ctx.progress },
  );
  return propertyOutcome(r, worst, `max deviation ≤ ${tol.toExponential(1)}`, `largest deviation ${worst.toExponential(2)} over ${r.runs} configurations`);
}
