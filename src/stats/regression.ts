/**
 * Ordinary least-squares simple linear regression with t-based inference, and pooling of
 * independent per-batch slope estimates.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { ConfigError } from '../util/errors.js';
import { requireAlpha, requireSample } from './checks.js';
import { meanInterval, type MeanInterval } from './moments.js';

export interface LinearRegression {
  readonly n: number;
  readonly slope: number;
  readonly intercept: number;
  readonly slopeStandardError: number;
  readonly interceptStandardError: number;
  /** Two-sided 1−α interval for the slope: b ± t_{1−α/2, n−2} · SE(b). */
  readonly slopeLower: number;
  readonly slopeUpper: number;
  /** Two-sided 1−α interval for the intercept. */
  readonly interceptLower: number;
  readonly interceptUpper: number;
  /** Two-sided p-value of H0: slope = 0 (t test, n − 2 df). */
  readonly slopePValue: number;
  /** Coefficient of determination r² = S_xy²/(S_xx S_yy) (1 when y is constant). */
  readonly rSquared: number;
  /** Residual standard deviation s = √(SSE/(n−2)). */
  readonly residualSd: number;
  readonly df: number;
}

/**
 * Least-squares line y = a + b x with normal-theory inference (n ≥ 3, x not constant):
 *   b = S_xy/S_xx,  a = ȳ − b x̄,  s² = SSE/(n−2),
 *   SE(b) = s/√S_xx,  SE(a) = s √(1/n + x̄²/S_xx),
 *   CI: b ± t_{1−α/2, n−2} SE(b).
 * Sums of squares are formed about the means (two-pass) for accuracy.
 * Reference: e.g. Weisberg, Applied Linear Regression (4th ed.), ch. 2.
 *
 * @example linearRegression([1, 2, 3, 4, 5], [2.1, 3.9, 6.2, 7.8, 10.1], 0.05).slope // 1.99
 */
export function linearRegression(x: ArrayLike<number>, y: ArrayLike<number>, alpha: number): LinearRegression {
  const xs = requireSample('x', x, 3);
  const ys = requireSample('y', y, 3);
  if (xs.length !== ys.length) throw new ConfigError('y.length', ys.length, `the length of x (${xs.length})`);
  const al = requireAlpha(alpha);
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (!(sxx > 0)) throw new ConfigError('x', x, 'at least two distinct x values');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const r = ys[i] - intercept - slope * xs[i];
    sse += r * r;
  }
  const df = n - 2;
  const residualSd = Math.sqrt(sse / df);
  const slopeStandardError = residualSd / Math.sqrt(sxx);
  const interceptStandardError = residualSd * Math.sqrt(1 / n + (mx * mx) / sxx);
  const t = tQuantile(1 - al / 2, df);
  const tStat = slope / slopeStandardError;
  const slopePValue = slopeStandardError === 0 ? (slope === 0 ? 1 : 0) : 2 * tCdf(-Math.abs(tStat), df);
  return {
    n,
    slope,
    intercept,
    slopeStandardError,
    interceptStandardError,
    slopeLower: slope - t * slopeStandardError,
    slopeUpper: slope + t * slopeStandardError,
    interceptLower: intercept - t * interceptStandardError,
    interceptUpper: intercept + t * interceptStandardError,
    slopePValue,
    rSquared: coefficientOfDetermination(sxx, sxy, syy),
    residualSd,
    df,
  };
}

/**
 * Pools slope estimates b_1..b_B from B ≥ 2 independent batches (e.g. one regression per
 * independent replicate): mean b̄ and the Student-t interval b̄ ± t_{1−α/2, B−1} s_b/√B.
 * Valid whatever the within-batch error structure, as long as batches are independent and
 * identically distributed (batch means / "batch slopes" method).
 *
 * @example slopeFromBatches([1.9, 2.1, 2.0, 2.05], 0.05).mean // 2.0125
 */
export function slopeFromBatches(batchSlopes: ArrayLike<number>, alpha: number): MeanInterval {
  requireSample('batchSlopes', batchSlopes, 2);
  return meanInterval(batchSlopes, alpha);
}

export interface WeightedLinearRegression {
  readonly n: number;
  readonly slope: number;
  readonly intercept: number;
  readonly slopeStandardError: number;
  /** Two-sided 1−α interval b ± z_{1−α/2}·SE(b) (variances known, so normal quantiles). */
  readonly slopeLower: number;
  readonly slopeUpper: number;
  /** Σ w_i r_i², χ² with n − 2 df when the stated variances are right (a lack-of-fit check). */
  readonly chiSquare: number;
}

/**
 * Weighted least squares y = a + b x with *known* variances v_i of the y_i (weights 1/v_i):
 *   x̄_w = Σw x/Σw,  b = Σw (x−x̄_w)(y−ȳ_w) / Σw (x−x̄_w)²,  SE(b) = 1/√(Σw (x−x̄_w)²).
 * Used where each point is a Monte Carlo estimate with a measured standard error, e.g. the
 * log of a weak error against log h. Reference: Bevington & Robinson, Data Reduction and Error
 * Analysis (3rd ed.), §6.4.
 *
 * @example weightedLinearRegression([0, 1, 2], [1, 3, 5], [1, 1, 1], 0.05).slope // 2
 */
export function weightedLinearRegression(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  variances: ArrayLike<number>,
  alpha: number,
): WeightedLinearRegression {
  const xs = requireSample('x', x, 2);
  const ys = requireSample('y', y, 2);
  const vs = requireSample('variances', variances, 2);
  if (xs.length !== ys.length) throw new ConfigError('y.length', ys.length, `the length of x (${xs.length})`);
  if (vs.length !== xs.length) throw new ConfigError('variances.length', vs.length, `the length of x (${xs.length})`);
  const al = requireAlpha(alpha);
  const n = xs.length;
  let sw = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    if (!(vs[i] > 0)) throw new ConfigError(`variances[${i}]`, vs[i], 'a positive finite number');
    const w = 1 / vs[i];
    sw += w;
    mx += w * xs[i];
    my += w * ys[i];
  }
  mx /= sw;
  my /= sw;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const w = 1 / vs[i];
    sxx += w * (xs[i] - mx) ** 2;
    sxy += w * (xs[i] - mx) * (ys[i] - my);
  }
  if (!(sxx > 0)) throw new ConfigError('x', 'constant values', 'at least two distinct x values');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let chiSquare = 0;
  for (let i = 0; i < n; i++) chiSquare += (ys[i] - intercept - slope * xs[i]) ** 2 / vs[i];
  const se = 1 / Math.sqrt(sxx);
  const z = normalQuantile(1 - al / 2, 0, 1);
  return { n, slope, intercept, slopeStandardError: se, slopeLower: slope - z * se, slopeUpper: slope + z * se, chiSquare };
}

/**
 * R² = r² with r = sxy/(√sxx·√syy): the square roots keep tiny sums of squares (e.g. 1e-162², which
 * underflows as a product) from turning r² into 0/0; |r| is clamped to 1 against rounding. A
 * constant y (syy = 0) is fitted exactly: R² = 1.
 */
function coefficientOfDetermination(sxx: number, sxy: number, syy: number): number {
  if (syy === 0) return 1;
  const r = Math.max(-1, Math.min(1, sxy / (Math.sqrt(sxx) * Math.sqrt(syy))));
  return r * r;
}
