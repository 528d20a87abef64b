/**
 * Two antipodal groups of sizes k and n − k (Q = K = V̄ = I): the cosine between two collapsed
 * groups, the drift that pushes unequal groups off exact antipodality, and the Lyapunov exponent
 * of the formation (derivation: DERIVATION.md, "Two antipodal groups of sizes k and n − k").
 *
 * With every token of group 1 (k tokens) at u and every token of group 2 (l = n − k) at v,
 * ρ = ⟨u, v⟩, the attention means are m_u = A u + B v and m_v = C v + D u with
 *
 *     A = k e^β / (k e^β + l e^{βρ}),  B = 1 − A,   C = l e^β / (l e^β + k e^{βρ}),  D = 1 − C,
 *
 * and ρ is a one-dimensional diffusion (s² = σ²/d):
 *
 *     μ(ρ) = s²[M (d − 2 + ρ²) − ((d − 1)/2) N ρ] + γ (B + D)(1 − ρ²),
 *     v(ρ) = s² (1 − ρ²)(N − 2ρM),   M = ⟨m_u, m_v⟩,  N = |m_u|² + |m_v|².
 *
 * At ρ = −1, with x = A − B and y = C − D (the signed attention means μ_k, μ_l):
 *   μ(−1) = c₀ = s²(d − 1)(x − y)²/2, which vanishes iff k = l: unequal groups are not an
 *   invariant formation; near −1, r = 1 + ρ obeys dr ≈ (c₀ + c₁ r) dt + sqrt(2s²(x − y)² r + v₂ r²) dB;
 *   Λ = c₁ − v₂/2 is the growth rate of log r where r ≫ (x − y)² (the formation's Lyapunov
 *   exponent; for k = l it is exactly the two-token λ₋):
 *
 *     Λ = s²[(d − 3)(2β(x − y)(CD − AB) + (A + D)(B + C)) − ((d − 2)/2)(x² + y²) − x y] + 2γ(B + D).
 *
 * Within a group, tokens stay together at the rate −2γμ − s²μ²(d − 1) (μ = x or y).
 */
import { validateCosineParams, requireCosineClosed, type CosineParams } from './params.js';
import { ConfigError } from '../util/errors.js';
import { requireInteger } from '../util/validate.js';

/** A (k, n − k) formation: the model parameters and the two group sizes. */
export interface GroupParams extends CosineParams {
  readonly n: number;
  readonly k: number;
}

/** Validated copy (1 ≤ k ≤ n − 1). */
export function validateGroupParams(params: unknown): GroupParams {
  const p = validateCosineParams(params);
  const raw = params as Record<string, unknown>;
  const n = requireInteger('n', raw.n, 2, Number.MAX_SAFE_INTEGER);
  const k = requireInteger('k', raw.k, 1, Number.MAX_SAFE_INTEGER);
  if (k > n - 1) throw new ConfigError('k', k, `a group size in [1, n − 1] = [1, ${n - 1}]`);
  return { ...p, n, k };
}

/** Total attention of a group-1 token on its own group (A) and on group 2 (B), and C, D for group 2. */
export interface GroupWeights {
  readonly A: number;
  readonly B: number;
  readonly C: number;
  readonly D: number;
}

/** A, B, C, D at cosine ρ between the groups (no overflow: only e^{β(ρ−1)} ≤ 1 is formed). */
export function groupWeights(k: number, n: number, beta: number, rho: number): GroupWeights {
  const l = n - k;
  const e = Math.exp(beta * (rho - 1));
  const B = (l * e) / (k + l * e);
  const D = (k * e) / (l + k * e);
  return { A: 1 - B, B, C: 1 - D, D };
}

