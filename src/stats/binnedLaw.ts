/**
 * Binned goodness of fit of a sample of cosines against an exact CDF: the edges are fixed in
 * advance, adjacent bins are merged until every expected count is ≥ 5 (the usual validity
 * condition of the χ² approximation), then Pearson's χ² test is applied.
 */
import { chiSquareGoodnessOfFit } from './index.js';

export interface BinnedFit {
  edges: number[];
  observed: number[];
  expected: number[];
  statistic: number;
  df: number;
  pValue: number;
}

export function binnedFit(sample: ArrayLike<number>, edges: readonly number[], cdfAt: (r: number) => number): BinnedFit {
  const cdf = edges.map((r, i) => (i === 0 ? 0 : i === edges.length - 1 ? 1 : cdfAt(r)));
  let probs = cdf.slice(1).map((c, i) => Math.max(0, c - cdf[i]));
  let counts = probs.map(() => 0);
  for (let k = 0; k < sample.length; k++) {
    let b = 0;
    while (b < probs.length - 1 && sample[k] >= edges[b + 1]) b++;
    counts[b]++;
  }
  let e = edges.slice();
  const n = sample.length;
  // Merge the smallest-expectation bin into a neighbour until all expectations reach 5.
  for (;;) {
    const i = probs.reduce((best, p, j) => (p < probs[best] ? j : best), 0);
    if (probs[i] * n >= 5 || probs.length <= 2) break;
    const j = i === 0 ? 1 : i === probs.length - 1 ? i - 1 : probs[i - 1] < probs[i + 1] ? i - 1 : i + 1;
    const lo = Math.min(i, j);
    probs = [...probs.slice(0, lo), probs[lo] + probs[lo + 1], ...probs.slice(lo + 2)];
    counts = [...counts.slice(0, lo), counts[lo] + counts[lo + 1], ...counts.slice(lo + 2)];
    e = [...e.slice(0, lo + 1), ...e.slice(lo + 2)];
  }
  const total = probs.reduce((a, b) => a + b, 0);
  const fit = chiSquareGoodnessOfFit(counts, probs.map((p) => p / total));
  return { edges: e, observed: counts, expected: probs.map((p) => (p / total) * n), statistic: fit.statistic, df: fit.df, pValue: fit.pValue };
}
