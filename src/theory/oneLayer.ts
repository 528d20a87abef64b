/**
 * The exact law of one layer of the discrete chain (docs/model.md#the-discrete-chain) for a
 * single token (n = 1, V̄ = Q = K = I, Gaussian entries): the cosine c = ⟨x_0, x_1⟩ between the
 * token before and after a layer of step h.
 *
 * With one token the attention mean is the token itself (m = x_0), so
 *   y = (1 + h·γ)·x_0 + √h·V x_0,   V x_0 ~ N(0, (σ²/d)·I_d)   (|x_0| = 1).
 * Split V x_0 along x_0 and its orthogonal complement: with s = σ·√(h/d), g ~ N(0, 1) and
 * K ~ χ²_{d−1} independent,
 *   A = 1 + h·γ + s·g,   c = A / √(A² + s²K).
 * Hence, for c ∈ (−1, 1),
 *   c ≥ 0:  P(C ≤ c) = P(A ≤ 0) + E[1{A > 0} · P(K ≥ A²(1 − c²)/(c²s²))]
 *   c < 0:  P(C ≤ c) = E[1{A < 0} · P(K ≤ A²(1 − c²)/(c²s²))]
 * computed by Gauss–Legendre quadrature in g on both sides of the kink g* = −(1 + hγ)/s.
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { integrateGaussLegendre } from './quadrature.js';

export interface SingleTokenLayer {
  d: number;
  /** Step h = T/L. */
  h: number;
  sigma: number;
  gamma: number;
}

const PHI = 1 / Math.sqrt(2 * Math.PI);
const G_MAX = 12;
const PIECES = 8;

/** P(⟨x_0, x_1⟩ ≤ c) for one layer of a single token, |error| ≲ 1e-10. */
export function singleTokenLayerCdf(c: number, { d, h, sigma, gamma }: SingleTokenLayer): number {
  if (c <= -1) return 0;
  if (c >= 1) return 1;
  const s = sigma * Math.sqrt(h / d);
  const a0 = 1 + h * gamma;
  if (s === 0) return c >= 1 ? 1 : 0;
  const ratio = (1 - c * c) / (c * c * s * s);
  const integrand = (g: number) => {
    const a = a0 + s * g;
    const density = PHI * Math.exp(-0.5 * g * g);
    if (c >= 0) return a <= 0 ? density : density * (1 - chisquareCdf(a * a * ratio, d - 1));
    return a < 0 ? density * chisquareCdf(a * a * ratio, d - 1) : 0;
  };
  const kink = Math.min(G_MAX, Math.max(-G_MAX, -a0 / s));
  let total = 0;
  for (const [lo, hi] of [[-G_MAX, kink], [kink, G_MAX]]) {
    if (hi <= lo) continue;
    const w = (hi - lo) / PIECES;
    for (let k = 0; k < PIECES; k++) total += integrateGaussLegendre(integrand, lo + k * w, lo + (k + 1) * w, 20);
  }
  return Math.min(1, Math.max(0, total));
}

/**
 * singleTokenLayerCdf tabulated at `points` nodes c_k = −cos(πk/(points − 1)) (dense near ±1,
 * where the law concentrates) and interpolated linearly: a CDF cheap enough for large samples.
 */
export function singleTokenLayerLaw(params: SingleTokenLayer, points = 1025): (c: number) => number {
  const nodes = Float64Array.from({ length: points }, (_, k) => -Math.cos((Math.PI * k) / (points - 1)));
  const values = nodes.map((c) => singleTokenLayerCdf(c, params));
  return (c) => {
    if (c <= -1) return 0;
    if (c >= 1) return 1;
    let k = Math.min(points - 2, Math.max(0, Math.floor(((Math.PI - Math.acos(c)) / Math.PI) * (points - 1))));
    while (k > 0 && nodes[k] > c) k--;
    while (k < points - 2 && nodes[k + 1] < c) k++;
    const t = (c - nodes[k]) / (nodes[k + 1] - nodes[k]);
    return values[k] + t * (values[k + 1] - values[k]);
  };
}
