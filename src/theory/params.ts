/**
 * Parameters of the two-token cosine diffusion (Q = K = V̄ = I, unit sphere) and their validation.
 *
 * docs/model.md#two-tokens. Every public function of the theory oracle
 * validates through {@link validateCosineParams}, so bad input fails with a ConfigError naming the
 * parameter, the value and the accepted range instead of producing NaN later.
 */
import { ConfigError } from '../util/errors.js';
import { requireNumber } from '../util/validate.js';

/** β inverse temperature, d dimension (real, ≥ 2), σ noise scale, γ deterministic value strength. */
export interface CosineParams {
  readonly beta: number;
  readonly d: number;
  readonly sigma: number;
  readonly gamma: number;
}

/**
 * Validates and returns a normalized copy. `d` may be real (the SDE of ρ makes sense for real d ≥ 2,
 * which {@link criticalDimension} uses). `requirePositiveSigma` is set by the functions that need a
 * non-degenerate diffusion.
 */
export function validateCosineParams(params: unknown, opts: { requirePositiveSigma?: boolean } = {}): CosineParams {
  if (typeof params !== 'object' || params === null) {
    throw new ConfigError('params', params, 'an object {beta, d, sigma, gamma}');
  }
  const p = params as Record<string, unknown>;
  const beta = requireNumber('beta', p.beta, { min: 0 });
  const d = requireNumber('d', p.d, { min: 2 });
  const sigma = requireNumber('sigma', p.sigma, { min: 0, strictMin: opts.requirePositiveSigma === true });
  const gamma = requireNumber('gamma', p.gamma === undefined ? 0 : p.gamma, { min: 0 });
  return { beta, d, sigma, gamma };
}

/** ρ in the closed interval [−1, 1]. */
export function requireCosineClosed(name: string, rho: unknown): number {
  return requireNumber(name, rho, { min: -1, max: 1 });
}

/** ρ in the open interval (−1, 1). */
export function requireCosineOpen(name: string, rho: unknown): number {
  return requireNumber(name, rho, { min: -1, max: 1, strictMin: true, strictMax: true });
}

/** A horizon T > 0. */
export function requireHorizon(name: string, T: unknown): number {
  return requireNumber(name, T, { min: 0, strictMin: true });
}
