/** Spec (claim b, no capability needed): relabelling the tokens relabels the law of the output. */
export const meta: ClaimMeta = {
  id: 'permutation-law',
  group: 'b',
  title: 'permutation equivariance in law',
  claim: 'With the simulator’s own noise, the law of the output from permuted tokens is the permuted law of the output: no token position is special.',
  section: 'docs/model.md#permutation',
  kind: 'statistical',
  needs: [],
  alpha: 0.01,
  sampleSize: { quick: '2 × 5000 paths (n = 3, d = 3, L = 4, T = 2, β = 2, σ = γ = 1)', full: '2 × 50000 paths' },
  power:
    'Runs from X and from the cyclically permuted πX with independent seeds; for each of the 3 pairs of positions, a two-sample KS test compares the cosine of the pair in the run from πX with the cosine of the corresponding pair in the run from X (Holm at α = 0.01). With 5000 + 5000 paths each test detects a CDF gap of ≈ 0.035 (critical value 1.73·√(2/5000) at level 0.0033). The checks that need explicit noise test this pathwise; this one needs no capability. A causal attention mask (token i attends only to j ≤ i) makes token 0 ignore the others: measured KS distance 0.21–0.22 on the first pair (seeds 5, 6, 7 and the default), six times the critical value. The start is fixed (three distinct unit tokens) so that the power does not depend on the seed.',
  catches: ['causal-attention'],
};

import { holm, ksTwoSample, sampleFinalTokens, subProgress, deriveSeed } from './harness.js';
import type { ClaimContext, ClaimMeta, ClaimOutcome } from './harness.js';

const N_TOKENS = 3;
const D = 3;
const PAIRS: [number, number][] = [[0, 1], [1, 2], [0, 2]];
/** Three distinct unit tokens, fixed so that the power does not depend on the seed. */
const START = new Float64Array([1, 0, 0, 0.6, 0.8, 0, 0, -0.6, 0.8]);

/** Cosine of tokens (i, j) of every path. */
function pairCosine(tokens: Float64Array, i: number, j: number): Float64Array {
  const paths = tokens.length / (N_TOKENS * D);
  return Float64Array.from({ length: paths }, (_, p) => {
    let s = 0;
    for (let a = 0; a < D; a++) s += tokens[(p * N_TOKENS + i) * D + a] * tokens[(p * N_TOKENS + j) * D + a];
    return s;
  });
}

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  const paths = ctx.tier === 'quick' ? 5000 : 50000;
  const perm = [1, 2, 0]; // position i of πX holds token perm[i] of X
  const x = START;
  const px = new Float64Array(N_TOKENS * D);
  perm.forEach((src, i) => px.set(x.subarray(src * D, (src + 1) * D), i * D));
  const template = { n: N_TOKENS, d: D, depth: 4, horizon: 2, beta: 2, sigma: 1, gamma: 1, law: 'gaussian' as const };
  const a = await sampleFinalTokens(ctx.sim, { ...template, initialTokens: x }, deriveSeed(ctx.seed, [0]), { paths, progress: subProgress(ctx.progress, 0, 0.5) });
  const b = await sampleFinalTokens(ctx.sim, { ...template, initialTokens: px }, deriveSeed(ctx.seed, [1]), { paths, progress: subProgress(ctx.progress, 0.5, 1) });
  const tests = PAIRS.map(([i, j]) => ({ pair: `positions (${i}, ${j}) of πX vs tokens (${perm[i]}, ${perm[j]}) of X`, ...ksTwoSample(pairCosine(b, i, j), pairCosine(a, perm[i], perm[j])) }));
  const { rejected, adjusted } = holm(tests.map((t) => t.pValue), meta.alpha!);
  const pass = !rejected.some(Boolean);
  const worst = tests.reduce((w, t) => (t.statistic > w.statistic ? t : w));
  return {
    pass,
    estimate: worst.statistic,
    interval: null,
    expected: 'same law (KS distance ≈ 0)',
    sampleSize: 2 * paths,
    summary: pass
      ? `permuting the tokens permutes the law of the output (largest KS distance ${worst.statistic.toFixed(4)})`
      : `the output law depends on token positions: ${tests.filter((_, k) => rejected[k]).map((t) => `${t.pair} D=${t.statistic.toFixed(3)} p=${t.pValue.toExponential(2)}`).join('; ')}`,
    evidence: { paths, permutation: perm, configuration: template, tests: tests.map((t, k) => ({ ...t, adjustedPValue: adjusted[k], rejected: rejected[k] })) },
  };
}
