/**
 * A plain, loop-by-loop implementation of the discrete chain (docs/model.md#the-discrete-chain),
 * separate from the reference simulator, with switches that each break one thing (`Defects`) and
 * an arithmetic switch (`float32`) that rounds the result of every floating-point operation to
 * binary32 with Math.fround — an emulation of a float32 GPU simulator, used to validate the
 * rounding-error model of src/claims/tolerance.ts and as the "float32 is not a fault" control.
 *
 * Kept apart from src/simulator so that a defect can never leak into the reference.
 *
 * One layer, for tokens x_i on the unit sphere, h = T/L:
 *   A_ij = softmax_j(β⟨Q x_i, K x_j⟩),  m_i = Σ_j A_ij x_j,
 *   y_i = x_i + h·γ·V̄ m_i + ΔW_k m_i,   x_i ← y_i/|y_i|,   ΔW_k = √h·V_k.
 */
import { fillEntries } from '../rng/entryLaws.js';
import { STREAM_NOISE, streamRng } from '../rng/streams.js';
import { snapshotLayers } from '../simulator/workspace.js';
import type { ChainReply, ChainRequest } from '../claims/simulatorUnderTest.js';

/** What a plain chain does differently from the model; every field defaults to "correct". */
export interface Defects {
  /** Each token gets its own V_k instead of one shared by all tokens. */
  tokenWiseNoise?: boolean;
  /** Multiplies every noise entry (√(variance factor)); may depend on h and d. */
  noiseScale?: (h: number, d: number, law: ChainRequest['law']) => number;
  /** Skip x ← y/|y|. */
  noNormalization?: boolean;
  /** Draw V_0 once and reuse it for every layer. */
  reuseValueMatrix?: boolean;
  /** Normalize the softmax over the query axis (columns) instead of the keys. */
  softmaxOverQueries?: boolean;
  /** Causal attention: token i attends only to tokens j ≤ i (a decoder's mask, wrong for this model). */
  causalAttention?: boolean;
  /** Exponentiate the raw logits (no max subtraction): overflows in float32 for logits > 88.7. */
  noMaxSubtraction?: boolean;
  /** The step is T/(L + stepOffset) instead of T/L. */
  stepOffset?: number;
  /** Runs L + layerOffset layers with the step T/L. */
  layerOffset?: number;
  /** Multiplies β. */
  betaFactor?: number;
  /** Multiplies the drift h·γ·V̄ m. */
  driftFactor?: number;
  /** Draw entries of variance 1/d whatever σ is (as for σ = 1). */
  ignoreSigma?: boolean;
  /** Round every operation to binary32 (Math.fround). */
  float32?: boolean;
}

const exact = (v: number) => v;

