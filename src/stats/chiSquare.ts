/** Pearson's χ² goodness-of-fit test for counts in K categories. */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { ConfigError } from '../util/errors.js';
import { requireInteger } from '../util/validate.js';
import { requireSample } from './checks.js';

export interface ChiSquareResult {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  /** Smallest expected count N pᵢ; the χ² approximation wants it ≳ 5. */
  readonly minExpected: number;
}

/**
 * Pearson's χ² test of H0: counts ~ Multinomial(N, p):
 *   X² = Σᵢ (Oᵢ − N pᵢ)² / (N pᵢ),  df = K − 1 − ddof,  p-value = P(χ²_df ≥ X²),
 * with ddof the number of parameters estimated from the data. Probabilities must be > 0 and
 * sum to 1 (±1e-9). The p-value is computed as 1 − cdf, so it is accurate in absolute, not
 * relative, terms below ~1e-15.
 * Reference: Pearson (1900); scipy.stats.chisquare.
 *
 * @example chiSquareGoodnessOfFit([16, 18, 16, 14, 12, 12], [1/6, 1/6, 1/6, 1/6, 1/6, 1/6]) // X² = 2, df 5, p = 0.8491…
 */
export function chiSquareGoodnessOfFit(
  observed: ArrayLike<number>,
  expectedProbs: ArrayLike<number>,
  ddof = 0,
): ChiSquareResult {
  const o = requireSample('observed', observed, 2);
  const p = requireSample('expectedProbs', expectedProbs, 2);
  const K = o.length;
  if (p.length !== K) throw new ConfigError('expectedProbs.length', p.length, `the number of categories (${K})`);
  const dd = requireInteger('ddof', ddof, 0, K - 2);
  let N = 0;
  let sumP = 0;
  for (let i = 0; i < K; i++) {
    if (o[i] < 0) throw new ConfigError(`observed[${i}]`, o[i], 'a non-negative count');
    if (!(p[i] > 0)) throw new ConfigError(`expectedProbs[${i}]`, p[i], 'a probability > 0');
    N += o[i];
    sumP += p[i];
  }
  if (Math.abs(sumP - 1) > 1e-9) throw new ConfigError('sum(expectedProbs)', sumP, '1 (within 1e-9)');
  if (!(N > 0)) throw new ConfigError('sum(observed)', N, 'a positive total count');
  let stat = 0;
  let minExpected = Infinity;
  for (let i = 0; i < K; i++) {
    const e = N * p[i];
    minExpected = Math.min(minExpected, e);
    stat += ((o[i] - e) * (o[i] - e)) / e;
  }
  const df = K - 1 - dd;
  return { statistic: stat, df, pValue: Math.max(0, 1 - chisquareCdf(stat, df)), minExpected };
}
