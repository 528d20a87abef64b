/**
 * Boundary behaviour of the cosine diffusion: Lyapunov exponents, the phase transition and the
 * critical β and d (docs/model.md#lyapunov-exponents and #phase-transition).
 *
 * The Lyapunov exponent at ρ = ±1 is the almost-sure growth rate of log(1 ∓ ρ) near that boundary:
 * with μ ≈ ∓λ_μ (1 ∓ ρ) and v ≈ w (1 ∓ ρ)² the Itô formula gives λ = (drift of 1 ∓ ρ)/(1 ∓ ρ) − w/2.
 *
 *     λ₊ = −2γ − s²(d − 1),      λ₋ = 4γ b₋ + 4(d − 2) s² a₋ b₋ − 2 s² p₋,
 *
 * with a₋ = 1/(1 + e^{−2β}) etc. evaluated at ρ = −1. Writing A = γ d/σ², B = d − 2,
 *
 *     λ₋ = −4 p₋ s² ε₋,   ε₋ = ½ [1 − (B + A (1 + e^{−2β})) sech(2β)],
 *
 * and ε₋ = κ₋ + 1 is also the exponent margin of the scale density at −1 (S′ ~ (1 + ρ)^{κ₋}), so the
 * pair attracts with positive probability iff ε₋ > 0 ⟺ γ d (1 + e^{−2β})/σ² + d − 2 < cosh 2β.
 * All results are closed forms (accuracy ~1e-15 relative; ε₋ absolute ~1e-16·(A + B)).
 */
import { validateCosineParams, type CosineParams } from './params.js';
import { sech } from './hyperbolic.js';

/**
 * λ₊ = −2γ − s²(d − 1), < 0 unless σ = γ = 0 (collapse then attracts with positive probability).
 * Example: d = 3, σ = 1, γ = 0 → −2/3.
 */
export function lyapunovExponentAtCollapse(params: CosineParams): number {
  const { d, sigma, gamma } = validateCosineParams(params);
  return -2 * gamma - ((sigma * sigma) / d) * (d - 1);
}

/**
 * ε₋ = ½[1 − (d − 2 + (γ d/σ²)(1 + e^{−2β})) sech 2β]: positive iff antipodes attract. Returns −Infinity
 * for σ = 0 < γ and 0 for σ = γ = 0 (λ₋ = 0). Example: d = 3, β = 1, γ = 0 → ½(1 − sech 2) ≈ 0.3672.
 */
export function antipodalExponentMargin(params: CosineParams): number {
  const { beta, d, sigma, gamma } = validateCosineParams(params);
  if (sigma === 0) return gamma > 0 ? -Infinity : 0;
  return antipodalMarginOf((gamma * d) / (sigma * sigma), d, beta);
}

/**
 * ε₋ from A = γd/σ², d and β. Written as ½(2 sinh²β − (d − 3) − A(1 + e^{−2β})) sech 2β, which is exact
 * at d = 3, γ = 0 for tiny β (where 1 − sech 2β ≈ 2β² would round to 0); large β uses the
 * overflow-free form ½(1 − (d − 2 + A(1 + e^{−2β})) sech 2β).
 */
export function antipodalMarginOf(A: number, d: number, beta: number): number {
  const e = Math.exp(-2 * beta);
  if (beta < 20) {
    const sh = Math.sinh(beta);
    return 0.5 * (2 * sh * sh - (d - 3) - A * (1 + e)) * sech(2 * beta);
  }
  return 0.5 * (1 - (d - 2 + A * (1 + e)) * sech(2 * beta));
}

/**
 * λ₋ = 4γ b₋ + 4(d − 2)s² a₋ b₋ − 2s² p₋ (evaluated as −4 p₋ s² ε₋ for σ > 0, which is the same
 * expression without cancellation in the sign). Example: d = 3, β = 1, σ = 1, γ = 0 → ≈ −0.38668.
 */
export function lyapunovExponentAtAntipode(params: CosineParams): number {
  const p = validateCosineParams(params);
  const e = Math.exp(-2 * p.beta);
  const am = 1 / (1 + e);
  const bm = e / (1 + e);
  if (p.sigma === 0) return 4 * p.gamma * bm;
  const s2 = (p.sigma * p.sigma) / p.d;
  const pm = am * am + bm * bm;
  return -4 * pm * s2 * antipodalExponentMargin(p);
}

/** True iff λ₋ < 0, i.e. the antipodal pair ρ = −1 is reached with positive probability. */
export function antipodalAttracts(params: CosineParams): boolean {
  return antipodalExponentMargin(params) > 0;
}

/**
 * β* such that antipodes attract iff β > β* (closed form: with A = γd/σ², B = d − 2 and x = e^{2β},
 * the threshold cosh 2β = B + A(1 + e^{−2β}) is the quadratic x² − 2(A + B)x + 1 − 2A = 0, so
 * β* = ½ log((A + B) + sqrt((A + B)² + 2A − 1)); for γ = 0 this is ½ arccosh(d − 2)).
 * Returns 0 when every β > 0 attracts (e.g. d ≤ 3 with γ = 0) and Infinity when no β does (σ = 0).
 * Example: criticalBeta(4, 1, 0) = ½ arccosh 2 ≈ 0.6585.
 */
export function criticalBeta(d: number, sigma: number, gamma = 0): number {
  const { d: dd, sigma: s, gamma: g } = validateCosineParams({ beta: 0, d, sigma, gamma });
  if (s === 0) return Infinity;
  const A = (g * dd) / (s * s);
  const B = dd - 2;
  const disc = (A + B - 1) * (A + B + 1) + 2 * A; // = (A + B)² + 2A − 1 without cancellation at d = 3
  if (disc < 0) return 0; // then A + B < 1: the quadratic has no root ≥ 1, threshold holds at every β
  const x = A + B + Math.sqrt(disc);
  return x <= 1 ? 0 : 0.5 * Math.log(x);
}

/** Result of {@link criticalDimension}. */
export interface CriticalDimension {
  /** Real d* with λ₋ = 0; antipodes attract iff d < d* (0 when σ = 0: never). */
  readonly dCritical: number;
  /** Largest integer d ≥ 2 that attracts; null when none does, Infinity when all do (cosh 2β overflows). */
  readonly maxAttractingDimension: number | null;
}

/**
 * The threshold is linear in d: cosh 2β = (d − 2) + (γ d/σ²)(1 + e^{−2β}), so
 * d* = (cosh 2β + 2)/(1 + (γ/σ²)(1 + e^{−2β})). Example: β = 1, σ = 1, γ = 0 → d* = cosh 2 + 2 ≈ 5.762,
 * largest attracting integer 5.
 */
export function criticalDimension(beta: number, sigma: number, gamma = 0): CriticalDimension {
  const { beta: b, sigma: s, gamma: g } = validateCosineParams({ beta, d: 2, sigma, gamma });
  if (s === 0) return { dCritical: 0, maxAttractingDimension: null };
  const dCritical = (Math.cosh(2 * b) + 2) / (1 + (g / (s * s)) * (1 + Math.exp(-2 * b)));
  if (!Number.isFinite(dCritical)) return { dCritical: Infinity, maxAttractingDimension: Infinity };
  const top = Math.ceil(dCritical) - 1;
  return { dCritical, maxAttractingDimension: top >= 2 ? top : null };
}
