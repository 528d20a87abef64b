/** Spec (claim c): coupled to one Brownian path, the chain converges to the SDE at strong order ½. */
export const meta: ClaimMeta = {
  id: 'strong-order',
  group: 'c',
  title: 'strong order ½ (coupled paths)',
  claim: 'Driven by block sums of one fine Brownian path, the chain’s RMS distance to the limit SDE on that path decays like L^(−1/2).',
  section: 'docs/model.md#strong-order',
  kind: 'statistical',
  needs: ['explicit-noise'],
  alpha: 0.01,
  sampleSize: {
    quick: '16 batches × 8 paths; L = 8…256 (6 dyadic depths); reference SDE with 4096 steps',
    full: '40 batches × 25 paths; L = 8…512 (7 dyadic depths); reference SDE with 16384 steps',
  },
  power:
    'Per-batch slopes of 8 paths scatter with sd ≈ 0.065 (measured, quick tier), so the 99% t-interval of the mean slope has half-width ≈ 0.05 at 16 batches. The claim passes when that interval meets [0.4, 0.6] (order ½ within ±0.1, stated in advance). A chain whose noise is scaled by h converges to the noiseless flow: its error does not decay (slope ≈ 0) and the interval misses the band.',
  catches: ['noise-scaled-by-h', 'reused-value-matrix', 'wrong-entry-variance'],
};

import { checkReply, blockSums, brownianIncrements, runSde, toRows, linearRegression, slopeFromBatches } from './harness.js';
import type { ClaimContext, ClaimMeta, ClaimOutcome } from './harness.js';

const BAND: [number, number] = [0.4, 0.6];
const X0 = Float64Array.from([1, 0, 0, 0, 1, 0, 0.6, 0, 0.8]);

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  const quick = ctx.tier === 'quick';
  const batches = quick ? 16 : 40;
  const perBatch = quick ? 8 : 25;
  const fineSteps = quick ? 4096 : 16384;
  const depths = quick ? [8, 16, 32, 64, 128, 256] : [8, 16, 32, 64, 128, 256, 512];
  const model = { n: 3, d: 3, horizon: 1, beta: 1, sigma: 1, gamma: 0.5 };
  const { n, d } = model;
  const dd = d * d;
  const slopes: number[] = [];
  const rmsByDepth = depths.map(() => 0);
  for (let b = 0; b < batches; b++) {
    const fine: Float64Array[] = [];
    const truth = new Float64Array(perBatch * n * d);
    for (let p = 0; p < perBatch; p++) {
      const path = b * perBatch + p;
      const inc = brownianIncrements({ d, sigma: model.sigma, horizon: model.horizon, steps: fineSteps, seed: ctx.seed, path });
      fine.push(inc);
      const sde = runSde({ ...model, steps: fineSteps, increments: inc, initialTokens: toRows(X0, n, d) });
      truth.set(sde.finalTokens, p * n * d);
    }
    const logE: number[] = [];
    for (const [i, L] of depths.entries()) {
      const increments = new Float64Array(perBatch * L * dd);
      fine.forEach((inc, p) => increments.set(blockSums(inc, d, fineSteps, fineSteps / L), p * L * dd));
      const req = { ...model, depth: L, law: 'gaussian' as const, seed: 0, paths: perBatch, initialTokens: X0, increments };
      const reply = await ctx.sim.runChain(req);
      checkReply(req, reply);
      let sq = 0;
      for (let k = 0; k < truth.length; k++) sq += (reply.finalTokens[k] - truth[k]) ** 2;
      const ms = sq / perBatch;
      rmsByDepth[i] += ms / batches;
      logE.push(0.5 * Math.log(ms));
    }
    slopes.push(linearRegression(depths.map((L) => Math.log(model.horizon / L)), logE, 0.05).slope);
    ctx.progress((b + 1) / batches);
  }
  const ci = slopeFromBatches(slopes, meta.alpha!);
  const pass = ci.upper >= BAND[0] && ci.lower <= BAND[1];
  return {
    pass,
    estimate: ci.mean,
    interval: [ci.lower, ci.upper],
    expected: 0.5,
    sampleSize: batches * perBatch,
    summary: `fitted strong order ${ci.mean.toFixed(3)}, ${100 * (1 - meta.alpha!)}% CI [${ci.lower.toFixed(3)}, ${ci.upper.toFixed(3)}] ${pass ? 'meets' : 'misses'} the band [${BAND.join(', ')}] around ½`,
    evidence: {
      model,
      fineSteps,
      depths,
      rmsError: rmsByDepth.map(Math.sqrt),
      batchSlopes: slopes,
      band: BAND,
    },
  };
}
