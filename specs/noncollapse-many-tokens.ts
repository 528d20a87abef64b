/** Spec (claim d): antipodal formations persist for more than two tokens. */
export const meta: ClaimMeta = {
  id: 'noncollapse-many-tokens',
  group: 'd',
  title: 'noise prevents collapse (n = 4)',
  claim: 'For n = 4 tokens from generic starts (d = 3, β = 2, σ = 1), the probability of ending in two antipodal groups is bounded away from 0.',
  section: 'docs/model.md#non-collapse',
  kind: 'statistical',
  needs: [],
  alpha: 0.001,
  sampleSize: { quick: '10 random starts × 20 paths, T = 40, L = 4000', full: '100 random starts × 20 paths' },
  power:
    'One-sided exact lower bound at α = 0.001 must exceed 0. Measured with the reference simulator, about 26% of runs end in two antipodal groups (33% not yet decided at T = 40), so 200 runs give ≈ 50 and a lower bound ≈ 0.16. There is no formula for n > 2: the claim is positivity, as in the paper. With noise scaled by h nothing separates the tokens: 0 antipodal ends.',
  catches: ['noise-scaled-by-h'],
};

import { unitTokens, samplePairwiseCosines, subProgress, classifyFormation, DEFAULT_CLASSIFY_TOLERANCE, pairCount, clopperPearsonLower } from './harness.js';
import type { ClaimContext, ClaimMeta, ClaimOutcome } from './harness.js';

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  const starts = ctx.tier === 'quick' ? 10 : 100;
  const perStart = 20;
  const n = 4;
  const d = 3;
  const counts = { 'one-cluster': 0, antipodal: 0, other: 0 };
  const m = pairCount(n);
  for (let s = 0; s < starts; s++) {
    const cos = await samplePairwiseCosines(
      ctx.sim,
      { n, d, depth: 4000, horizon: 40, beta: 2, sigma: 1, gamma: 0, law: 'gaussian', initialTokens: unitTokens(ctx.seed + s, n, d) },
      ctx.seed + s,
      { paths: perStart, progress: subProgress(ctx.progress, s / starts, (s + 1) / starts) },
    );
    for (let p = 0; p < perStart; p++) {
      counts[classifyFormation(cos.subarray(p * m, (p + 1) * m), n).formation]++;
    }
  }
  const total = starts * perStart;
  const lower = clopperPearsonLower(counts.antipodal, total, meta.alpha!);
  return {
    pass: lower > 0,
    estimate: counts.antipodal / total,
    interval: [lower, 1],
    expected: '> 0',
    sampleSize: total,
    summary: `${counts.antipodal}/${total} runs end in two antipodal groups (lower bound ${lower.toFixed(3)}), ${counts['one-cluster']} in one cluster, ${counts.other} undecided`,
    evidence: { n, d, beta: 2, sigma: 1, horizon: 40, depth: 4000, tolerance: DEFAULT_CLASSIFY_TOLERANCE, counts, lowerBound: lower },
  };
}
