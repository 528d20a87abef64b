/** Spec (claim g): suppressing the intrinsic noise degrades the accuracy of trained networks. */
export const meta: ClaimMeta = {
  id: 'noise-ablation',
  group: 'g',
  title: 'suppressing the noise degrades accuracy',
  claim:
    'Trained end to end on a relational task, a depth-128 network whose value matrices start from their random initialization (σ = 1, √h scaling) is more accurate than the same network with the noise suppressed (σ = 0), paired over seeds.',
  section: 'docs/model.md#noise-ablation',
  kind: 'experiment',
  needs: ['trainable'],
  alpha: 0.05,
  sampleSize: {
    quick: 'not run (about 5 min of training; full tier only)',
    full: '10 seeds × 2 arms × 3 learning rates, L = 128, 800 training examples, 6 epochs, 1000 test examples',
  },
  power:
    'The primary endpoint of docs/noise-ablation.md, fixed before any run: the exact one-sided Wilcoxon signed-rank test on the 10 per-seed gaps acc_A − acc_B at α = 0.05 rejects iff the negative gaps’ ranks sum to ≤ 10 of 55; its power is ≈ 0.8 for a mean gap of 0.85 seed-to-seed standard deviations. It needs a trainable model, so it is not applicable to external simulators.',
  catches: [],
  tiers: ['full'],
};

import type { ClaimContext, ClaimMeta, ClaimOutcome } from './harness.js';
import { analyzeNoiseAblation, NOISE_ABLATION, primaryEndpoint, runNoiseAblation } from './harness.js';

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  const depth = Math.max(...NOISE_ABLATION.depths);
  const sizes = NOISE_ABLATION.tiers[ctx.tier];
  const records = runNoiseAblation(NOISE_ABLATION, {
    seed: ctx.seed,
    sizes,
    selection: { regimes: ['trained'], tasks: ['relational'], depths: [depth], arms: ['A', 'B'] },
    onProgress: (done, total) => ctx.progress(done / total),
  });
  const cells = analyzeNoiseAblation(NOISE_ABLATION, records);
  const primary = primaryEndpoint(NOISE_ABLATION, cells)!;
  const [a, b] = cells[0].arms;
  const pct = (x: number) => (100 * x).toFixed(1);
  return {
    pass: primary.pValue <= meta.alpha!,
    estimate: primary.gap.mean,
    interval: primary.gap.lower === null ? null : [primary.gap.lower, primary.gap.upper!],
    expected: 'gap > 0',
    sampleSize: sizes.trainedSeeds,
    summary:
      `test accuracy A ${pct(a.mean)}% vs B ${pct(b.mean)}% over ${sizes.trainedSeeds} seeds; mean gap ${pct(primary.gap.mean)} points, ` +
      `exact one-sided signed-rank p = ${primary.pValue.toPrecision(3)}: ${primary.verdict}`,
    evidence: { gaps: primary.gaps, pValue: primary.pValue, accuracies: { A: a.accuracies, B: b.accuracies }, learningRates: { A: a.chosen, B: b.chosen } },
  };
}
