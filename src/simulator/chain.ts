/**
 * The discrete chain (docs/model.md#the-discrete-chain): one Transformer layer per step,
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
 * - sampling 'projected' (Gaussian only; the default when n < d): n·d standard normals z_k per
 *   layer (k = 0 … n−1, d each), and √h·V_k·m_i is replaced by a draw from its joint law,
 *   √h·(σ/√d)·Σ_k F_ik·z_k with F F^T = (⟨m_i, m_j⟩) the Gram matrix of the means:
 *   · n = 2, Q = K = I (the WebAssembly pair kernel, assembly/pair.ts): the normals are NOT
 *     those of fillNormal. The path's generator is xoshiro256** with the 256-bit state
 *     s_k = o_{2k} + 2³²·o_{2k+1} (k = 0 … 3) from the first 8 32-bit outputs o of stream
 *     (seed, [NOISE, p]); each layer draws z₀ then z₁ (d each) from it by the ziggurat with ONE
 *     64-bit output per normal (bits 0–7 layer, bit 8 sign, bits 12–63 the 52-bit abscissa; the
 *     tables of rng/normal.ts). With s = x₁ + x₂, t = x₁ − x₂ (s ⟂ t), δ = tanh(β|t|²/4), token 1
 *     gets A z₀ + B z₁ and token 2 A z₀ − B z₁, A = sd·|s|/2, B = sd·δ|t|/2, sd = σ√h/√d
 *     (u = m₁ + m₂ = s, w = m₁ − m₂ = δt below). Identical tokens (t = 0) get exactly equal
 *     noise and an antipodal pair (s = 0) exactly opposite noise. (Revised with the wasm kernel,
 *     docs/performance.md: seeded projected n = 2 runs with Q = K = I changed bits then.)
 *   · n = 2 with Q or K given: z_k by `fillNormal` on the stream itself (ziggurat on xoshiro128**,
 *     two 32-bit outputs per normal), F from the basis of u = m₁ + m₂ and w = m₁ − m₂, token 1
 *     gets (√h·V u + √h·V w)/2 and token 2 (√h·V u − √h·V w)/2 with √h·V u ~ |u|·z₀ and
 *     √h·V w ~ ⟨q, w⟩·z₀ + r·z₁ (Gram–Schmidt of (u, w));
 *   · n ≥ 3, Q = K = I, n < d: z_k by `fillNormal` (as all the cases below), F = L, the Cholesky
 *     factor of the Gram matrix (kernels.ts `gramLayer`), or, when a pivot is below 1e-6 of its
 *     diagonal entry (nearly dependent means, identical tokens), F = R^T from modified
 *     Gram–Schmidt of m_1 … m_n in token order (a residual below 1e-12·|m_i| adds no direction,
 *     so identical tokens get exactly equal noise); both use z_k for the k-th direction (L = R^T
 *     in exact arithmetic);
 *   · otherwise (Q or K given, or n ≥ d): modified Gram–Schmidt as above.
 *   Same law as 'matrix', fewer variates; see ChainConfig.sampling.
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
import { GRAM_FALLBACK, gramLayer, PIVOT_TOLERANCE } from './kernels.js';
import { seedState256, WasmPairKernel } from './wasm/pair.js';
import { SnapshotRecorder, Workspace, type Snapshots } from './workspace.js';
import { GramState, PairGramState } from './kernels/gramState.js';
import { pairCount, pairwiseCosines } from './tokens.js';

export interface ChainResult {
  /** The validated configuration as plain data. */
  config: Record<string, unknown>;
  /** Final tokens of every path: paths × n × d numbers, on the requested sphere (empty with output 'cosines'). */
  finalTokens: Float64Array;
  /** With output 'cosines': paths × n(n−1)/2 final pairwise cosines (pairs i < j in row order); else null. */
  finalCosines: Float64Array | null;
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
  if (m.query === null && m.key === null && n > 2 && n < d) {
    // Cholesky of the Gram matrix of the means (kernels.ts); Gram–Schmidt below when that is
    // ill-conditioned (then x is untouched and nothing was drawn).
    // No drift: the same layer with its products in WebAssembly f64x2 lanes (same bits).
    const hg = h * m.gamma;
    const r = hg === 0 ? ws.gramWasm().layer(x, m.beta, noiseSd, g, PIVOT_TOLERANCE) : gramLayer(x, n, d, m.beta, hg, m.valueMatrix, noiseSd, g, ws);
    if (r !== GRAM_FALLBACK) return r;
  }
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
  if (n === 2) return projectedPairNoise(x, d, means, noiseSd, g, ws);
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
 * The noise of projectedLayer for n = 2, in the basis of u = m₁ + m₂ and w = m₁ − m₂ (the same
 * construction as the pair kernel of kernels.ts, for any attention): √h·V u = r₁₁ z₁ and
 * √h·V w = c z₁ + r₂₂ z₂ (Gram–Schmidt of (u, w), z scaled by noiseSd), token 1 gets half their
 * sum, token 2 half their difference. u = 0 (antipodal pair) or w = 0 (identical tokens) exactly
 * gives exactly opposite or equal noise.
 */
