/**
 * Sample mean and variance: batch formulas, a streaming Welford accumulator, the Student-t
 * interval for a mean, and sample-size planning for a target half-width.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { ConfigError, NumericalError } from '../util/errors.js';
import { requireNumber } from '../util/validate.js';
import { requireAlpha, requireSample } from './checks.js';

/**
 * Arithmetic mean x̄ = (1/n) Σ xᵢ (two-pass corrected: x̄ + (1/n) Σ (xᵢ − x̄) for accuracy).
 *
 * @example sampleMean([1, 2, 3, 4]) // 2.5
 */
export function sampleMean(xs: ArrayLike<number>): number {
  const a = requireSample('xs', xs, 1);
  return meanOf(a);
}

function meanOf(a: ArrayLike<number>): number {
  const n = a.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i];
  const m = s / n;
  let c = 0;
  for (let i = 0; i < n; i++) c += a[i] - m;
  return m + c / n;
}

/**
 * Unbiased sample variance s² = Σ (xᵢ − x̄)² / (n − 1), computed in two passes (needs n ≥ 2).
 *
 * @example sampleVariance([1, 2, 3, 4]) // 1.6666…
 */
export function sampleVariance(xs: ArrayLike<number>): number {
  const a = requireSample('xs', xs, 2);
  return varianceOf(a, meanOf(a));
}

function varianceOf(a: ArrayLike<number>, m: number): number {
  let ss = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - m;
    ss += d * d;
  }
  return ss / (a.length - 1);
}

/** Student-t confidence interval for a population mean. */
export interface MeanInterval {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation s (divisor n − 1). */
  readonly sd: number;
  /** Standard error s/√n. */
  readonly standardError: number;
  /** Degrees of freedom n − 1. */
  readonly df: number;
  /** Half-width t_{1−α/2, n−1} · s/√n. */
  readonly halfWidth: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Two-sided 1−α Student-t interval for the mean of i.i.d. data (n ≥ 2):
 * x̄ ± t_{1−α/2, n−1} · s/√n. Exact for normal data, asymptotically valid otherwise (CLT).
 *
 * @example meanInterval([1, 2, 3, 4], 0.05) // mean 2.5, sd 1.2910, lower 0.4457…, upper 4.5543…
 */
export function meanInterval(xs: ArrayLike<number>, alpha: number): MeanInterval {
  const a = requireSample('xs', xs, 2);
  const al = requireAlpha(alpha);
  const mean = meanOf(a);
  return tIntervalFromMoments(a.length, mean, varianceOf(a, mean), al);
}

/** t-interval from summary statistics (n ≥ 2, sample variance s²). */
export function tIntervalFromMoments(n: number, mean: number, variance: number, alpha: number): MeanInterval {
  const sd = Math.sqrt(variance);
  const standardError = sd / Math.sqrt(n);
  const df = n - 1;
  const halfWidth = tQuantile(1 - alpha / 2, df) * standardError;
  if (!Number.isFinite(halfWidth) || !Number.isFinite(mean)) {
    throw new NumericalError(`t-interval: non-finite result (n=${n}, mean=${mean}, variance=${variance})`);
  }
  return { n, mean, sd, standardError, df, halfWidth, lower: mean - halfWidth, upper: mean + halfWidth };
}

/**
 * Streaming mean and variance by Welford's update
 *   δ = x − M_{n−1},  M_n = M_{n−1} + δ/n,  S_n = S_{n−1} + δ(x − M_n),
 * with s² = S_n/(n − 1), and merging of two accumulators by Chan et al.'s formula
 *   S = S_a + S_b + δ² n_a n_b / (n_a + n_b).
 * References: Welford (1962), Technometrics 4:419–420; Chan, Golub & LeVeque (1983),
 * Am. Stat. 37:242–247.
 *
 * @example
 * const m = new RunningMoments();
 * m.pushAll(new Float64Array([1, 2, 3, 4]));
 * m.mean;     // 2.5
 * m.variance; // 1.6666…
 */
export class RunningMoments {
  private n = 0;
  private m = 0;
  private s = 0;
  private lo = Infinity;
  private hi = -Infinity;

