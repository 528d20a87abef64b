/**
 * P(ρ_∞ = −1 | ρ₀): the probability that two tokens end antipodal
 * (docs/model.md#long-run-probability; DERIVATION.md §3–4).
 *
 *     P(ρ₀) = ∫_{ρ₀}^{1} S′ / ∫_{−1}^{1} S′   when λ₋ < 0 (ε₋ > 0),   and exactly 0 otherwise,
 *
 * because ρ_t → ±1 a.s. and S(ρ_t) is a bounded martingale when λ₋ < 0 (when λ₋ ≥ 0, ∫_{−1} S′ = ∞).
 *
 * Method (route "jacobi"): with S′(ρ) = (1 + ρ)^{κ₋} F₋(ρ) near −1 and (1 − ρ)^{κ₊} F₊(ρ) near +1 (see
 * scaleDensity.ts, F± smooth and positive), the end pieces [−1, −1 + δ₋] and [1 − δ₊, 1] are
 * integrated by 24-point Gauss–Jacobi rules for the weights t^{κ∓} with the moment τ^{ε}/ε taken in
 * closed form, so the barely integrable singularity at the threshold (κ₋ = −1 + ε₋, ε₋ → 0⁺) costs no
 * accuracy; δ∓ is halved until δ·max|G∓| ≤ 1 and δβ ≤ 1/2, so log F∓ varies by at most ~1 on the piece
 * and the rule (exact for degree 47) has error far below 1e-14. The middle is integrated by adaptive
 * Gauss–Kronrod (7, 15) of exp(log S′ − max) to absolute tolerance 1e-14 of the total.
 * Everything is in log-space, so β ≤ 10 and d ≤ 1024 neither overflow nor underflow.
 *
 * Error analysis: the result is a ratio of two integrals each computed to ~1e-13 relative (panel
 * tables of ∫G to ~1e-15, adaptive quadrature to 1e-14, Gauss–Jacobi ends to ~1e-15), so the
 * absolute error of P is ≲ 1e-12; validated against an independent route ({@link
 * antipodalProbabilityArtanh}) and against mpmath/scipy references (tests) to ≤ 1e-9.
 */
import { validateCosineParams, requireCosineOpen, type CosineParams } from './params.js';
import { scaleDensityModel, type ScaleDensityModel } from './scaleDensity.js';
import { gaussJacobiNormalized, adaptiveKronrod, type QuadratureLeaf } from './quadrature.js';
import { ConfigError, NumericalError } from '../util/errors.js';

const JACOBI_NODES = 24;
const REL_TOL = 1e-14;

