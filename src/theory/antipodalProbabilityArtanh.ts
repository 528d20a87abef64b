/**
 * Second, independent route to P(ρ_∞ = −1 | ρ₀), used to cross-check {@link antipodalProbability}.
 *
 * In y = artanh ρ the measure S′(ρ)dρ becomes e^{ψ(y)} dy with
 *
 *     ψ′(y) = −(h(ρ) + ρ),   ρ = tanh y,   h = (2A b + (d − 2) c)/p   (A = γd/σ²),
 *
 * a bounded, smooth slope: no endpoint singularity is left. ψ′ → 2ε₋ as y → −∞ and → −(h(1) + 1)
 * as y → +∞ (exponentially fast, corrections O(e^{−2|y|})), so the tails beyond |y| = 30 are exact
 * exponentials integrated in closed form (relative error O(e^{−60})). On [−30, 30] ψ is accumulated and
 * e^ψ integrated with composite 16-point Gauss–Legendre on panels of width min(1/8, 1/(4β)), ψ at the
 * nodes by nested Gauss–Legendre. h is evaluated from the raw attention weights a, b, p, c (not from
 * the sech/tanh form of the main route), and the attraction test is the sign of the numerical tail slope.
 *
 * Accuracy ~1e-12 when |ψ′| stays moderate (A + d ≲ 1e3); it is slower (~50–200 ms) than the main
 * route and intended for verification.
 */
import { validateCosineParams, requireCosineOpen, type CosineParams } from './params.js';
import { pairAttentionWeights } from './cosineSde.js';
import { gaussLegendre } from './quadrature.js';

const Y = 30;
const NODES = 16;

/** P(ρ_∞ = −1 | ρ₀) by quadrature in y = artanh ρ (verification route). */
export function antipodalProbabilityArtanh(rho0: number, params: CosineParams): number {
  const r0 = requireCosineOpen('rho0', rho0);
  const { beta, d, sigma, gamma } = validateCosineParams(params);
  if (sigma === 0) return 0;
  const A = (gamma * d) / (sigma * sigma);
  const slope = (y: number): number => {
    const rho = Math.tanh(y);
    const { b, p, c } = pairAttentionWeights(rho, beta);
    return -((2 * A * b + (d - 2) * c) / p + rho);
  };
  const leftSlope = slope(-Y);
  if (!(leftSlope > 0)) return 0;
  const rightSlope = slope(Y);
  const width = Math.min(0.125, beta > 0 ? 0.25 / beta : 1);
  const panels = Math.ceil((2 * Y) / width);
  const w = (2 * Y) / panels;
  const { x, w: wt } = gaussLegendre(NODES);
  const gl = (f: (y: number) => number, lo: number, hi: number): number => {
    const half = 0.5 * (hi - lo);
    const mid = 0.5 * (hi + lo);
    let s = 0;
    for (let i = 0; i < NODES; i++) s += wt[i] * f(mid + half * x[i]);
    return s * half;
  };
  const psi = new Float64Array(panels + 1);
  for (let k = 0; k < panels; k++) psi[k + 1] = psi[k] + gl(slope, -Y + k * w, -Y + (k + 1) * w);
  let ref = -Infinity;
  for (const v of psi) ref = Math.max(ref, v);
  // ∫ e^{ψ − ref} over [lo, hi] ⊂ panel k.
  const piece = (k: number, lo: number, hi: number): number => {
    const start = -Y + k * w;
    return gl((y) => Math.exp(psi[k] - ref + gl(slope, start, y)), lo, hi);
  };
  const seg = new Float64Array(panels);
  for (let k = 0; k < panels; k++) seg[k] = piece(k, -Y + k * w, -Y + (k + 1) * w);
  const leftTail = Math.exp(psi[0] - ref) / leftSlope;
  const rightTail = Math.exp(psi[panels] - ref) / -rightSlope;
  let middle = 0;
  for (const v of seg) middle += v;
  const total = leftTail + middle + rightTail;
  const y0 = Math.atanh(r0);
  if (y0 <= -Y) return 1 - Math.exp(psi[0] - ref + leftSlope * (y0 + Y)) / leftSlope / total;
  if (y0 >= Y) return Math.exp(psi[panels] - ref + rightSlope * (y0 - Y)) / -rightSlope / total;
  const k = Math.min(panels - 1, Math.floor((y0 + Y) / w));
  let upper = rightTail + piece(k, y0, -Y + (k + 1) * w);
  for (let j = k + 1; j < panels; j++) upper += seg[j];
  return upper / total;
}
