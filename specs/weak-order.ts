/** Spec (claim c): the weak error against the exact law decays at order 1 in the depth. */
export const meta: ClaimMeta = {
  id: 'weak-order',
  group: 'c',
  title: 'weak order 1 (against the exact law)',
  claim: 'The bias E[ρ_T](chain, L layers) − E[ρ_T](exact law of the SDE) decays like L^(−1).',
  section: 'docs/model.md#weak-order',
  kind: 'statistical',
  needs: [],
  alpha: 0.01,
  sampleSize: {
    quick: 'L = 4…64 (5 dyadic depths); paths per depth from a 2000-path pilot, so that the standard error at L = 64 is ≤ 1/5 of the bias predicted there (≈ 50000 paths; capped at 200000)',
    full: 'L = 4…128 (6 dyadic depths); standard error ≤ 1/10 of the predicted bias (capped at 2000000)',
  },
  power:
    'Weighted least squares of log|bias| on log h with the measured variances (delta method), 99% interval for the slope; passes when it meets [0.9, 1.1] (order 1 within ±0.1, stated in advance) and all biases have one sign. Configuration d = 3, β = 1, σ = 0.5, γ = 1, T = 1, ρ0 = 0, where the bias is −0.089, −0.047, −0.024, −0.012, −0.006 at L = 4…64 (measured with 2e5 paths). A chain converging to a different limit keeps a bias that does not vanish: the fitted slope drops towards 0.',
  catches: ['wrong-entry-variance', 'token-wise-noise'],
};

import { sampleFinalCosines, subProgress, finiteTimeExpectation, RunningMoments, weightedLinearRegression } from './harness.js';
import type { ClaimContext, ClaimMeta, ClaimOutcome } from './harness.js';

const MODEL = { d: 3, beta: 1, sigma: 0.5, gamma: 1, horizon: 1 };
const RHO0 = 0;
const BAND: [number, number] = [0.9, 1.1];

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  const quick = ctx.tier === 'quick';
  const depths = quick ? [4, 8, 16, 32, 64] : [4, 8, 16, 32, 64, 128];
  const ratio = quick ? 5 : 10;
  const cap = quick ? 200_000 : 2_000_000;
  const exact = finiteTimeExpectation((r) => r, RHO0, MODEL.horizon, { d: MODEL.d, beta: MODEL.beta, sigma: MODEL.sigma, gamma: MODEL.gamma });
  const template = { ...MODEL, law: 'gaussian' as const, rho0: RHO0 };
  // Pilot at the smallest depth: its bias predicts the bias at the largest depth (order 1).
  const pilotPaths = 2000;
  const pilot = new RunningMoments();
  pilot.pushAll(await sampleFinalCosines(ctx.sim, { ...template, depth: depths[0] }, ctx.seed, { paths: pilotPaths, progress: subProgress(ctx.progress, 0, 0.05) }));
  const predicted = Math.abs(pilot.mean - exact) * (depths[0] / depths[depths.length - 1]);
  const wanted = Math.ceil(((ratio * pilot.sd) / Math.max(predicted, 1e-12)) ** 2);
  const paths = Math.min(cap, Math.max(pilotPaths, wanted));
  const total = depths.reduce((a, b) => a + b, 0);
  let done = 0;
  const points: { depth: number; mean: number; bias: number; standardError: number }[] = [];
  for (const [i, depth] of depths.entries()) {
    const m = new RunningMoments();
    m.pushAll(
      await sampleFinalCosines(ctx.sim, { ...template, depth }, ctx.seed + 1 + i, {
        paths,
        batch: 5000,
        progress: subProgress(ctx.progress, 0.05 + (0.95 * done) / total, 0.05 + (0.95 * (done + depth)) / total),
      }),
    );
    done += depth;
    points.push({ depth, mean: m.mean, bias: m.mean - exact, standardError: m.standardError });
  }
  const sameSign = points.every((p) => Math.sign(p.bias) === Math.sign(points[0].bias) && p.bias !== 0);
  const fit = weightedLinearRegression(
    points.map((p) => Math.log(MODEL.horizon / p.depth)),
    points.map((p) => Math.log(Math.abs(p.bias))),
    points.map((p) => (p.standardError / p.bias) ** 2),
    meta.alpha!,
  );
  const pass = sameSign && fit.slopeUpper >= BAND[0] && fit.slopeLower <= BAND[1];
  return {
    pass,
    estimate: fit.slope,
    interval: [fit.slopeLower, fit.slopeUpper],
    expected: 1,
    sampleSize: paths * depths.length + pilotPaths,
    summary: `fitted weak order ${fit.slope.toFixed(3)}, 99% CI [${fit.slopeLower.toFixed(3)}, ${fit.slopeUpper.toFixed(3)}] ${pass ? 'meets' : 'misses'} [${BAND.join(', ')}]${sameSign ? '' : '; the bias changes sign'}; ${paths} paths per depth, bias at L=${depths[depths.length - 1]}: ${points[points.length - 1].bias.toExponential(2)} ± ${points[points.length - 1].standardError.toExponential(1)}`,
    evidence: { model: MODEL, rho0: RHO0, exactMean: exact, pilot: { paths: pilotPaths, mean: pilot.mean, sd: pilot.sd }, pathsPerDepth: paths, points, fit, band: BAND },
  };
}
