/**
 * Kolmogorov–Smirnov tests: two-sample (exact lattice-path p-value, or Kolmogorov asymptotics
 * with Stephens' small-sample correction) and one-sample against a continuous cdf.
 */
import kstest from '@stdlib/stats-kstest';
import { ConfigError } from '../util/errors.js';
import { requireOneOf } from '../util/validate.js';
import { requireSample, sortedCopy } from './checks.js';

/** Result of a two-sided Kolmogorov–Smirnov test. */
export interface KsResult {
  /** D = sup_t |F₁(t) − F₂(t)| (two-sample) or sup_t |Fₙ(t) − F(t)| (one-sample). */
  readonly statistic: number;
  readonly pValue: number;
  /** How the p-value was obtained. */
  readonly method: 'exact' | 'asymptotic';
}

export type KsMethod = 'auto' | 'exact' | 'asymptotic';

/** Largest m·n for which method 'auto' uses the exact O(m·n) lattice-path computation. */
export const KS_EXACT_MAX_WORK = 1e7;

/**
 * Two-sample, two-sided Kolmogorov–Smirnov test of H0: x and y come from the same continuous
 * distribution. D = max_t |F_x(t) − F_y(t)| over the empirical cdfs (ties handled by
 * evaluating after each distinct value).
 *
 * p-value:
 * - 'exact': P(D ≥ d) under H0 = probability that a uniformly random monotone lattice path from
 *   (0,0) to (m,n) touches {(i,j): |i/m − j/n| ≥ d}, by the forward recursion
 *   v(i,j) = [i·v(i−1,j) + j·v(i,j−1)]/(i+j), v = 1 outside. O(m·n) time, O(n) memory; no
 *   cancellation, so small p-values keep relative accuracy. (Hodges 1958, Ark. Mat. 3:469–486.)
 *   Matches scipy.stats.ks_2samp(method='exact').
 * - 'asymptotic': Q_KS((√nₑ + 0.12 + 0.11/√nₑ)·D), nₑ = mn/(m+n), with the Kolmogorov survival
 *   function Q_KS (see {@link kolmogorovSurvival}); Stephens (1970), JRSS B 32:115–122.
 *   (scipy instead uses the one-sample exact law at n = round(nₑ); the two agree to ~1e-3.)
 * - 'auto' (default): exact when m·n ≤ {@link KS_EXACT_MAX_WORK}, else asymptotic.
 * Under ties the p-value is conservative-ish approximate, as in scipy.
 *
 * @example ksTwoSample([0.1, 0.5, 0.9], [1.1, 1.5, 1.9, 2.2]) // { statistic: 1, pValue: 0.05714… (= 2/35), method: 'exact' }
 */
export function ksTwoSample(x: ArrayLike<number>, y: ArrayLike<number>, method: KsMethod = 'auto'): KsResult {
  const xs = sortedCopy(requireSample('x', x, 1));
  const ys = sortedCopy(requireSample('y', y, 1));
  const how = requireOneOf('method', method, ['auto', 'exact', 'asymptotic'] as const);
  const m = xs.length;
  const n = ys.length;
  if (m * n > Number.MAX_SAFE_INTEGER / 4) {
    throw new ConfigError('x.length * y.length', m * n, `at most ${Number.MAX_SAFE_INTEGER / 4}`);
  }
  // Integer form: D = max |i·n − j·m| / (m·n), i, j = counts ≤ t in x and y.
  let i = 0;
  let j = 0;
  let maxDiff = 0;
  while (i < m || j < n) {
    const t = Math.min(i < m ? xs[i] : Infinity, j < n ? ys[j] : Infinity);
    while (i < m && xs[i] === t) i++;
    while (j < n && ys[j] === t) j++;
    const diff = Math.abs(i * n - j * m);
    if (diff > maxDiff) maxDiff = diff;
  }
  const statistic = maxDiff / (m * n);
  const exact = how === 'exact' || (how === 'auto' && m * n <= KS_EXACT_MAX_WORK);
  if (exact) return { statistic, pValue: ksTwoSampleExactSurvival(m, n, maxDiff), method: 'exact' };
  const ne = (m * n) / (m + n);
  const se = Math.sqrt(ne);
  return { statistic, pValue: kolmogorovSurvival((se + 0.12 + 0.11 / se) * statistic), method: 'asymptotic' };
}

/**
 * P(mn·D ≥ h) for the two-sample KS statistic with sample sizes m, n under H0, by the
 * lattice-path recursion described in {@link ksTwoSample}.
 */
