/**
 * The scale density S′(ρ) = exp(−∫₀^ρ 2μ/v) of the cosine diffusion, in a factored form that makes its
 * endpoint power laws exact (docs/model.md#long-run-probability; DERIVATION.md §3).
 *
 * With A = γd/σ², B = d − 2 and u = β(1 − ρ), the drift ratio is 2μ/v = (h(ρ) − ρ)/(1 − ρ²) where
 * h(ρ) = H(u) = (A + B) sech u + A (1 − tanh u) (note: with γ = 0, σ drops out). Hence
 *
 *     S′(ρ) ∝ (1 + ρ)^{κ₋} exp(−∫_{−1}^{ρ} G₋)        near −1,   κ₋ = −(1 + h(−1))/2 = ε₋ − 1,
 *     S′(ρ) ∝ (1 − ρ)^{κ₊} exp(+∫_{ρ}^{1} G₊)         near +1,   κ₊ = (h(1) − 1)/2 = A + (d − 3)/2,
 *
 *     G₋(r) = [(h(r) − h(−1))/(1 + r) + (h(−1) − 1)/2] / (1 − r),
 *     G₊(r) = [(h(r) − h(1))/(1 − r) + (h(1) + 1)/2] / (1 + r),
 *
 * and G∓ are analytic and bounded on [−1, 0] and [0, 1] (the difference quotients of sech and tanh are
 * evaluated without cancellation, see hyperbolic.ts). ∫G∓ is tabulated on uniform panels of width
 * ≤ min(1/16, 1/(4β)) with 20-point Gauss–Legendre (poles of sech u sit at distance π/(2β) from the real
 * axis, so the panel rule error is below 1e-25 relative); a point value costs one partial-panel rule.
 * log S′ is returned up to an additive constant, never S′ itself, so nothing overflows.
 */
import type { CosineParams } from './params.js';
import { sech, sechDiffQuotient, tanhDiffQuotient, oneMinusTanh } from './hyperbolic.js';
import { gaussLegendre } from './quadrature.js';
import { antipodalMarginOf } from './lyapunov.js';

const PANEL_RULE = 20;

/** Endpoint exponents and drift-ratio pieces of one parameter set (σ > 0 required). */
export interface ScaleDensityModel {
  readonly params: CosineParams;
  /** A = γd/σ². */
  readonly A: number;
  /** B = d − 2. */
  readonly B: number;
  /** h(1) = 2A + B. */
  readonly hPlus: number;
  /** h(−1) = (A + B) sech 2β + A(1 − tanh 2β). */
  readonly hMinus: number;
  /** ε₋ = κ₋ + 1 = (1 − h(−1))/2, computed without cancellation of large terms. */
  readonly epsMinus: number;
  readonly kappaMinus: number;
  readonly kappaPlus: number;
  /** ∫_{−1}^{ρ} G₋ for ρ ∈ [−1, 0]. */
  readonly phiMinus: (rho: number) => number;
  /** ∫_{ρ}^{1} G₊ for ρ ∈ [0, 1]. */
  readonly phiPlus: (rho: number) => number;
  /** log S′(ρ) + const, for ρ ∈ (−1, 1). */
  readonly logDensity: (rho: number) => number;
  readonly gMinus: (r: number) => number;
  readonly gPlus: (r: number) => number;
}

/** Cumulative panel integrals of f from `start` in direction `dir` (+1 or −1) over [start, start + dir·1]. */
function tabulate(f: (r: number) => number, start: number, dir: 1 | -1, width: number) {
  const panels = Math.ceil(1 / width - 1e-12);
  const w = 1 / panels;
  const cum = new Float64Array(panels + 1);
  const { x, w: wt } = gaussLegendre(PANEL_RULE);
  const partial = (lo: number, hi: number): number => {
    const half = 0.5 * (hi - lo);
    const mid = 0.5 * (hi + lo);
    let s = 0;
    for (let i = 0; i < PANEL_RULE; i++) s += wt[i] * f(mid + half * x[i]);
    return s * half;
  };
  for (let k = 0; k < panels; k++) {
    const lo = start + dir * k * w;
    const hi = start + dir * (k + 1) * w;
    cum[k + 1] = cum[k] + partial(Math.min(lo, hi), Math.max(lo, hi));
  }
  // ∫ from start to r, measured along dir (so it is ∫_{−1}^{r} for dir = +1, ∫_{r}^{1} for dir = −1).
  return (r: number): number => {
    const dist = dir * (r - start);
    const k = Math.min(panels - 1, Math.max(0, Math.floor(dist / w)));
    const node = start + dir * k * w;
    if (r === node) return cum[k];
    return cum[k] + (dir > 0 ? partial(node, r) : partial(r, node));
  };
}

/** Builds the factored scale density for σ > 0. */
export function scaleDensityModel(params: CosineParams): ScaleDensityModel {
  const { beta, d, sigma, gamma } = params;
  const A = (gamma * d) / (sigma * sigma);
  const B = d - 2;
  const twoBeta = 2 * beta;
  const hPlus = 2 * A + B;
  const hMinus = (A + B) * sech(twoBeta) + A * oneMinusTanh(twoBeta);
  const epsMinus = antipodalMarginOf(A, d, beta);
  const kappaMinus = -0.5 * (1 + hMinus);
  const kappaPlus = A + 0.5 * (d - 3);
  // (h(r) − h(v(r)))·… via H(u) − H(u₀) = (A + B)(sech u − sech u₀) − A(tanh u − tanh u₀).
  const dqPlus = (r: number): number => {
    const u = beta * (1 - r);
    return beta * ((A + B) * sechDiffQuotient(u, 0) - A * tanhDiffQuotient(u, 0));
  };
  const dqMinus = (r: number): number => {
    const u = beta * (1 - r);
    return -beta * ((A + B) * sechDiffQuotient(u, twoBeta) - A * tanhDiffQuotient(u, twoBeta));
  };
  const gMinus = (r: number): number => (dqMinus(r) + 0.5 * (hMinus - 1)) / (1 - r);
  const gPlus = (r: number): number => (dqPlus(r) + 0.5 * (hPlus + 1)) / (1 + r);
  const width = Math.min(1 / 16, beta > 0 ? 0.25 / beta : 1);
  const phiMinus = tabulate(gMinus, -1, 1, width);
  const phiPlus = tabulate(gPlus, 1, -1, width);
  const phiMinusAtZero = phiMinus(0);
  const phiPlusAtZero = phiPlus(0);
  const logDensity = (rho: number): number =>
    rho <= 0
      ? kappaMinus * Math.log1p(rho) - phiMinus(rho)
      : kappaPlus * Math.log1p(-rho) + phiPlus(rho) - phiMinusAtZero - phiPlusAtZero;
  return { params, A, B, hPlus, hMinus, epsMinus, kappaMinus, kappaPlus, phiMinus, phiPlus, logDensity, gMinus, gPlus };
}
