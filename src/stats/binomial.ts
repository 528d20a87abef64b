/**
 * Exact and score inference for a binomial proportion: Clopper–Pearson intervals (two-sided and
 * one-sided), the Wilson score interval, the exact two-sided binomial test, its exact power,
 * and sample-size planning for a target interval half-width.
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { requireInteger, requireNumber, requireOneOf } from '../util/validate.js';
import { requireAlpha, requireBinomialData, requireProbability } from './checks.js';

/** A confidence interval for a proportion together with the point estimate k/n. */
export interface ProportionInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/** Alternative hypothesis of a one-parameter test. */
export type Alternative = 'two-sided' | 'less' | 'greater';
const ALTERNATIVES: readonly Alternative[] = ['two-sided', 'less', 'greater'];

/**
 * Exact (Clopper–Pearson) two-sided 1−α confidence interval for a binomial proportion:
 *
 *   lower = B⁻¹(α/2; k, n−k+1)   (0 when k = 0)
 *   upper = B⁻¹(1−α/2; k+1, n−k) (1 when k = n)
 *
 * where B⁻¹(q; a, b) is the Beta(a, b) quantile. Coverage is ≥ 1−α for every p.
 * Reference: Clopper & Pearson (1934), Biometrika 26:404–413.
 *
 * @example clopperPearson(7, 20, 0.05) // { estimate: 0.35, lower: 0.1539…, upper: 0.5922… }
 */
export function clopperPearson(k: number, n: number, alpha: number): ProportionInterval {
  const d = requireBinomialData(k, n);
  const a = requireAlpha(alpha);
  return {
    estimate: d.k / d.n,
    lower: cpLower(d.k, d.n, a / 2),
    upper: cpUpper(d.k, d.n, a / 2),
  };
}

/**
 * One-sided exact lower confidence bound L with P(p ≥ L) ≥ 1−α:
 * L = B⁻¹(α; k, n−k+1), and L = 0 when k = 0. Use it to show a probability is at least
 * some value (e.g. "clustering happens with probability ≥ 0.9").
 *
 * @example clopperPearsonLower(95, 100, 0.05) // 0.89775…
 */
export function clopperPearsonLower(k: number, n: number, alpha: number): number {
  const d = requireBinomialData(k, n);
  return cpLower(d.k, d.n, requireAlpha(alpha));
}

/**
 * One-sided exact upper confidence bound U with P(p ≤ U) ≥ 1−α:
 * U = B⁻¹(1−α; k+1, n−k), and U = 1 when k = n. For k = 0 this is 1 − α^{1/n}
 * (≈ 3/n at α = 0.05, the "rule of three").
 *
 * @example clopperPearsonUpper(0, 100, 0.05) // 0.0295…
 */
export function clopperPearsonUpper(k: number, n: number, alpha: number): number {
  const d = requireBinomialData(k, n);
  return cpUpper(d.k, d.n, requireAlpha(alpha));
}

function cpLower(k: number, n: number, tail: number): number {
  return k === 0 ? 0 : betaQuantile(tail, k, n - k + 1);
}

function cpUpper(k: number, n: number, tail: number): number {
  return k === n ? 1 : betaQuantile(1 - tail, k + 1, n - k);
}

/**
 * Wilson score two-sided 1−α interval, z = Φ⁻¹(1−α/2), p̂ = k/n:
 *
 *   centre = (p̂ + z²/(2n)) / (1 + z²/n)
 *   half   = z/(1 + z²/n) · sqrt(p̂(1−p̂)/n + z²/(4n²))
 *
 * Reference: Wilson (1927), JASA 22:209–212; Brown, Cai & DasGupta (2001), Stat. Sci. 16:101–133.
 *
 * @example wilson(7, 20, 0.05) // { estimate: 0.35, lower: 0.1812…, upper: 0.5671… }
 */
export function wilson(k: number, n: number, alpha: number): ProportionInterval {
  const d = requireBinomialData(k, n);
  const z = normalQuantile(1 - requireAlpha(alpha) / 2, 0, 1);
  const p = d.k / d.n;
  const z2n = (z * z) / d.n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / d.n + z2n / (4 * d.n));
  return { estimate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** P(K ≥ j) for K ~ Bin(n, p), computed as a lower tail of Bin(n, 1−p) to avoid 1 − cdf cancellation. */
function upperTail(j: number, n: number, p: number): number {
  if (j <= 0) return 1;
  if (j > n) return 0;
  return binomialCdf(n - j, n, 1 - p);
}

/** P(K ≤ j) for K ~ Bin(n, p). */
function lowerTail(j: number, n: number, p: number): number {
  if (j < 0) return 0;
  if (j >= n) return 1;
  return binomialCdf(j, n, p);
}

// Relative tolerance for "pmf(j) ≤ pmf(k)", as in R's binom.test and scipy.stats.binomtest.
const PMF_RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Exact two-sided binomial test p-value for H0: p = p0 given k successes in n trials, by the
 * "minimum likelihood" rule of R's binom.test and scipy.stats.binomtest:
 *
 *   pValue = Σ_{j : f(j) ≤ f(k)(1+10⁻⁷)} f(j),   f = Bin(n, p0) pmf,
 *
 * (1 when k = n·p0). Tails are summed via cdfs, each found by bisection on the monotone side
 * of the pmf, so the cost is O(log n) pmf evaluations.
 * Reference: R `binom.test`; scipy.stats.binomtest(alternative='two-sided').
 *
 * @example binomialTwoSidedPValue(7, 20, 0.5) // 0.26317…
 */
export function binomialTwoSidedPValue(k: number, n: number, p0: number): number {
  const d = requireBinomialData(k, n);
  const p = requireProbability('p0', p0);
  return twoSidedPValue(d.k, d.n, p);
}

function twoSidedPValue(k: number, n: number, p: number): number {
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const m = n * p;
  if (k === m) return 1;
  const threshold = binomialPmf(k, n, p) * PMF_RELATIVE_TOLERANCE;
  let pval: number;
  if (k < m) {
    // pmf is non-increasing on [ceil(m), n]: first j there with pmf(j) ≤ threshold.
    let lo = Math.ceil(m);
    let hi = n + 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (binomialPmf(mid, n, p) <= threshold) hi = mid;
      else lo = mid + 1;
    }
    pval = lowerTail(k, n, p) + upperTail(lo, n, p);
  } else {
    // pmf is non-decreasing on [0, floor(m)]: last j there with pmf(j) ≤ threshold.
    let lo = -1;
    let hi = Math.floor(m);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (binomialPmf(mid, n, p) <= threshold) lo = mid;
      else hi = mid - 1;
    }
    pval = lowerTail(lo, n, p) + upperTail(k, n, p);
  }
  return Math.min(1, pval);
}

