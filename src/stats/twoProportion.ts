/** Exact comparison of two binomial proportions (Fisher's exact test on the 2×2 table). */
import { requireInteger, requireOneOf } from '../util/validate.js';
import { type Alternative } from './binomial.js';

export interface TwoProportionResult {
  readonly estimate1: number;
  readonly estimate2: number;
  /** estimate1 − estimate2. */
  readonly difference: number;
  readonly pValue: number;
}

// Relative tolerance for "pmf(x) ≤ pmf(observed)", as in R's fisher.test and scipy.
const PMF_RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Fisher's exact test of H0: p₁ = p₂ from k₁/n₁ and k₂/n₂ successes. Conditioning on the total
 * K = k₁ + k₂, X = k₁ ~ Hypergeometric(N = n₁+n₂, K, n₁) with
 *   f(x) ∝ C(K, x) C(N−K, n₁−x),  f(x+1)/f(x) = (K−x)(n₁−x)/((x+1)(n₂−K+x+1)).
 * Two-sided p = Σ_{x: f(x) ≤ f(k₁)(1+10⁻⁷)} f(x) (R fisher.test, scipy.stats.fisher_exact);
 * 'greater' (H1: p₁ > p₂) = P(X ≥ k₁); 'less' = P(X ≤ k₁). O(min(K, n₁)) work.
 * Reference: Fisher (1935); Agresti, Categorical Data Analysis (3rd ed.), §3.5.
 *
 * @example twoProportionTest(8, 10, 2, 10).pValue // 0.02301…
 */
export function twoProportionTest(
  k1: number,
  n1: number,
  k2: number,
  n2: number,
  alternative: Alternative = 'two-sided',
): TwoProportionResult {
  const d1 = { n: requireInteger('n1', n1, 1), k: 0 };
  d1.k = requireInteger('k1', k1, 0, d1.n);
  const d2 = { n: requireInteger('n2', n2, 1), k: 0 };
  d2.k = requireInteger('k2', k2, 0, d2.n);
  const alt = requireOneOf('alternative', alternative, ['two-sided', 'less', 'greater'] as const);
  const N = d1.n + d2.n;
  const K = d1.k + d2.k;
  const lo = Math.max(0, K - d2.n);
  const hi = Math.min(K, d1.n);
  // log f up to a constant, by the ratio recurrence; then normalise with log-sum-exp.
  const logf = new Float64Array(hi - lo + 1);
  for (let x = lo; x < hi; x++) {
    const r = ((K - x) * (d1.n - x)) / ((x + 1) * (N - K - d1.n + x + 1));
    logf[x - lo + 1] = logf[x - lo] + Math.log(r);
  }
  let mx = -Infinity;
  for (const v of logf) mx = Math.max(mx, v);
  let total = 0;
  for (const v of logf) total += Math.exp(v - mx);
  const pmf = (x: number): number => Math.exp(logf[x - lo] - mx) / total;
  const obs = d1.k;
  let pValue = 0;
  if (alt === 'greater') for (let x = obs; x <= hi; x++) pValue += pmf(x);
  else if (alt === 'less') for (let x = lo; x <= obs; x++) pValue += pmf(x);
  else {
    const threshold = pmf(obs) * PMF_RELATIVE_TOLERANCE;
    for (let x = lo; x <= hi; x++) {
      const f = pmf(x);
      if (f <= threshold) pValue += f;
    }
  }
  const e1 = d1.k / d1.n;
  const e2 = d2.k / d2.n;
  return { estimate1: e1, estimate2: e2, difference: e1 - e2, pValue: Math.min(1, pValue) };
}