function projectedPairNoise(x: Float64Array, d: number, means: Float64Array, noiseSd: number, g: Xoshiro128, ws: Workspace): number {
  const q = ws.basis; // q₁ in [0, d), the residual of w in [d, 2d)
  let uu = 0;
  let ww = 0;
  for (let a = 0; a < d; a++) {
    const m1 = means[a];
    const m2 = means[d + a];
    const u = m1 + m2;
    const w = m1 - m2;
    q[a] = u;
    q[d + a] = w;
    uu += u * u;
    ww += w * w;
  }
  let r11 = 0;
  let c = 0;
  if (uu > 0) {
    r11 = Math.sqrt(uu);
    const inv = 1 / r11;
    for (let a = 0; a < d; a++) {
      const t = q[a] * inv;
      q[a] = t;
      c += t * q[d + a];
    }
  }
  let vv = 0;
  for (let a = 0; a < d; a++) {
    const t = q[d + a] - c * q[a];
    q[d + a] = t;
    vv += t * t;
  }
  const tol2 = RANK_TOLERANCE * RANK_TOLERANCE;
  const r22 = vv > tol2 * ww && vv > 0 ? Math.sqrt(vv) : 0;
  const z = ws.z;
  fillNormal(g, z, noiseSd, 0, 2 * d);
  const A = 0.5 * r11;
  const C = 0.5 * c;
  const B = 0.5 * r22;
  let n1 = 0;
  let n2 = 0;
  for (let a = 0; a < d; a++) {
    const p = A * z[a];
    const s = C * z[a] + B * z[d + a];
    const y1 = x[a] + (p + s);
    const y2 = x[d + a] + (p - s);
    x[a] = y1;
    x[d + a] = y2;
    n1 += y1 * y1;
    n2 += y2 * y2;
  }
  if (!(n1 > 0 && n1 < Infinity)) return 0;
  if (!(n2 > 0 && n2 < Infinity)) return 1;
  const k1 = 1 / Math.sqrt(n1);
  const k2 = 1 / Math.sqrt(n2);
  for (let a = 0; a < d; a++) {
    x[a] *= k1;
    x[d + a] *= k2;
  }
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
  const r = c.sampling === 'gram-state' ? runGramStateChain(c, onPath) : runTokenChain(c, onPath);
  if (c.output === 'cosines' && r.finalCosines === null) {
    const m = pairCount(c.n);
    const cos = new Float64Array(c.paths * m);
    const scale = c.sphere === 'rms' ? 1 / rmsRadius(c.d) : 1;
    const x = new Float64Array(c.n * c.d);
    for (let p = 0; p < c.paths; p++) {
      const o = p * c.n * c.d;
      for (let a = 0; a < x.length; a++) x[a] = r.finalTokens[o + a] * scale;
      pairwiseCosines(x, c.n, c.d, cos, 0, p * m);
    }
    return { ...r, finalTokens: new Float64Array(0), finalCosines: cos };
  }
  return r;
}

/** The configuration echoed in every result: the model, depth, law, noise, sampling and output. */
export function describeChain(c: ResolvedChain): Record<string, unknown> {
  return { ...describeModel(c), depth: c.depth, law: c.law, noise: c.noise ? c.noise.kind : 'seeded', sampling: c.sampling, output: c.output };
}

/**
 * The chain on the Gram state (kernels/gramState.ts): per path, the initial state (from the given
 * tokens, or uniform by Bartlett from stream (seed, [INIT, p])), the layers from stream
 * (seed, [NOISE, p]), cosine snapshots, and the final cosines or (uniform starts) final tokens in
 * a uniform random frame drawn from the INIT stream after the initial state.
 */