function coefficients(rho: number, p: GroupParams): { mu: number; v: number } {
  const { A, B, C, D } = groupWeights(p.k, p.n, p.beta, rho);
  const s2 = (p.sigma * p.sigma) / p.d;
  const M = A * D + B * C + (A * C + B * D) * rho;
  const N = A * A + B * B + 2 * A * B * rho + C * C + D * D + 2 * C * D * rho;
  const q = 1 - rho * rho;
  return {
    mu: s2 * (M * (p.d - 2 + rho * rho) - ((p.d - 1) / 2) * N * rho) + p.gamma * (B + D) * q,
    v: s2 * q * (N - 2 * rho * M),
  };
}

/** Drift μ(ρ) of the cosine between two collapsed groups. For k = 1, n = 2 it is the two-token drift. */
export function twoGroupCosineDrift(rho: number, params: GroupParams): number {
  return coefficients(requireCosineClosed('rho', rho), validateGroupParams(params)).mu;
}

/** Squared diffusion coefficient v(ρ) of the cosine between two collapsed groups. */
export function twoGroupCosineDiffusionSquared(rho: number, params: GroupParams): number {
  return coefficients(requireCosineClosed('rho', rho), validateGroupParams(params)).v;
}

/** Signed attention means at the formation: m = μ_k u for group 1 and μ_{n−k} v for group 2. */
function means(p: GroupParams): { x: number; y: number; w: GroupWeights } {
  const w = groupWeights(p.k, p.n, p.beta, -1);
  return { x: w.A - w.B, y: w.C - w.D, w };
}

/**
 * c₀ = μ(−1) = s²(d − 1)(μ_k − μ_{n−k})²/2 ≥ 0: the rate at which the common noise pushes
 * the groups off exact antipodality; 0 iff k = n − k (then the formation is invariant).
 * Example: n = 3, k = 1, d = 3, β = 2, σ = 1 → ≈ 9.2e-4.
 */
export function antipodalGapDrift(params: GroupParams): number {
  const p = validateGroupParams(params);
  const { x, y } = means(p);
  return ((p.sigma * p.sigma) / p.d) * (p.d - 1) * (x - y) ** 2 / 2;
}

/**
 * Λ, the Lyapunov exponent of a (k, n − k) antipodal formation (growth rate of log(1 + ρ) where
 * (μ_k − μ_{n−k})² ≪ 1 + ρ ≪ 1): negative iff the formation attracts. For k = n − k it equals the
 * two-token λ₋. Example: n = 3, k = 1, d = 3, β = 2, σ = 1 → ≈ −0.6088.
 */
export function groupLyapunovExponent(params: GroupParams): number {
  const p = validateGroupParams(params);
  const { x, y, w } = means(p);
  const { A, B, C, D } = w;
  const s2 = (p.sigma * p.sigma) / p.d;
  const inner = (p.d - 3) * (2 * p.beta * (x - y) * (C * D - A * B) + (A + D) * (B + C)) - ((p.d - 2) / 2) * (x * x + y * y) - x * y;
  return s2 * inner + 2 * p.gamma * (B + D);
}

/**
 * Exponents at which tokens of the same group come together, [group 1, group 2]:
 * −2γμ − s²μ²(d − 1), negative unless σ = γ = 0 or μ = 0.
 */
export function withinGroupExponents(params: GroupParams): [number, number] {
  const p = validateGroupParams(params);
  const { x, y } = means(p);
  const s2 = (p.sigma * p.sigma) / p.d;
  const e = (m: number) => -2 * p.gamma * m - s2 * m * m * (p.d - 1);
  return [e(x), e(y)];
}

/**
 * β*_k: the formation attracts (Λ < 0) for every β > β*_k on [0, βMax]; 0 when it attracts for
 * every β, Infinity when it does not attract at βMax. Found by a scan down from βMax in steps
 * of 0.01 and bisection to 1e-12 (Λ is smooth in β). For k = n − k it is ½·arccosh(d − 2) (γ = 0).
 */