/** Runs `req` with the given defects. Noise of path p is drawn from stream (seed, [noise, p]). */
export function runPlainChain(req: ChainRequest, defects: Defects = {}): ChainReply {
  const { n, d, paths } = req;
  const r = defects.float32 ? Math.fround : exact;
  const layersRun = Math.max(0, req.depth + (defects.layerOffset ?? 0));
  const h = req.horizon / (req.depth + (defects.stepOffset ?? 0));
  const beta = r(req.beta * (defects.betaFactor ?? 1));
  const drift = r(h * req.gamma * (defects.driftFactor ?? 1));
  const dd = d * d;
  const scale = defects.noiseScale?.(h, d, req.law) ?? 1;
  const sigma = defects.ignoreSigma ? 1 : req.sigma;
  const sd = (Math.sqrt(h) * sigma * scale) / Math.sqrt(d);
  const copies = defects.tokenWiseNoise ? n : 1;
  const noise = new Float64Array(copies * dd);
  const round = (a: Float64Array | null | undefined) => (a ? a.map(r) : null);
  const [query, key, valueMatrix] = [round(req.query), round(req.key), round(req.valueMatrix)];
  const x = new Float64Array(n * d);
  const y = new Float64Array(n * d);
  const m = new Float64Array(n * d);
  const qx = new Float64Array(n * d);
  const kx = new Float64Array(n * d);
  const w = new Float64Array(n * n);
  const snapAt = req.snapshotStride ? snapshotLayers(req.depth, req.snapshotStride) : [];
  const snaps = req.snapshotStride ? new Float64Array(paths * snapAt.length * n * d) : null;
  const out = new Float64Array(paths * n * d);
  /** res[ro..ro+d) = a·v[o..o+d) (a = null: the identity), rounded per operation. */
  const mat = (a: Float64Array | null, v: Float64Array, o: number, res: Float64Array, ro: number) => {
    for (let i = 0; i < d; i++) {
      if (!a) {
        res[ro + i] = v[o + i];
        continue;
      }
      let s = 0;
      for (let j = 0; j < d; j++) s = r(s + r(a[i * d + j] * v[o + j]));
      res[ro + i] = s;
    }
  };
  for (let p = 0; p < paths; p++) {
    const g = streamRng(req.seed, [STREAM_NOISE, p]);
    for (let k = 0; k < n * d; k++) x[k] = r(req.initialTokens[k]);
    let snap = 0;
    const record = (k: number) => {
      if (snaps && snapAt[snap] === k) snaps.set(x, (p * snapAt.length + snap++) * n * d);
    };
    record(0);
    for (let k = 0; k < layersRun; k++) {
      const reuse = defects.reuseValueMatrix && k > 0;
      for (let c = 0; c < copies && !reuse; c++) {
        if (req.increments && c === 0 && k < req.depth) {
          const src = (p * req.depth + k) * dd;
          for (let e = 0; e < dd; e++) noise[e] = r(req.increments[src + e] * scale);
        } else {
          fillEntries(req.law, g, noise, sigma > 0 ? sd : 0, c * dd, dd);
          for (let e = c * dd; e < (c + 1) * dd; e++) noise[e] = r(noise[e]);
        }
      }
      for (let i = 0; i < n; i++) {
        mat(query, x, i * d, qx, i * d);
        mat(key, x, i * d, kx, i * d);
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let a = 0; a < d; a++) s = r(s + r(qx[i * d + a] * kx[j * d + a]));
          w[i * n + j] = r(beta * s);
        }
      }
      softmax(w, n, r, defects);
      m.fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let a = 0; a < d; a++) m[i * d + a] = r(m[i * d + a] + r(w[i * n + j] * x[j * d + a]));
      const noisy = sigma > 0 || !!req.increments;
      for (let i = 0; i < n; i++) {
        mat(valueMatrix, m, i * d, y, i * d);
        const nz = (copies > 1 ? i : 0) * dd;
        for (let a = 0; a < d; a++) {
          let s = 0;
          if (noisy) for (let b = 0; b < d; b++) s = r(s + r(noise[nz + a * d + b] * m[i * d + b]));
          y[i * d + a] = r(r(x[i * d + a] + r(drift * y[i * d + a])) + s);
        }
        let norm2 = 0;
        for (let a = 0; a < d; a++) norm2 = r(norm2 + r(y[i * d + a] * y[i * d + a]));
        const inv = defects.noNormalization ? 1 : r(1 / r(Math.sqrt(norm2)));
        for (let a = 0; a < d; a++) x[i * d + a] = r(y[i * d + a] * inv);
      }
      record(k + 1);
    }
    while (snaps && snap < snapAt.length) record(snapAt[snap]);
    out.set(x, p * n * d);
  }
  return { finalTokens: out, snapshots: snaps, ...(defects.float32 ? { precision: 'float32' as const } : {}) };
}

/** Row softmax of the n×n logits in place (over the keys j, or with the defect over the queries). */
function softmax(w: Float64Array, n: number, r: (v: number) => number, defects: Defects): void {
  for (let row = 0; row < n; row++) {
    const at = (t: number) => (defects.softmaxOverQueries ? t * n + row : row * n + t);
    if (defects.causalAttention) for (let t = row + 1; t < n; t++) w[at(t)] = -Infinity;
    let mx = -Infinity;
    for (let t = 0; t < n; t++) mx = Math.max(mx, w[at(t)]);
    if (defects.noMaxSubtraction) mx = 0;
    let z = 0;
    for (let t = 0; t < n; t++) z = r(z + (w[at(t)] = r(Math.exp(r(w[at(t)] - mx)))));
    for (let t = 0; t < n; t++) w[at(t)] = r(w[at(t)] / z);
  }
}
