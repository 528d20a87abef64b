/**
 * Input checks shared by the statistics modules. Each throws a {@link ConfigError} naming the
 * parameter, the offending value and the accepted range.
 */
import { ConfigError } from '../util/errors.js';
import { requireInteger, requireNumber } from '../util/validate.js';

/** A significance level α ∈ (0, 1). */
export function requireAlpha(alpha: unknown, name = 'alpha'): number {
  return requireNumber(name, alpha, { min: 0, max: 1, strictMin: true, strictMax: true });
}

/** A probability p ∈ [0, 1]. */
export function requireProbability(name: string, p: unknown): number {
  return requireNumber(name, p, { min: 0, max: 1 });
}

/** Binomial data: n ≥ 1 trials and 0 ≤ k ≤ n successes. */
export function requireBinomialData(k: unknown, n: unknown): { k: number; n: number } {
  const nn = requireInteger('n', n, 1);
  const kk = requireInteger('k', k, 0, nn);
  return { k: kk, n: nn };
}

/**
 * A sample of at least `minLength` finite numbers (plain array or typed array). Returns it
 * unchanged; callers copy before sorting.
 */
export function requireSample(name: string, xs: unknown, minLength = 1): ArrayLike<number> {
  const ok = Array.isArray(xs) || (ArrayBuffer.isView(xs) && !(xs instanceof DataView));
  if (!ok) throw new ConfigError(name, xs, `an array of at least ${minLength} finite numbers`);
  const a = xs as ArrayLike<unknown>;
  if (a.length < minLength) {
    throw new ConfigError(name, xs, `an array of at least ${minLength} finite numbers`);
  }
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new ConfigError(`${name}[${i}]`, x, 'a finite number');
    }
  }
  return a as ArrayLike<number>;
}

/** Sorted Float64Array copy of a validated sample. */
export function sortedCopy(xs: ArrayLike<number>): Float64Array {
  return Float64Array.from(xs).sort();
}