/**
 * Exact one-sided binomial test p-value: 'greater' (H1: p > p0) gives P(K ≥ k), 'less'
 * (H1: p < p0) gives P(K ≤ k), K ~ Bin(n, p0).
 *
 * @example binomialOneSidedPValue(15, 20, 0.5, 'greater') // 0.020694…
 */
export function binomialOneSidedPValue(
  k: number,
  n: number,
  p0: number,
  alternative: 'less' | 'greater',
): number {
  const d = requireBinomialData(k, n);
  const p = requireProbability('p0', p0);
  const alt = requireOneOf('alternative', alternative, ['less', 'greater'] as const);
  return alt === 'greater' ? upperTail(d.k, d.n, p) : lowerTail(d.k, d.n, p);
}

/**
 * Exact power of the level-α exact binomial test of H0: p = p0 with n trials when the truth is
 * p1: Σ_{k ∈ R} Bin(k; n, p1), where R = {k : pValue(k) ≤ α} is the test's rejection region
 * ('two-sided' uses {@link binomialTwoSidedPValue}; 'greater' R = {k ≥ c}; 'less' R = {k ≤ c}).
 * The region is found by bisection (p-values are monotone on each side of the mode).
 *
 * @example powerOfBinomialTest(100, 0.5, 0.7, 0.05) // 0.97901… (two-sided)
 */
export function powerOfBinomialTest(
  n: number,
  p0: number,
  p1: number,
  alpha: number,
  alternative: Alternative = 'two-sided',
): number {
  const nn = requireInteger('n', n, 1);
  const q0 = requireProbability('p0', p0);
  const q1 = requireProbability('p1', p1);
  const a = requireAlpha(alpha);
  const alt = requireOneOf('alternative', alternative, ALTERNATIVES);
  if (alt === 'greater') {
    const c = firstTrue(0, nn + 1, (j) => upperTail(j, nn, q0) <= a);
    return upperTail(c, nn, q1);
  }
  if (alt === 'less') {
    const c = firstTrue(-1, nn, (j) => lowerTail(j + 1, nn, q0) > a) ;
    return lowerTail(c, nn, q1);
  }
  const mode = Math.min(nn, Math.floor((nn + 1) * q0));
  // Largest k ≤ mode rejected (p-value non-decreasing on [0, mode]).
  const lowerEdge = firstTrue(-1, mode, (j) => j + 1 > mode || twoSidedPValue(j + 1, nn, q0) > a);
  // Smallest k ≥ mode rejected (p-value non-increasing on [mode, n]).
  const upperEdge = firstTrue(mode, nn + 1, (j) => j > nn || twoSidedPValue(j, nn, q0) <= a);
  return Math.min(1, lowerTail(lowerEdge, nn, q1) + upperTail(upperEdge, nn, q1));
}

/** Smallest integer j in [lo, hi] with pred(j) true, pred monotone false→true; pred(hi) assumed true. */
function firstTrue(lo: number, hi: number, pred: (j: number) => boolean): number {
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Planning: smallest n such that the two-sided 1−α Clopper–Pearson interval, evaluated at the
 * anticipated proportion p (with k = n·p treated as continuous), extends at most `halfWidth`
 * on each side of p. For p ∈ (0,1) this is close to, and slightly above, the Wald size
 * ⌈z²p(1−p)/h²⌉, z = Φ⁻¹(1−α/2); for p = 0 it is ⌈ln(α/2)/ln(1−h)⌉.
 * Use p = 0.5 for a worst case.
 *
 * @example binomialSampleSizeForHalfWidth(0.5, 0.05, 0.05) // 402 (Wald gives 385)
 */
export function binomialSampleSizeForHalfWidth(p: number, halfWidth: number, alpha: number): number {
  const q = requireProbability('p', p);
  const h = requireNumber('halfWidth', halfWidth, { min: 0, max: 0.5, strictMin: true });
  const a = requireAlpha(alpha);
  const ok = (n: number): boolean => {
    const k = n * q;
    const lower = k === 0 ? 0 : betaQuantile(a / 2, k, n - k + 1);
    const upper = k === n ? 1 : betaQuantile(1 - a / 2, k + 1, n - k);
    return q - lower <= h && upper - q <= h;
  };
  let hi = 1;
  while (!ok(hi)) hi *= 2;
  return firstTrue(Math.floor(hi / 2) || 1, hi, ok);
}
