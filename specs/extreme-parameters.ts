/** Spec (claim a, no capability needed): finite tokens on the sphere at extreme parameters. */
export const meta: ClaimMeta = {
  id: 'extreme-parameters',
  group: 'a',
  title: 'finite, on the sphere at extreme β, σ, γ',
  claim: 'With no optional capability, the final tokens are finite and on the unit sphere for β up to 500, σ and γ up to 3, T up to 100 and a single layer.',
  section: 'docs/model.md#the-discrete-chain',
  kind: 'property',
  needs: [],
  alpha: null,
  sampleSize: { quick: '40 random configurations × 2 paths', full: '300 random configurations × 2 paths' },
  power:
    'β = 500 is drawn with probability ⅓ and β ∈ [5, 500] with ⅓, so about 60% of the configurations have logits β⟨x_i, x_i⟩ > 88.7, where exp overflows in float32 without max subtraction (NaN tokens): 40 configurations all miss with probability 0.4^40 < 1e-15. A skipped normalization moves norms by O(√h·σ) per layer, far above the 2(d/2 + 3)·u sphere tolerance of src/claims/tolerance.ts.',
  catches: ['no-normalization', 'no-max-subtraction'],
};

import { checkProperty, extremeShapeArb, propertyOutcome, unitTokens, checkReply, precisionOf, tolerance } from './harness.js';
import type { ClaimContext, ClaimMeta, ClaimOutcome } from './harness.js';

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  let worst = 0;
  let tol = 0;
  const r = await checkProperty(
    extremeShapeArb,
    async (s) => {
      const { n, d } = s;
      const req = { ...s, law: 'gaussian' as const, paths: 2, initialTokens: unitTokens(s.seed, n, d) };
      const reply = await ctx.sim.runChain(req);
      checkReply(req, reply, Infinity); // shape and finiteness
      const TOL = tolerance(precisionOf(ctx.sim, reply), 'sphere', s);
      tol = Math.max(tol, TOL);
      const x = reply.finalTokens;
      for (let t = 0; t < 2 * n; t++) {
        let q = 0;
        for (let a = 0; a < d; a++) q += x[t * d + a] ** 2;
        const dev = Math.abs(Math.sqrt(q) - 1);
        worst = Math.max(worst, dev);
        if (!(dev <= TOL)) throw new Error(`path ${Math.floor(t / n)}, token ${t % n} has norm ${Math.sqrt(q)} (tolerance ${TOL.toExponential(2)})`);
      }
    },
    { seed: ctx.seed, numRuns: ctx.tier === 'quick' ? 40 : 300, progress: ctx.progress },
  );
  return propertyOutcome(r, worst, `finite, |‖x‖−1| ≤ ${tol.toExponential(1)}`, `finite tokens, largest norm deviation ${worst.toExponential(2)} over ${r.runs} configurations`);
}
