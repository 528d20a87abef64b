/**
 * The discrete chain (MODEL.md "The discrete chain"): one Transformer layer per step,
 *
 *   A = softmax_j(β⟨Q x_i, K x_j⟩),  m_i = Σ_j A_ij x_j,
 *   y_i = x_i + h·γ·V̄ m_i + √h·V_k m_i,  x_i ← y_i/|y_i|,
 *
 * with h = T/L and one value matrix V_k (entries of variance σ²/d) per layer, shared by all tokens.
 * Path p draws its initial tokens from stream (seed, [INIT, p]) and its value matrices, layer by
 * layer and row-major, from stream (seed, [NOISE, p]): a path's bits do not depend on how many
 * paths are run together, nor in which order.
 *
 * @example
 * const r = runChain({ n: 2, d: 3, depth: 200, beta: 1, seed: 7 });
 * r.finalTokens; // Float64Array of paths·n·d numbers on the unit sphere
 */
import { NumericalError } from '../util/errors.js';
import { fillEntries } from '../rng/entryLaws.js';
import { STREAM_INIT, STREAM_NOISE, streamRng } from '../rng/streams.js';
import type { Xoshiro128 } from '../rng/xoshiro128.js';
import { describeModel, resolveChain, type ChainConfig, type ResolvedChain, type ResolvedModel } from './config.js';
import { matVec } from './attention.js';
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
  const entrySd = (sqrtH * c.sigma) / Math.sqrt(d);

  for (let q = 0; q < paths; q++) {
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
      if (g) fillEntries(c.law, g, ws.noise, entrySd);
      else if (c.noise) off = base + k * d * d;
      const bad = chainLayer(x, c, h, noise, off, ws);
      if (bad >= 0) {
        throw new NumericalError(
          `non-finite or zero token ${bad} at layer ${k + 1} of path ${p} (check the size of beta, sigma, gamma and the matrices)`,
        );
      }
      recorder?.maybeRecord(q, k + 1, x);
    }
    for (let a = 0; a < n * d; a++) finalTokens[q * n * d + a] = x[a] * scale;
    onPath?.(q + 1, paths);
  }
  return { config: { ...describeModel(c), depth: L, law: c.law, noise: c.noise ? c.noise.kind : 'seeded' }, finalTokens, snapshots: recorder?.snapshots ?? null };
}

function scaledCopy(src: Float64Array, offset: number, length: number, k: number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = src[offset + i] * k;
  return out;
}
