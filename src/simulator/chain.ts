/**
 * The discrete chain (MODEL.md "The discrete chain"): one Transformer layer per step,
 *
 *   A = softmax_j(β⟨Q x_i, K x_j⟩),  m_i = Σ_j A_ij x_j,
 *   y_i = x_i + h·γ·V̄ m_i + √h·V_k m_i,  x_i ← y_i/|y_i|,
 *
 * with h = T/L and one value matrix V_k (entries of variance σ²/d) per layer, shared by all tokens.
 *
 * Random stream layout (seeded runs). Path p draws its initial tokens (when not given) from stream
 * (seed, [INIT, p]): n·d standard normals, token by token, each token normalized (redrawn if all
 * zero). Its layer noise comes from stream (seed, [NOISE, p]), layer after layer (nothing is
 * drawn when σ = 0):
 * - sampling 'matrix': the d² entries of V_k, row-major, from the entry law (`fillEntries`);
 * - sampling 'projected' (Gaussian only; the default when n < d): n·d standard normals z_k
 *   (k = 0 … n−1, d each, ziggurat `fillNormal` order), of which the first r = rank(m_1 … m_n)
 *   are used: √h·V_k·m_i is replaced by √h·(σ/√d)·Σ_{k<r} ⟨q_k, m_i⟩·z_k, with q_k the modified
 *   Gram–Schmidt basis of m_1 … m_n in token order (a residual below 1e-12·|m_i| adds no
 *   direction, so identical or antipodal tokens get exactly equal or opposite noise). Same law
 *   as 'matrix', fewer variates; see ChainConfig.sampling.
 * A path's bits depend only on (seed, p) and the configuration, never on how many paths are run
 * together, in which order, or by how many workers.
 *
 * @example
 * const r = runChain({ n: 2, d: 3, depth: 200, beta: 1, seed: 7 });
 * r.finalTokens; // Float64Array of paths·n·d numbers on the unit sphere
 */
import { NumericalError } from '../util/errors.js';
import { fillEntries } from '../rng/entryLaws.js';
import { fillNormal } from '../rng/normal.js';
import { STREAM_INIT, STREAM_NOISE, streamRng } from '../rng/streams.js';
import type { Xoshiro128 } from '../rng/xoshiro128.js';
import { describeModel, resolveChain, type ChainConfig, type ResolvedChain, type ResolvedModel } from './config.js';
import { attentionMeans, attentionWeightsFast, dotFast, matVec } from './attention.js';
import { rmsNormalize, rmsRadius, uniformOnSphere } from './tokens.js';
import { SnapshotRecorder, Workspace, type Snapshots } from './workspace.js';

export interface ChainResult {
  /** The validated configuration as plain data. */
  config: Record<string, unknown>;
  /** Final tokens of every path: paths × n × d numbers, on the requested sphere. */
  finalTokens: Float64Array;
  /** Snapshots, when requested. */
  snapshots: Snapshots | null;
}

/**
 * One layer applied in place to tokens x (n·d, unit sphere): `noise[noiseOffset …]` is the d×d
 * matrix ΔW = √h·V_k (null when σ = 0). Returns the index of a token whose norm became zero or
 * non-finite, or −1.
 */
export function chainLayer(
  x: Float64Array,
  m: ResolvedModel,
  h: number,
  noise: Float64Array | null,
  noiseOffset: number,
  ws: Workspace,
): number {
  const { n, d } = m;
  ws.attend(x, 0, m);
  const means = ws.means;
  const hg = h * m.gamma;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    if (hg !== 0) {
      if (m.valueMatrix) {
        matVec(m.valueMatrix, d, means, o, ws.drift, 0);
        for (let a = 0; a < d; a++) x[o + a] += hg * ws.drift[a];
      } else {
        for (let a = 0; a < d; a++) x[o + a] += hg * means[o + a];
      }
    }
    if (noise) {
      for (let a = 0; a < d; a++) {
        let s = 0;
        const r = noiseOffset + a * d;
        for (let b = 0; b < d; b++) s += noise[r + b] * means[o + b];
        x[o + a] += s;
      }
    }
  }
  return rmsNormalize(x, n, d);
}

/** Relative size below which a Gram–Schmidt residual adds no direction (projected sampling). */
const RANK_TOLERANCE = 1e-12;

/**
 * One layer with projected noise sampling, in place: draws n·d normals from `g` (scaled by the
 * entry standard deviation times √h, `noiseSd`) and adds √h·V_k m_i in law (see the module doc).
 * Returns the index of a bad token or −1.
 */
