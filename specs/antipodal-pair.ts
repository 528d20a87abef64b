/** Spec (claim b): for two tokens, an antipodal pair stays antipodal. */
export const meta: ClaimMeta = {
  id: 'antipodal-pair',
  group: 'b',
  title: 'an antipodal pair stays antipodal',
  claim: 'For n = 2, tokens started at x_2 = −x_1 keep ⟨x_1, x_2⟩ = −1 at every depth, under the simulator’s own noise.',
  section: 'docs/model.md#antipodal-pair',
  kind: 'property',
  needs: [],
  alpha: null,
  sampleSize: { quick: '30 random configurations × 2 paths', full: '200 × 2 paths' },
  power: 'Noise that is not common to both tokens moves ρ off −1 by O(h·σ²) per layer, far above the rounding tolerance of src/claims/tolerance.ts (2·sphere + ½(2E_L)²; float64: at most 1e-9).',
  catches: ['token-wise-noise'],
};

import { checkProperty, propertyOutcome, shapeArb, unitTokens, checkReply, firstPairCosines, precisionOf, tolerance } from './harness.js';
import type { ClaimContext, ClaimMeta, ClaimOutcome } from './harness.js';

/** The fixed tolerance before precision was declared: float64 is never held to less. */
const FLOAT64_CAP = 1e-9;

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  let worst = 0;
  let tol = 0;
  const r = await checkProperty(
    shapeArb.filter((s) => s.sigma > 0),
    async (s) => {
      const d = s.d;
      const x = new Float64Array(2 * d);
      const u = unitTokens(s.seed, 1, d);
      x.set(u, 0);
      for (let a = 0; a < d; a++) x[d + a] = -u[a];
      const req = { ...s, n: 2, law: 'gaussian' as const, paths: 2, initialTokens: x };
      const reply = await ctx.sim.runChain(req);
      checkReply(req, reply);
      const TOL = tolerance(precisionOf(ctx.sim, reply), 'antipodal', { ...s, n: 2 }, FLOAT64_CAP);
      tol = Math.max(tol, TOL);
      for (const rho of firstPairCosines(reply.finalTokens, 2, d)) {
        const dev = Math.abs(rho + 1);
        worst = Math.max(worst, dev);
        if (!(dev <= TOL)) throw new Error(`an antipodal pair ended with cosine ${rho} (tolerance ${TOL.toExponential(2)})`);
      }
    },
    { seed: ctx.seed, numRuns: ctx.tier === 'quick' ? 30 : 200, progress: ctx.progress },
  );
  return propertyOutcome(r, worst, `|ρ + 1| ≤ ${tol.toExponential(1)}`, `|ρ + 1| ≤ ${worst.toExponential(2)} over ${r.runs} configurations`);
}
