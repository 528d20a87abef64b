/** Spec (claim d, deterministic side): without noise, tokens collapse to one cluster. */
export const meta: ClaimMeta = {
  id: 'collapse-without-noise',
  group: 'd',
  title: 'σ = 0: collapse to one cluster',
  claim: 'With deterministic weights (σ = 0, γ > 0, d ≥ 3) tokens from a generic start end in a single cluster.',
  section: 'docs/model.md#non-collapse',
  kind: 'exact',
  needs: [],
  alpha: null,
  sampleSize: { quick: '5 random starts, n = 6, d = 3, L = 2000, T = 20', full: '20 random starts' },
  power: 'Deterministic: any start that does not reach one cluster (all pairwise cosines ≥ 1 − 1e-3) fails the claim.',
  catches: [],
};

import { unitTokens, checkReply, classifyFormation, pairCount, pairwiseCosines } from './harness.js';
import type { ClaimContext, ClaimMeta, ClaimOutcome } from './harness.js';

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  const starts = ctx.tier === 'quick' ? 5 : 20;
  const n = 6;
  const d = 3;
  let collapsed = 0;
  let minCos = 1;
  const cos = new Float64Array(pairCount(n));
  for (let s = 0; s < starts; s++) {
    const req = { n, d, depth: 2000, horizon: 20, beta: 1, sigma: 0, gamma: 1, law: 'gaussian' as const, seed: 0, paths: 1, initialTokens: unitTokens(ctx.seed + s, n, d) };
    const reply = await ctx.sim.runChain(req);
    checkReply(req, reply);
    pairwiseCosines(reply.finalTokens, n, d, cos);
    minCos = Math.min(minCos, ...cos);
    if (classifyFormation(cos, n).formation === 'one-cluster') collapsed++;
    ctx.progress((s + 1) / starts);
  }
  return {
    pass: collapsed === starts,
    estimate: collapsed / starts,
    interval: null,
    expected: 1,
    sampleSize: starts,
    summary: `${collapsed} of ${starts} starts collapsed to one cluster (smallest final cosine ${minCos.toFixed(6)})`,
    evidence: { collapsed, starts, minCos, tolerance: 1e-3 },
  };
}