export function projectedLayer(
  x: Float64Array,
  m: ResolvedModel,
  h: number,
  noiseSd: number,
  g: Xoshiro128,
  ws: Workspace,
): number {
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

/**
 * projectedLayer for n = 2 tokens and Q = K = I, with the loops over coordinates fused (same
 * algorithm; sums in plain coordinate order, so the last bits can differ from projectedLayer,
 * which splits long dot products into four partial sums).
 */
export function projectedLayerPair(
  x: Float64Array,
  m: ResolvedModel,
  h: number,
  noiseSd: number,
  g: Xoshiro128,
  ws: Workspace,
): number {
  const d = m.d;
  const beta = m.beta;
  const means = ws.means;
  const z = ws.z;
  const q = ws.basis;
  // Attention logits (row order of attentionWeights; s21 = s12 bit for bit).
  let s11 = 0;
  let s12 = 0;
  let s22 = 0;
  for (let a = 0; a < d; a++) {
    const u = x[a];
    const v = x[d + a];
    s11 += u * u;
    s12 += u * v;
    s22 += v * v;
  }
  const l11 = beta * s11;
  const l12 = beta * s12;
  const l22 = beta * s22;
  // Row 1: softmax(l11, l12); row 2: softmax(l12, l22), max subtracted, exp(0) = 1 skipped.
  let max = -Infinity;
  if (l11 > max) max = l11;
  if (l12 > max) max = l12;
  let u = l11 - max;
  let e1 = u === 0 ? 1 : Math.exp(u);
  u = l12 - max;
  let e2 = u === 0 ? 1 : Math.exp(u);
  let inv = 1 / (0 + e1 + e2);
  const w11 = e1 * inv;
  const w12 = e2 * inv;
  max = -Infinity;
  if (l12 > max) max = l12;
  if (l22 > max) max = l22;
  u = l12 - max;
  e1 = u === 0 ? 1 : Math.exp(u);
  u = l22 - max;
  e2 = u === 0 ? 1 : Math.exp(u);
  inv = 1 / (0 + e1 + e2);
  const w21 = e1 * inv;
  const w22 = e2 * inv;
  // Means, with the squared norms used by Gram–Schmidt.
  let mm1 = 0;
  let mm2 = 0;
  for (let a = 0; a < d; a++) {
    const x1 = x[a];
    const x2 = x[d + a];
    const m1 = 0 + w11 * x1 + w12 * x2;
    const m2 = 0 + w21 * x1 + w22 * x2;
    means[a] = m1;
    means[d + a] = m2;
    mm1 += m1 * m1;
    mm2 += m2 * m2;
  }
  const hg = h * m.gamma;
  if (hg !== 0) {
    for (let i = 0; i < 2; i++) {
      const o = i * d;
      if (m.valueMatrix) {
        matVec(m.valueMatrix, d, means, o, ws.drift, 0);
        for (let a = 0; a < d; a++) x[o + a] += hg * ws.drift[a];
      } else {
        for (let a = 0; a < d; a++) x[o + a] += hg * means[o + a];
      }
    }
  }
  // Gram–Schmidt: column 1.
  let rank1 = 0;
  let c11 = 0;
  const tol2 = RANK_TOLERANCE * RANK_TOLERANCE;
  if (mm1 > tol2 * mm1 && mm1 > 0) {
    const r = 1 / Math.sqrt(mm1);
    for (let a = 0; a < d; a++) {
      const t = means[a] * r;
      q[a] = t;
      c11 += t * means[a];
    }
    rank1 = 1;
  }
  // Column 2: c12 = ⟨q1, m2⟩, residual v = m2 − c12·q1 (kept in ws.drift).
  const v = ws.drift;
  let c12 = 0;
  if (rank1 === 1) for (let a = 0; a < d; a++) c12 += q[a] * means[d + a];
  let vv = 0;
  for (let a = 0; a < d; a++) {
    const t = rank1 === 1 ? means[d + a] - c12 * q[a] : means[d + a];
    v[a] = t;
    vv += t * t;
  }
  let c22 = 0;
  let rank2 = rank1;
  if (vv > tol2 * mm2 && vv > 0) {
    const r = 1 / Math.sqrt(vv);
    for (let a = 0; a < d; a++) c22 += v[a] * r * v[a];
    rank2 = rank1 + 1;
  }
  fillNormal(g, z, noiseSd, 0, 2 * d);
  // Token 1 gets c11·z_1; token 2 gets c12·z_1 (if rank1) then c_2·z_{rank2−1}; normalize.
  let n1 = 0;
  let n2 = 0;
  const zo2 = (rank2 - 1) * d;
  for (let a = 0; a < d; a++) {
    let y1 = x[a];
    let y2 = x[d + a];
    if (rank1 === 1) {
      y1 += c11 * z[a];
      y2 += c12 * z[a];
    }
    if (rank2 > rank1) y2 += c22 * z[zo2 + a];
    x[a] = y1;
    x[d + a] = y2;
    n1 += y1 * y1;
    n2 += y2 * y2;
  }
  const norm1 = Math.sqrt(n1);
  if (!(norm1 > 0 && norm1 < Infinity)) return 0;
  const k1 = 1 / norm1;
  for (let a = 0; a < d; a++) x[a] *= k1;
  const norm2 = Math.sqrt(n2);
  if (!(norm2 > 0 && norm2 < Infinity)) return 1;
  const k2 = 1 / norm2;
  for (let a = 0; a < d; a++) x[d + a] *= k2;
  return -1;
}

/** Initial unit-sphere tokens of path p into x. */
export function initialTokensOfPath(m: ResolvedModel, p: number, x: Float64Array): void {
  if (m.initialTokens) x.set(m.initialTokens);
  else uniformOnSphere(streamRng(m.seed, [STREAM_INIT, p]), x, m.n, m.d);
}

/** Run the discrete chain for every configured path. */
export function runChain(config: ChainConfig, onPath?: (done: number, total: number) => void): ChainResult {
  const c = resolveChain(config);
  return runResolvedChain(c, onPath);
}

/** Run an already validated chain configuration. */
export function runResolvedChain(c: ResolvedChain, onPath?: (done: number, total: number) => void): ChainResult {
  const { n, d, depth: L, paths } = c;
  const h = c.horizon / L;
  const sqrtH = Math.sqrt(h);
  const scale = c.sphere === 'rms' ? rmsRadius(d) : 1;
  const ws = new Workspace(n, d);
  const x = new Float64Array(n * d);
  const finalTokens = new Float64Array(paths * n * d);
  const recorder = c.snapshots ? new SnapshotRecorder(L, c.snapshots.stride, c.snapshots.record, n, d, paths, scale) : null;
  const drawn = c.sigma > 0 && c.noise === null;
  const projected = drawn && c.sampling === 'projected';
  const pairKernel = projected && n === 2 && c.query === null && c.key === null;
  const entrySd = (sqrtH * c.sigma) / Math.sqrt(d);

  /** Path slot q alone, layer by layer; its final tokens go to finalTokens. */
  const runPath = (q: number): void => {
    const p = c.firstPath + q;
    initialTokensOfPath(c, p, x);
    recorder?.maybeRecord(q, 0, x);
    const g: Xoshiro128 | null = drawn ? streamRng(c.seed, [STREAM_NOISE, p]) : null;
    let noise: Float64Array | null = null;
    let base = 0;
    if (c.noise) {
      // Value matrices V_k enter a layer as √h·V_k: scale this path's block once, not per layer.
      noise = c.noise.kind === 'values' ? scaledCopy(c.noise.data, q * L * d * d, L * d * d, sqrtH) : c.noise.data;
      base = c.noise.kind === 'values' ? 0 : q * L * d * d;
    } else if (drawn) {
      noise = ws.noise;
    }
    for (let k = 0; k < L; k++) {
      let off = 0;
      let bad: number;
      if (pairKernel) bad = projectedLayerPair(x, c, h, entrySd, g!, ws);
      else if (projected) bad = projectedLayer(x, c, h, entrySd, g!, ws);
      else {
        if (g) fillEntries(c.law, g, ws.noise, entrySd);
        else if (c.noise) off = base + k * d * d;
        bad = chainLayer(x, c, h, noise, off, ws);
      }
      if (bad >= 0) {
        throw new NumericalError(
          `non-finite or zero token ${bad} at layer ${k + 1} of path ${p} (check the size of beta, sigma, gamma and the matrices)`,
        );
      }
      recorder?.maybeRecord(q, k + 1, x);
    }
    for (let a = 0; a < n * d; a++) finalTokens[q * n * d + a] = x[a] * scale;
  };

  for (let q = 0; q < paths; q++) {
    runPath(q);
    onPath?.(q + 1, paths);
  }
  return {
    config: { ...describeModel(c), depth: L, law: c.law, noise: c.noise ? c.noise.kind : 'seeded', sampling: c.sampling },
    finalTokens,
    snapshots: recorder?.snapshots ?? null,
  };
}

function scaledCopy(src: Float64Array, offset: number, length: number, k: number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = src[offset + i] * k;
  return out;
}