export function groupCriticalBeta(params: Omit<GroupParams, 'beta'>, betaMax = 20): number {
  const at = (beta: number) => groupLyapunovExponent({ ...params, beta });
  if (at(betaMax) >= 0) return Infinity;
  let hi = betaMax;
  let lo = betaMax;
  while (lo > 0) {
    lo = Math.max(0, lo - 0.01);
    if (at(lo) >= 0) break;
    hi = lo;
  }
  if (at(lo) < 0) return 0;
  for (let i = 0; i < 60 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (at(mid) < 0) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Quantiles of the gap r = 1 + ρ of an unequal (k, n − k) formation in its quasi-stationary law:
 * the speed measure m(r) ∝ exp(∫ 2μ/v)/v of the exact cosine diffusion above, restricted to the
 * well r < rMax (as if reflected there). Valid while escapes from the well are rare (Λ < 0 and
 * the mass near rMax small, which `massNearCut` reports: the fraction in (rMax/2, rMax)).
 * Computed on a log grid of r from 1e-16 to rMax (trapezoid rule, `points` nodes).
 */
export function antipodalGapQuantiles(
  params: GroupParams,
  qs: readonly number[],
  rMax = 0.5,
  points = 40000,
): { quantiles: number[]; massNearCut: number } {
  const p = validateGroupParams(params);
  if (p.k * 2 === p.n) throw new ConfigError('k', p.k, 'k ≠ n − k (equal groups are exactly antipodal: no gap)');
  const t0 = Math.log(1e-16);
  const t1 = Math.log(rMax);
  const dt = (t1 - t0) / (points - 1);
  const logDensity = new Float64Array(points); // log of m(r)·r, the density in t = log r
  let integral = 0;
  let prev = 0;
  for (let i = 0; i < points; i++) {
    const r = Math.exp(t0 + i * dt);
    const { mu, v } = coefficients(r - 1, p);
    const f = ((2 * mu) / v) * r; // d/dt of ∫ 2μ/v dr
    if (i > 0) integral += ((prev + f) / 2) * dt;
    prev = f;
    logDensity[i] = integral - Math.log(v) + Math.log(r);
  }
  const top = Math.max(...logDensity);
  const cdf = new Float64Array(points);
  for (let i = 1; i < points; i++) cdf[i] = cdf[i - 1] + ((Math.exp(logDensity[i - 1] - top) + Math.exp(logDensity[i] - top)) / 2) * dt;
  const total = cdf[points - 1];
  const at = (q: number) => {
    let i = 1;
    while (i < points - 1 && cdf[i] < q * total) i++;
    const f = (q * total - cdf[i - 1]) / (cdf[i] - cdf[i - 1]);
    return Math.exp(t0 + (i - 1 + f) * dt);
  };
  const half = Math.floor((Math.log(rMax / 2) - t0) / dt);
  return { quantiles: qs.map(at), massNearCut: (total - cdf[half]) / total };
}

/** One row per split (k, n − k), k ≤ n − k: the formation's exponent, gap drift, threshold and within-group rates. */
export interface GroupSplitRow {
  k: number;
  sizes: [number, number];
  /** Λ_k (negative: the formation attracts). */
  exponent: number;
  /** c₀ (0 iff the split is equal). */
  gapDrift: number;
  /** β*_k for these d, σ, γ (Infinity: never attracting up to β = 20). */
  criticalBeta: number;
  withinGroup: [number, number];
}

/** The (k, n − k) table for k = 1 … ⌊n/2⌋ at the given β, d, σ, γ. */
export function antipodalGroupsTable(n: number, params: CosineParams): GroupSplitRow[] {
  const p = validateCosineParams(params);
  requireInteger('n', n, 2, 4096);
  return Array.from({ length: Math.floor(n / 2) }, (_, i) => {
    const g = { ...p, n, k: i + 1 };
    return {
      k: i + 1,
      sizes: [i + 1, n - i - 1] as [number, number],
      exponent: groupLyapunovExponent(g),
      gapDrift: antipodalGapDrift(g),
      criticalBeta: groupCriticalBeta({ n, k: i + 1, d: p.d, sigma: p.sigma, gamma: p.gamma }),
      withinGroup: withinGroupExponents(g),
    };
  });
}