function runGramStateChain(c: ResolvedChain, onPath?: (done: number, total: number) => void): ChainResult {
  const { n, d, depth: L, paths } = c;
  const h = c.horizon / L;
  const params = { n, d, beta: c.beta, sd: (Math.sqrt(h) * c.sigma) / Math.sqrt(d), hg: h * c.gamma };
  const state = n === 2 ? new PairGramState(params) : new GramState(params);
  const m = pairCount(n);
  const tokensOut = c.output === 'tokens';
  const finalTokens = new Float64Array(tokensOut ? paths * n * d : 0);
  const finalCosines = tokensOut ? null : new Float64Array(paths * m);
  const recorder = c.snapshots ? new SnapshotRecorder(L, c.snapshots.stride, c.snapshots.record, n, d, paths, 1) : null;
  const snaps = recorder?.snapshots ?? null;
  const stops = snaps ? snaps.layers : [L];
  const scale = c.sphere === 'rms' ? rmsRadius(d) : 1;
  for (let q = 0; q < paths; q++) {
    const p = c.firstPath + q;
    const init = streamRng(c.seed, [STREAM_INIT, p]);
    if (c.initialTokens) state.initFromTokens(c.initialTokens);
    else state.initUniform(init);
    const g = streamRng(c.seed, [STREAM_NOISE, p]);
    let k = 0;
    let s = 0;
    if (snaps && snaps.layers[0] === 0) state.cosines(snaps.data, (q * snaps.layers.length + s++) * m);
    for (const stop of stops) {
      if (stop <= k) continue;
      const bad = state.layers(g, stop - k);
      if (bad >= 0) {
        throw new NumericalError(`non-finite or zero token at layer ${k + bad + 1} of path ${p} (check the size of beta, sigma and gamma)`);
      }
      k = stop;
      if (snaps) state.cosines(snaps.data, (q * snaps.layers.length + s++) * m);
    }
    if (tokensOut) state.tokens(init, finalTokens, q * n * d, scale);
    else state.cosines(finalCosines!, q * m);
    onPath?.(q + 1, paths);
  }
  return { config: describeChain(c), finalTokens, finalCosines, snapshots: snaps };
}

/** The token kernels (matrix, projected, the wasm pair and Gram kernels). */
function runTokenChain(c: ResolvedChain, onPath?: (done: number, total: number) => void): ChainResult {
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
  const hg = h * c.gamma;
  const stops = recorder ? recorder.snapshots.layers : [L];
  const wasmPair = pairKernel ? new WasmPairKernel(d, c.valueMatrix) : null;
  const state256 = new Uint32Array(8);

  /** Path slot q alone, layer by layer; its final tokens go to finalTokens. */
  const runPath = (q: number): void => {
    const p = c.firstPath + q;
    initialTokensOfPath(c, p, x);
    recorder?.maybeRecord(q, 0, x);
    const g: Xoshiro128 | null = drawn ? streamRng(c.seed, [STREAM_NOISE, p]) : null;
    if (wasmPair) seedState256(g!, state256);
    let noise: Float64Array | null = null;
    let base = 0;
    if (c.noise) {
      // Value matrices V_k enter a layer as √h·V_k: scale this path's block once, not per layer.
      noise = c.noise.kind === 'values' ? scaledCopy(c.noise.data, q * L * d * d, L * d * d, sqrtH) : c.noise.data;
      base = c.noise.kind === 'values' ? 0 : q * L * d * d;
    } else if (drawn) {
      noise = ws.noise;
    }
    if (pairKernel) {
      // The whole path in one call per snapshot segment (WebAssembly, assembly/pair.ts).
      let k = 0;
      for (const stop of stops) {
        if (stop <= k) continue;
        const bad = wasmPair!.layers(x, state256, c.beta, entrySd, hg, stop - k);
        if (bad >= 0) {
          throw new NumericalError(
            `non-finite or zero token ${bad % 2} at layer ${k + Math.floor(bad / 2) + 1} of path ${p} (check the size of beta, sigma, gamma and the matrices)`,
          );
        }
        k = stop;
        recorder?.maybeRecord(q, k, x);
      }
    } else for (let k = 0; k < L; k++) {
      let off = 0;
      let bad: number;
      if (projected) bad = projectedLayer(x, c, h, entrySd, g!, ws);
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

  // Four paths at a time through the SIMD wasm kernel where it applies (same bits per path as
  // one at a time); a group with a bad token is rerun path by path to report the first failure.
  let q = 0;
  if (wasmPair && recorder === null && c.valueMatrix === null) {
    const xs = [x, new Float64Array(n * d), new Float64Array(n * d), new Float64Array(n * d)];
    const ss = [state256, new Uint32Array(8), new Uint32Array(8), new Uint32Array(8)];
    for (; q + 4 <= paths; q += 4) {
      for (let l = 0; l < 4; l++) {
        const p = c.firstPath + q + l;
        initialTokensOfPath(c, p, xs[l]);
        seedState256(streamRng(c.seed, [STREAM_NOISE, p]), ss[l]);
      }
      if (wasmPair.layers4(xs, ss, c.beta, entrySd, hg, L) < 0) {
        for (let l = 0; l < 4; l++) {
          const o = (q + l) * n * d;
          for (let a = 0; a < n * d; a++) finalTokens[o + a] = xs[l][a] * scale;
        }
      } else for (let l = 0; l < 4; l++) runPath(q + l);
      for (let l = 1; l <= 4; l++) onPath?.(q + l, paths);
    }
  }
  for (; q < paths; q++) {
    runPath(q);
    onPath?.(q + 1, paths);
  }
  return { config: describeChain(c), finalTokens, finalCosines: null, snapshots: recorder?.snapshots ?? null };
}

function scaledCopy(src: Float64Array, offset: number, length: number, k: number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = src[offset + i] * k;
  return out;
}
