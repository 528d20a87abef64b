/**
 * Coefficients of the cosine SDE for two tokens (docs/model.md#two-tokens; derivation in
 * DERIVATION.md):
 *
 *     dρ = μ(ρ) dt + sqrt(v(ρ)) dB,
 *     μ(ρ) = (1 − ρ²)·[2γ b + s²((d − 2) c − p ρ)],     v(ρ) = 2 p s² (1 − ρ²)²,
 *
 * with s² = σ²/d, a = 1/(1 + e^{β(ρ−1)}) the self-attention weight, b = 1 − a, p = a² + b², c = 2ab.
 * Also the coefficients of y = artanh ρ, the variable in which the diffusion is non-degenerate:
 *
 *     dy = m(y) dt + sqrt(w(y)) dB,   m = 2γ b + s²((d − 2) c + p ρ),   w = 2 p s².
 *
 * Evaluation is direct (a few flops, relative accuracy ~1e-15).
 */
import { validateCosineParams, requireCosineClosed, type CosineParams } from './params.js';
import { requireNumber } from '../util/validate.js';

/** The two-token attention row at cosine ρ (scalars; the simulator's n×n matrix is src/simulator/attention.ts): a (self), b (other), p = a² + b², c = 2ab. */
export interface PairAttentionWeights {
  readonly a: number;
  readonly b: number;
  readonly p: number;
  readonly c: number;
}

/** a, b, p, c at ρ, computed with e^{−β(1−ρ)} ≤ 1 so nothing overflows. */
export function pairAttentionWeights(rho: number, beta: number): PairAttentionWeights {
  const e = Math.exp(-beta * (1 - rho));
  const a = 1 / (1 + e);
  const b = e / (1 + e);
  return { a, b, p: a * a + b * b, c: 2 * a * b };
}

/**
 * Drift μ(ρ) of the cosine. Example: `cosineDrift(0, {beta: 1, d: 3, sigma: 1, gamma: 0})` ≈ 0.13107.
 * Vanishes at ρ = ±1 (both are invariant).
 */
export function cosineDrift(rho: number, params: CosineParams): number {
  const { beta, d, sigma, gamma } = validateCosineParams(params);
  const r = requireCosineClosed('rho', rho);
  const s2 = (sigma * sigma) / d;
  const { b, p, c } = pairAttentionWeights(r, beta);
  return (1 - r * r) * (2 * gamma * b + s2 * ((d - 2) * c - p * r));
}

/** Squared diffusion coefficient v(ρ) = 2 p s² (1 − ρ²)². Vanishes at ρ = ±1. */
export function cosineDiffusionSquared(rho: number, params: CosineParams): number {
  const { beta, d, sigma } = validateCosineParams(params);
  const r = requireCosineClosed('rho', rho);
  const s2 = (sigma * sigma) / d;
  const { p } = pairAttentionWeights(r, beta);
  const q = 1 - r * r;
  return 2 * p * s2 * q * q;
}

/** Drift m(y) and squared diffusion w(y) of y = artanh ρ (unvalidated; internal hot path). */
export function artanhCoefficientsUnchecked(y: number, params: CosineParams): { m: number; w: number } {
  const { beta, d, sigma, gamma } = params;
  const s2 = (sigma * sigma) / d;
  const rho = Math.tanh(y);
  const { b, p, c } = pairAttentionWeights(rho, beta);
  return { m: 2 * gamma * b + s2 * ((d - 2) * c + p * rho), w: 2 * p * s2 };
}

/** Drift m(y) and squared diffusion w(y) of y = artanh ρ, for any real y. */
export function artanhCoefficients(y: number, params: CosineParams): { m: number; w: number } {
  const p = validateCosineParams(params);
  return artanhCoefficientsUnchecked(requireNumber('y', y), p);
}
