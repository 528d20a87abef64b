/** Family-wise error control for m simultaneous tests: Holm, Bonferroni, Šidák. */
import { ConfigError } from '../util/errors.js';
import { requireInteger } from '../util/validate.js';
import { requireAlpha } from './checks.js';

export interface MultipleTestResult {
  /** rejected[i] ⇔ adjusted[i] ≤ α, in the input order. */
  readonly rejected: boolean[];
  /** Adjusted p-values, in the input order, capped at 1. */
  readonly adjusted: number[];
}

function requirePValues(pValues: unknown): number[] {
  if (!Array.isArray(pValues) && !(ArrayBuffer.isView(pValues) && !(pValues instanceof DataView))) {
    throw new ConfigError('pValues', pValues, 'a non-empty array of p-values in [0, 1]');
  }
  const a = Array.from(pValues as ArrayLike<unknown>);
  if (a.length === 0) throw new ConfigError('pValues', pValues, 'a non-empty array of p-values in [0, 1]');
  a.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ConfigError(`pValues[${i}]`, p, 'a number in [0, 1]');
  });
  return a as number[];
}

/**
 * Holm's step-down procedure (strong FWER control at α under any dependence). With sorted
 * p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted values are p̃₍ᵢ₎ = max_{j≤i} min(1, (m−j+1) p₍ⱼ₎), and H₍ᵢ₎
 * is rejected iff p̃₍ᵢ₎ ≤ α. Reference: Holm (1979), Scand. J. Stat. 6:65–70.
 *
 * @example holm([0.01, 0.04, 0.03], 0.05) // adjusted [0.03, 0.06, 0.06], rejected [true, false, false]
 */
export function holm(pValues: ArrayLike<number>, alpha: number): MultipleTestResult {
  const p = requirePValues(pValues);
  const a = requireAlpha(alpha);
  const m = p.length;
  const order = p.map((_, i) => i).sort((i, j) => p[i] - p[j] || i - j);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((idx, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p[idx]));
    adjusted[idx] = running;
  });
  return { adjusted, rejected: adjusted.map((q) => q <= a) };
}

/**
 * Bonferroni: p̃ᵢ = min(1, m pᵢ); reject iff p̃ᵢ ≤ α.
 *
 * @example bonferroni([0.01, 0.04], 0.05) // adjusted [0.02, 0.08], rejected [true, false]
 */
export function bonferroni(pValues: ArrayLike<number>, alpha: number): MultipleTestResult {
  const p = requirePValues(pValues);
  const a = requireAlpha(alpha);
  const adjusted = p.map((q) => Math.min(1, p.length * q));
  return { adjusted, rejected: adjusted.map((q) => q <= a) };
}

/**
 * Šidák per-test level 1 − (1−α)^{1/m}: FWER exactly α for m independent tests (≤ α under
 * positive orthant dependence). Computed as −expm1(log1p(−α)/m) for accuracy.
 * Reference: Šidák (1967), JASA 62:626–633.
 *
 * @example sidakLevel(0.05, 10) // 0.0051161…
 */
export function sidakLevel(alpha: number, m: number): number {
  const a = requireAlpha(alpha);
  const mm = requireInteger('m', m, 1);
  return -Math.expm1(Math.log1p(-a) / mm);
}
