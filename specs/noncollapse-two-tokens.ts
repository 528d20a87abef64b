/** Spec (claim d): with noise above the threshold, two tokens end antipodal with positive probability. */
export const meta: ClaimMeta = {
  id: 'noncollapse-two-tokens',
  group: 'd',
  title: 'noise prevents collapse (n = 2)',
  claim: 'For n = 2, σ > 0 and cosh(2β) > d − 2, the probability that the tokens end as an antipodal pair is bounded away from 0.',
  section: 'docs/model.md#long-run-probability',
  kind: 'statistical',
  needs: [],
  alpha: 0.001,
  sampleSize: { quick: '300 paths, d = 3, β = 1, T = 40, L = 4000', full: '3000 paths' },
  power:
    'One-sided exact (Clopper–Pearson) lower bound at α = 0.001 must exceed 0. The theory probability is ≈ 0.22 (the finite-time value at T = 40 ≈ 0.219), so 300 paths give ≈ 66 antipodal ends and a lower bound ≈ 0.15; the bound is 0 only if no path ends antipodal, which a correct simulator does with probability (1 − 0.22)^300 < 1e-30. A simulator whose noise vanishes in the limit (noise scaled by h) never separates the tokens: 0 antipodal ends.',
  catches: ['noise-scaled-by-h'],
};

import { sampleFinalCosines, classifyFormation, DEFAULT_CLASSIFY_TOLERANCE, antipodalProbability, clopperPearsonLower } from './harness.js';
import type { ClaimContext, ClaimMeta, ClaimOutcome } from './harness.js';

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  const paths = ctx.tier === 'quick' ? 300 : 3000;
  const model = { d: 3, beta: 1, sigma: 1, gamma: 0, horizon: 40, depth: 4000 };
  const rho = await sampleFinalCosines(ctx.sim, { ...model, law: 'gaussian', rho0: 0 }, ctx.seed, { paths, progress: ctx.progress });
  let antipodal = 0;
  let oneCluster = 0;
  for (const r of rho) {
    const f = classifyFormation([r], 2).formation;
    if (f === 'antipodal') antipodal++;
    else if (f === 'one-cluster') oneCluster++;
  }
  const lower = clopperPearsonLower(antipodal, paths, meta.alpha!);
  const theory = antipodalProbability(0, model);
  return {
    pass: lower > 0,
    estimate: antipodal / paths,
    interval: [lower, 1],
    expected: theory,
    sampleSize: paths,
    summary: `${antipodal}/${paths} paths end antipodal (one-sided ${100 * (1 - meta.alpha!)}% lower bound ${lower.toFixed(3)}), ${oneCluster} collapse, ${paths - antipodal - oneCluster} undecided; long-run theory ${theory.toFixed(3)}`,
    evidence: { model, rho0: 0, tolerance: DEFAULT_CLASSIFY_TOLERANCE, antipodal, oneCluster, undecided: paths - antipodal - oneCluster, lowerBound: lower, theory },
  };
}