function logSumExp(xs: readonly number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

/** Largest δ = 2^{−k} ≤ 1/2 with δ·max|g| ≤ 1 on the end piece and δβ ≤ 1/2. */
function endPieceWidth(g: (r: number) => number, end: -1 | 1, beta: number): number {
  let delta = 0.5;
  while (delta * beta > 0.5) delta /= 2;
  for (let k = 0; k < 200; k++) {
    let gmax = 0;
    for (let j = 0; j <= 16; j++) {
      const r = end === -1 ? -1 + (delta * j) / 16 : 1 - (delta * j) / 16;
      gmax = Math.max(gmax, Math.abs(g(r)));
    }
    if (delta * gmax <= 1) return delta;
    delta /= 2;
  }
  return delta;
}

/** A prepared evaluator of P(· ) for one parameter set. */
export interface AntipodalProbabilityEvaluator {
  /** P(ρ_∞ = −1 | ρ₀ = rho0); ρ₀ ∈ (−1, 1). */
  (rho0: number): number;
}

function routeJacobi(model: ScaleDensityModel): AntipodalProbabilityEvaluator {
  const { epsMinus, kappaMinus, kappaPlus, phiMinus, phiPlus, logDensity, params } = model;
  const ruleMinus = gaussJacobiNormalized(JACOBI_NODES, 0, kappaMinus, epsMinus);
  const rulePlus = gaussJacobiNormalized(JACOBI_NODES, 0, kappaPlus);
  const phiMinusAtZero = phiMinus(0);
  const phiPlusAtZero = phiPlus(0);
  // log ∫_{−1}^{−1+τ} S′ and log ∫_{1−τ}^{1} S′ in the normalization of logDensity.
  const logLeft = (tau: number): number => {
    const terms: number[] = [];
    for (let j = 0; j < JACOBI_NODES; j++) {
      const t = 0.5 * tau * (1 + ruleMinus.x[j]);
      terms.push(Math.log(ruleMinus.w[j]) - phiMinus(-1 + t));
    }
    return epsMinus * Math.log(tau) - Math.log(epsMinus) + logSumExp(terms);
  };
  const logRight = (tau: number): number => {
    const terms: number[] = [];
    for (let j = 0; j < JACOBI_NODES; j++) {
      const t = 0.5 * tau * (1 + rulePlus.x[j]);
      terms.push(Math.log(rulePlus.w[j]) + phiPlus(1 - t));
    }
    const e = kappaPlus + 1;
    return e * Math.log(tau) - Math.log(e) + logSumExp(terms) - phiMinusAtZero - phiPlusAtZero;
  };
  const deltaMinus = endPieceWidth(model.gMinus, -1, params.beta);
  const deltaPlus = endPieceWidth(model.gPlus, 1, params.beta);
  const lo = -1 + deltaMinus;
  const hi = 1 - deltaPlus;
  const points = new Set<number>([lo, hi]);
  for (let t = 2 * deltaMinus; t < 1; t *= 2) points.add(-1 + t);
  for (let t = 2 * deltaPlus; t < 1; t *= 2) points.add(1 - t);
  const step = Math.min(1 / 16, params.beta > 0 ? 0.25 / params.beta : 1);
  for (let x = -1 + step; x < 1; x += step) points.add(x);
  const breaks = [...points].filter((x) => x >= lo && x <= hi).sort((a, b) => a - b);
  let logRef = -Infinity;
  for (let i = 0; i < breaks.length; i++) {
    logRef = Math.max(logRef, logDensity(breaks[i]));
    if (i + 1 < breaks.length) logRef = Math.max(logRef, logDensity(0.5 * (breaks[i] + breaks[i + 1])));
  }
  const f = (r: number): number => Math.exp(Math.min(logDensity(r) - logRef, 700));
  const crude = adaptiveKronrod(f, breaks, Infinity);
  const leftEnd = Math.exp(logLeft(deltaMinus) - logRef);
  const rightEnd = Math.exp(logRight(deltaPlus) - logRef);
  const absTol = REL_TOL * (crude.value + leftEnd + rightEnd);
  const middle = adaptiveKronrod(f, breaks, absTol);
  const total = leftEnd + middle.value + rightEnd;
  if (!(total > 0) || !Number.isFinite(total)) throw new NumericalError(`scale density integral is ${total}`);
  const leaves: QuadratureLeaf[] = middle.leaves;
  const suffix = new Float64Array(leaves.length + 1);
  for (let i = leaves.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + leaves[i].value;
  const logTotal = logRef + Math.log(total);
  return (rho0: number): number => {
    if (rho0 <= lo) return Math.max(0, 1 - Math.exp(logLeft(1 + rho0) - logTotal));
    if (rho0 >= hi) return Math.min(1, Math.exp(logRight(1 - rho0) - logTotal));
    let a = 0;
    let b = leaves.length - 1;
    while (a < b) {
      const m = (a + b + 1) >> 1;
      if (leaves[m].a <= rho0) a = m;
      else b = m - 1;
    }
    const leaf = leaves[a];
    const partial = rho0 === leaf.a ? leaf.value : adaptiveKronrod(f, [rho0, leaf.b], absTol).value;
    const upper = rightEnd + suffix[a + 1] + partial;
    return Math.min(1, Math.max(0, upper / total));
  };
}

const NEVER: AntipodalProbabilityEvaluator = () => 0;

/**
 * Largest collapse exponent κ₊ = γd/σ² + (d − 3)/2 accepted: up to here this route and the
 * independent artanh route agree to ~1e-9 (d = 1e6 or γd/σ² = 1e6 at β = 350); at κ₊ = 2e9 they
 * differ by 1e-5, at 2e12 by 1e-3, so the answer would no longer be worth its stated accuracy.
 */
export const MAX_KAPPA_PLUS = 2e6;

/**
 * Prepares P(ρ_∞ = −1 | ·) for one parameter set; the preparation (~1–10 ms) is shared by all ρ₀.
 * Returns the zero function when λ₋ ≥ 0 (including σ = 0).
 */
export function antipodalProbabilityEvaluator(params: CosineParams): AntipodalProbabilityEvaluator {
  const p = validateCosineParams(params);
  if (p.sigma === 0) return NEVER;
  const model = scaleDensityModel(p);
  if (!(model.epsMinus > 1e-250)) return NEVER; // P ≤ O(ε₋) < 1e-240 below this
  if (model.kappaPlus > MAX_KAPPA_PLUS) {
    throw new ConfigError(
      'gamma',
      p.gamma,
      `γd/σ² + (d − 3)/2 ≤ ${MAX_KAPPA_PLUS.toExponential(0)} where antipodes attract (here ${model.kappaPlus.toPrecision(3)}): beyond it the collapse exponent is too steep for the quadrature (the theory oracle's domain, README: Limits)`,
    );
  }
  const evaluate = routeJacobi(model);
  return (rho0: number) => evaluate(requireCosineOpen('rho0', rho0));
}

/**
 * P(ρ_∞ = −1 | ρ₀) for ρ₀ ∈ (−1, 1), absolute accuracy ≲ 1e-12 (see module doc), exactly 0 when
 * the antipodal pair does not attract. Example: antipodalProbability(0, {beta: 1, d: 3, sigma: 1,
 * gamma: 0}) ≈ 0.2222.
 */
export function antipodalProbability(rho0: number, params: CosineParams): number {
  const r = requireCosineOpen('rho0', rho0);
  return antipodalProbabilityEvaluator(params)(r);
}
