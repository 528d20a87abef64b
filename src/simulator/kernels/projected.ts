/**
 * The projected kernel (sampling 'projected', Gaussian seeded noise): instead of the d² entries
 * of V_k it draws only the products √h·V_k·m_i, from their joint law. Given the means, these are
 * jointly Gaussian with covariance s²h·⟨m_i, m_j⟩·I, so with F F^T = (⟨m_i, m_j⟩) and n·d standard
 * normals z_k (k = 0 … n−1, d each; `fillNormal` on the path's NOISE stream, scaled by
 * sd = σ√h/√d), √h·V_k·m_i ~ sd·Σ_k F_ik·z_k.
 *
 * Here F = R^T from modified Gram–Schmidt of m_1 … m_n in token order: a residual below 1e-12·|m_i|
 * adds no direction, so identical tokens get exactly equal noise. Applies to every projected
 * configuration the faster kernels do not take (Q or K given, or n ≥ d), and is the fallback of the
 * Gram kernels on an ill-conditioned layer.
 */
import { fillNormal } from '../../rng/normal.js';
import type { Xoshiro128 } from '../../rng/xoshiro128.js';
import type { ResolvedChain, ResolvedModel } from '../config.js';
import { attentionMeans, attentionWeightsFast, dotFast, matVec } from '../attention.js';
import { rmsNormalize } from '../tokens.js';
import { Workspace } from '../workspace.js';
import { drawsProjected, type LayerKernel } from './kernel.js';
import { layerByLayer, runTokenPaths } from './tokenPaths.js';

/** Relative size below which a Gram–Schmidt residual adds no direction (projected sampling). */
export const RANK_TOLERANCE = 1e-12;

/**
 * The deterministic part of a projected layer, in place: the attention means into ws.means
 * (the fast dot-product attention when Q = K = I) and the drift h·γ·V̄ m_i added to x.
 */
export function attendAndDrift(x: Float64Array, m: ResolvedModel, h: number, ws: Workspace): void {
  const { n, d } = m;
  if (m.query === null && m.key === null) {
    attentionWeightsFast(x, n, d, m.beta, ws.weights);
    attentionMeans(ws.weights, x, 0, n, d, ws.means);
  } else ws.attend(x, 0, m);
  const means = ws.means;
  const hg = h * m.gamma;
  if (hg !== 0) {
    for (let i = 0; i < n; i++) {
      const o = i * d;
      if (m.valueMatrix) {
        matVec(m.valueMatrix, d, means, o, ws.drift, 0);
        for (let a = 0; a < d; a++) x[o + a] += hg * ws.drift[a];
      } else {
        for (let a = 0; a < d; a++) x[o + a] += hg * means[o + a];
      }
    }
  }
}

/**
 * One projected layer by Gram–Schmidt on the means, in place: draws n·d normals from `g` (scaled
 * by `noiseSd`). Returns the index of a bad token or −1.
 */
export function projectedLayer(x: Float64Array, m: ResolvedModel, h: number, noiseSd: number, g: Xoshiro128, ws: Workspace): number {
  const { n, d } = m;
  attendAndDrift(x, m, h, ws);
  const means = ws.means;
  const basis = ws.basis;
  const coef = ws.coef;
  const rankAfter = ws.rankAfter;
  const v = ws.drift; // scratch: the Gram–Schmidt residual of one mean
  const maxRank = n < d ? n : d;
  const tol2 = RANK_TOLERANCE * RANK_TOLERANCE;
  let rank = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let a = 0; a < d; a++) v[a] = means[o + a];
    const mm = dotFast(v, 0, v, 0, d);
    for (let k = 0; k < rank; k++) {
      const qo = k * d;
      const c = dotFast(basis, qo, v, 0, d);
      coef[k * n + i] = c;
      for (let a = 0; a < d; a++) v[a] -= c * basis[qo + a];
    }
    if (rank < maxRank) {
      const vv = dotFast(v, 0, v, 0, d);
      if (vv > tol2 * mm && vv > 0) {
        const inv = 1 / Math.sqrt(vv);
        const qo = rank * d;
        for (let a = 0; a < d; a++) basis[qo + a] = v[a] * inv;
        // c = ⟨q, v⟩ (not |v|): the first column gets ⟨q_1, m_1⟩ and an exactly opposite or
        // equal mean gets exactly the opposite or same coefficient.
        coef[rank * n + i] = dotFast(basis, qo, v, 0, d);
        rank++;
      }
    }
    rankAfter[i] = rank;
  }
  const z = ws.z;
  fillNormal(g, z, noiseSd, 0, n * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const r = rankAfter[i];
    for (let k = 0; k < r; k++) {
      const c = coef[k * n + i];
      const zo = k * d;
      for (let a = 0; a < d; a++) x[o + a] += c * z[zo + a];
    }
  }
  return rmsNormalize(x, n, d);
}

/** The path stepper of a one-layer projected function f(x, g) (shared by the projected kernels). */
export function runProjected(c: ResolvedChain, layer: (x: Float64Array, g: Xoshiro128) => number, onPath?: (done: number, total: number) => void) {
  let g: Xoshiro128 | null = null;
  return runTokenPaths(
    c,
    {
      start(_p, _q, rng) {
        g = rng;
      },
      layers: layerByLayer(c.n, (x) => layer(x, g!)),
    },
    onPath,
  );
}

/** The entry standard deviation times √h of a configuration: σ√h/√d. */
export function noiseSdOf(c: ResolvedChain): number {
  return (Math.sqrt(c.horizon / c.depth) * c.sigma) / Math.sqrt(c.d);
}

export const projectedKernel: LayerKernel = {
  name: 'projected',
  contract: {
    kind: 'same-law',
    as: 'matrix',
    statement: 'the law of the matrix kernel with Gaussian entries: the products V_k m_i drawn from their joint law',
    example: { n: 3, d: 4, depth: 12, horizon: 1, beta: 1.5, gamma: 0.3, sampling: 'projected', query: [[1, 0.2, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], initialTokens: [[1, 0, 0, 0], [0.6, 0.8, 0, 0], [0, 0.6, 0.8, 0]] },
  },
  applies: drawsProjected,
  run(c, onPath) {
    const h = c.horizon / c.depth;
    const sd = noiseSdOf(c);
    const ws = new Workspace(c.n, c.d);
    return runProjected(c, (x, g) => projectedLayer(x, c, h, sd, g, ws), onPath);
  },
};
