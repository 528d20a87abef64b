/**
 * Empirical quantiles and their exact distribution-free confidence intervals from order
 * statistics: for a continuous law with q-quantile ξ_q, P(X_(r) ≤ ξ_q < X_(s)) =
 * P(r ≤ B < s) with B ~ Binomial(m, q), whatever the law (Hahn & Meeker, Statistical Intervals,
 * §5.2). The ranks are chosen with at most α/2 on each side, so coverage is ≥ 1 − α.
 */
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { requireAlpha } from './checks.js';
import { requireNumber } from '../util/validate.js';

export interface QuantileEstimate {
  /** The level q. */
  q: number;
  /** The empirical quantile X_(⌈qm⌉) (inverse of the empirical distribution function). */
  value: number;
  /** Exact ≥ 1 − α interval from order statistics; null where the sample is too small to bound that side. */
  lower: number | null;
  upper: number | null;
}

/**
 * Quantile `q` of an ascending sample `sorted` with its exact two-sided 1 − α interval.
 *
 * @example quantileWithInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5, 0.05) // { q: 0.5, value: 5, lower: 2, upper: 9 }
 */
export function quantileWithInterval(sorted: ArrayLike<number>, q: number, alpha: number): QuantileEstimate {
  requireNumber('q', q, { min: 0, max: 1, strictMin: true, strictMax: true });
  requireAlpha(alpha);
  const m = sorted.length;
  if (m === 0) throw new RangeError('quantileWithInterval: empty sample');
  const value = sorted[Math.max(0, Math.ceil(q * m) - 1)];
  // Lower rank r (1-based): the largest r with P(B < r) = P(B ≤ r − 1) ≤ α/2.
  let r = 0;
  while (r < m && binomialCdf(r, m, q) <= alpha / 2) r++;
  // Upper rank s: the smallest s with P(B ≥ s) = 1 − P(B ≤ s − 1) ≤ α/2.
  let s = m + 1;
  while (s > 1 && 1 - binomialCdf(s - 2, m, q) <= alpha / 2) s--;
  return { q, value, lower: r >= 1 ? sorted[r - 1] : null, upper: s <= m ? sorted[s - 1] : null };
}