  /** Adds one finite observation. */
  push(x: number): this {
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new ConfigError(`observation #${this.n}`, x, 'a finite number');
    }
    this.n += 1;
    const d = x - this.m;
    this.m += d / this.n;
    this.s += d * (x - this.m);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    return this;
  }

  /** Adds every element of an array or typed array. */
  pushAll(xs: ArrayLike<number>): this {
    for (let i = 0; i < xs.length; i++) this.push(xs[i]);
    return this;
  }

  /** Folds another accumulator into this one (as if its data had been pushed here). */
  merge(other: RunningMoments): this {
    if (other.n === 0) return this;
    if (this.n === 0) {
      this.n = other.n;
      this.m = other.m;
      this.s = other.s;
      this.lo = other.lo;
      this.hi = other.hi;
      return this;
    }
    const n = this.n + other.n;
    const d = other.m - this.m;
    this.m += (d * other.n) / n;
    this.s += other.s + (d * d * this.n * other.n) / n;
    this.n = n;
    this.lo = Math.min(this.lo, other.lo);
    this.hi = Math.max(this.hi, other.hi);
    return this;
  }

  get count(): number {
    return this.n;
  }

  /** Sample mean; NaN when empty. */
  get mean(): number {
    return this.n === 0 ? NaN : this.m;
  }

  /** Unbiased sample variance S_n/(n − 1); NaN when n < 2. */
  get variance(): number {
    return this.n < 2 ? NaN : this.s / (this.n - 1);
  }

  /** Sample standard deviation; NaN when n < 2. */
  get sd(): number {
    return Math.sqrt(this.variance);
  }

  /** Standard error of the mean s/√n; NaN when n < 2. */
  get standardError(): number {
    return this.sd / Math.sqrt(this.n);
  }

  get min(): number {
    return this.n === 0 ? NaN : this.lo;
  }

  get max(): number {
    return this.n === 0 ? NaN : this.hi;
  }

  /** Student-t 1−α interval for the mean of the data seen so far (needs n ≥ 2). */
  interval(alpha: number): MeanInterval {
    const al = requireAlpha(alpha);
    if (this.n < 2) throw new ConfigError('RunningMoments.count', this.n, 'at least 2 observations');
    return tIntervalFromMoments(this.n, this.m, this.variance, al);
  }
}

/**
 * Planning: smallest n ≥ 2 with t_{1−α/2, n−1} · σ/√n ≤ h, i.e. the expected t-interval
 * half-width for a population standard deviation σ (an anticipated value, e.g. from a pilot
 * run). Starts from the normal-theory size ⌈(z σ/h)²⌉ and steps up.
 *
 * @example sampleSizeForMeanHalfWidth(1, 0.1, 0.05) // 387 (normal theory gives 385)
 */
export function sampleSizeForMeanHalfWidth(sd: number, halfWidth: number, alpha: number): number {
  const s = requireNumber('sd', sd, { min: 0, strictMin: true });
  const h = requireNumber('halfWidth', halfWidth, { min: 0, strictMin: true });
  const a = requireAlpha(alpha);
  const z = normalQuantile(1 - a / 2, 0, 1);
  const width = (n: number): number => (tQuantile(1 - a / 2, n - 1) * s) / Math.sqrt(n);
  // Since t_{1−α/2,ν} > z, the answer is ≥ the normal-theory size; the excess shrinks like 1/n.
  let hi = Math.max(2, Math.ceil(((z * s) / h) ** 2));
  let lo = hi - 1; // known to fail (or below the minimum n = 2)
  while (width(hi) > h) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (width(mid) <= h) hi = mid;
    else lo = mid;
  }
  return hi;
}
