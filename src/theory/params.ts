/**
 * Parameters of the two-token cosine diffusion (Q = K = V̄ = I, unit sphere) and their validation.
 *
 * docs/model.md#two-tokens. Every public function of the theory oracle
 * validates through {@link validateCosineParams}, so bad input fails with a ConfigError naming the
 * parameter, the value and the accepted range instead of producing NaN later.
 */
import { ConfigError } from '../util/errors.js';
import { requireNumber } from '../util/validate.js';

/**
 * The domain of the theory oracle. Inside it every output is a finite number (or a documented
 * null) and the answers agree with each other; outside it functions throw a ConfigError naming the
 * limit instead of returning NaN, ±Infinity or a contradiction.
 * - β ≤ 350: cosh 2β (the transition cosh 2β = d − 2) is finite in double precision up to β ≈ 355.
 * - d ≤ 1e6; σ = 0 or σ ∈ [1e-100, 1e100]; γ ≤ 1e100: σ², σ²/d and γd/σ² are then normal doubles,
 *   so no exponent or margin underflows to 0 or overflows to ∞.
 * - horizon ≤ 1e6 and, for the finite-time law, a work budget (finiteTime.ts): long horizons of
 *   strongly drift-dominated problems are refused with the T → ∞ limit named instead.
 */
export const THEORY_DOMAIN = {
  betaMax: 350,
  dMax: 1e6,
  sigmaMin: 1e-100,
  sigmaMax: 1e100,
  gammaMax: 1e100,
  horizonMax: 1e6,
} as const;

const DOMAIN_NOTE = "(the theory oracle's domain, README: Limits)";

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
  const D = THEORY_DOMAIN;
  const beta = requireNumber('beta', p.beta, { min: 0 });
  if (beta > D.betaMax) throw new ConfigError('beta', beta, `a number in [0, ${D.betaMax}] ${DOMAIN_NOTE}`);
  const d = requireNumber('d', p.d, { min: 2 });
  if (d > D.dMax) throw new ConfigError('d', d, `a number in [2, ${D.dMax}] ${DOMAIN_NOTE}`);
  const sigma = requireNumber('sigma', p.sigma, { min: 0, strictMin: opts.requirePositiveSigma === true });
  if (sigma !== 0 && !(sigma >= D.sigmaMin && sigma <= D.sigmaMax)) {
    throw new ConfigError('sigma', sigma, `${opts.requirePositiveSigma ? '' : '0 or '}a number in [${D.sigmaMin}, ${D.sigmaMax}] ${DOMAIN_NOTE}`);
  }
  const gamma = requireNumber('gamma', p.gamma === undefined ? 0 : p.gamma, { min: 0 });
  if (gamma > D.gammaMax) throw new ConfigError('gamma', gamma, `a number in [0, ${D.gammaMax}] ${DOMAIN_NOTE}`);
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

/** A horizon T in (0, THEORY_DOMAIN.horizonMax]. */
export function requireHorizon(name: string, T: unknown): number {
  const t = requireNumber(name, T, { min: 0, strictMin: true });
  if (t > THEORY_DOMAIN.horizonMax) throw new ConfigError(name, t, `a number in (0, ${THEORY_DOMAIN.horizonMax}] ${DOMAIN_NOTE}`);
  return t;
}