export function ksTwoSampleExactSurvival(m: number, n: number, h: number): number {
  if (h <= 0) return 1;
  const v = new Float64Array(n + 1);
  // Row i = 0: v(0,j) = 1 once j·m ≥ h, and stays 1.
  for (let jj = 0; jj <= n; jj++) v[jj] = jj * m >= h ? 1 : 0;
  for (let ii = 1; ii <= m; ii++) {
    const iin = ii * n;
    v[0] = iin >= h ? 1 : v[0];
    for (let jj = 1; jj <= n; jj++) {
      if (Math.abs(iin - jj * m) >= h) v[jj] = 1;
      else v[jj] = (ii * v[jj] + jj * v[jj - 1]) / (ii + jj);
    }
  }
  return Math.min(1, v[n]);
}

/**
 * Survival function of the Kolmogorov distribution, Q_KS(λ) = P(K > λ):
 *   Q_KS(λ) = 2 Σ_{j≥1} (−1)^{j−1} exp(−2j²λ²)                        (λ ≥ 1.18)
 *           = 1 − (√(2π)/λ) Σ_{j≥1} exp(−(2j−1)²π²/(8λ²))               (λ < 1.18)
 * (the second, Jacobi-transformed, series converges fast for small λ).
 * Reference: Kolmogorov (1933); Numerical Recipes 3rd ed. §6.14.
 *
 * @example kolmogorovSurvival(1.36) // 0.049486…
 */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1.18) {
    const y = Math.exp(-(Math.PI * Math.PI) / (8 * lambda * lambda));
    let s = 0;
    for (let j = 1; j <= 20; j++) s += y ** ((2 * j - 1) * (2 * j - 1));
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * s));
  }
  const y = Math.exp(-2 * lambda * lambda);
  let s = 0;
  for (let j = 1; j <= 20; j++) {
    const term = y ** (j * j);
    s += j % 2 === 1 ? term : -term;
    if (term < 1e-300) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

/**
 * One-sample, two-sided Kolmogorov–Smirnov test of H0: x is an i.i.d. sample from the
 * continuous cdf F. D = max_i max(i/n − F(x₍ᵢ₎), F(x₍ᵢ₎) − (i−1)/n). The p-value is exact,
 * by Marsaglia, Tsang & Wang (2003), J. Stat. Softw. 8(18) (via @stdlib/stats-kstest, which
 * switches to an asymptotic series when n·D² is large, i.e. for very small p-values) up to
 * KS_ONE_SAMPLE_EXACT_MAX points; beyond, and with method 'asymptotic', the Kolmogorov limit at
 * (√n + 0.12 + 0.11/√n)·D (Stephens 1970), whose error is far below 1e-3 at such n.
 *
 * @example ksOneSample([0.1, 0.4, 0.7], (t) => t) // statistic 0.3, pValue 0.88622…
 */
export function ksOneSample(x: ArrayLike<number>, cdf: (t: number) => number, method: KsMethod = 'auto'): KsResult {
  const xs = requireSample('x', x, 1);
  if (typeof cdf !== 'function') throw new ConfigError('cdf', cdf, 'a function t ↦ F(t) in [0, 1]');
  const copy = Array.from(xs);
  const f = copy.map((t) => {
    const v = cdf(t);
    if (!(v >= 0 && v <= 1)) throw new ConfigError(`cdf(${t})`, v, 'a number in [0, 1]');
    return v;
  });
  const n = copy.length;
  // The exact p-value costs O(n²)-ish work when D is small: beyond KS_ONE_SAMPLE_EXACT_MAX points
  // (where the asymptotic law is accurate to < 1e-3) use Stephens' corrected Kolmogorov limit.
  if (method === 'asymptotic' || (method === 'auto' && n > KS_ONE_SAMPLE_EXACT_MAX)) {
    f.sort((a, b) => a - b);
    let d = 0;
    for (let i = 0; i < n; i++) d = Math.max(d, (i + 1) / n - f[i], f[i] - i / n);
    const sq = Math.sqrt(n);
    return { statistic: d, pValue: kolmogorovSurvival((sq + 0.12 + 0.11 / sq) * d), method: 'asymptotic' };
  }
  const res = kstest(copy, cdf);
  return { statistic: res.statistic, pValue: Math.min(1, Math.max(0, res.pValue)), method: 'exact' };
}

/** Largest sample for which ksOneSample computes the exact p-value under 'auto'. */
export const KS_ONE_SAMPLE_EXACT_MAX = 20000;
