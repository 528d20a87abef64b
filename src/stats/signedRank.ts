/**
 * The exact Wilcoxon signed-rank test for paired differences, one-sided.
 *
 * Zero differences are dropped (Wilcoxon's convention); tied |differences| get their mid-rank.
 * Under H0 (differences symmetric about 0) every sign pattern of the m non-zero differences is
 * equally likely, so W⁺ = Σ_{Δ_i > 0} rank_i has the exact law of Σ_i ε_i·rank_i with ε_i
 * i.i.d. Bernoulli(½). Doubled mid-ranks are integers, so that law is a subset-sum count over
 * integers, computed exactly by dynamic programming (counts stay below 2^53 for m ≤ 52).
 * The p-value is conditional on the observed ties (exact, not the normal approximation).
 * Reference: Wilcoxon (1945), Biometrics Bull. 1:80–83; Hollander, Wolfe & Chicken,
 * *Nonparametric Statistical Methods* (3rd ed., 2014), §3.1.
 *
 * @example signedRankTest([0.5, 1.2, -0.3, 2.0, 0.8], 'greater') // W⁺ = 14, p = 2/32 = 0.0625
 */
import { ConfigError } from '../util/errors.js';
import { requireOneOf } from '../util/validate.js';
import { requireSample } from './checks.js';

export interface SignedRankResult {
  /** Number of non-zero differences. */
  readonly m: number;
  /** Sum of the (mid-)ranks of the positive differences. */
  readonly wPlus: number;
  /** Exact one-sided p-value: P(W⁺ ≥ observed) for 'greater', P(W⁺ ≤ observed) for 'less'. */
  readonly pValue: number;
}

export function signedRankTest(differences: ArrayLike<number>, alternative: 'greater' | 'less'): SignedRankResult {
  const xs = Array.from(requireSample('differences', differences, 1)).filter((x) => x !== 0);
  const alt = requireOneOf('alternative', alternative, ['greater', 'less'] as const);
  const m = xs.length;
  if (m > 52) throw new ConfigError('differences', `${m} non-zero values`, 'at most 52 non-zero differences (exact counts)');
  if (m === 0) return { m, wPlus: 0, pValue: 1 };
  const order = xs.map((_, i) => i).sort((i, j) => Math.abs(xs[i]) - Math.abs(xs[j]));
  const doubled = new Array<number>(m); // 2 × mid-rank, an integer
  for (let a = 0; a < m; ) {
    let b = a;
    while (b + 1 < m && Math.abs(xs[order[b + 1]]) === Math.abs(xs[order[a]])) b++;
    for (let k = a; k <= b; k++) doubled[order[k]] = a + b + 2; // ranks a+1 … b+1, mean (a+b+2)/2
    a = b + 1;
  }
  const total = doubled.reduce((s, r) => s + r, 0);
  const counts = new Float64Array(total + 1);
  counts[0] = 1;
  let reach = 0;
  for (const r of doubled) {
    for (let s = reach; s >= 0; s--) if (counts[s] !== 0) counts[s + r] += counts[s];
    reach += r;
  }
  let observed = 0;
  xs.forEach((x, i) => {
    if (x > 0) observed += doubled[i];
  });
  let tail = 0;
  for (let s = 0; s <= total; s++) if (alt === 'greater' ? s >= observed : s <= observed) tail += counts[s];
  return { m, wPlus: observed / 2, pValue: Math.min(1, tail / 2 ** m) };
}
