/**
 * Deliberately broken simulators, each with one fault, to prove that the specs have power:
 * every statistical claim must fail on at least one of these (specs/power.test.ts), and the
 * external forms (fixtures/python) must be rejected by the same claims in CI.
 *
 * The implementation is a plain, separate chain (not the reference with switches), so that a
 * fault cannot leak into the reference simulator.
 */
import { fillEntries } from '../rng/entryLaws.js';
import { STREAM_NOISE, streamRng } from '../rng/streams.js';
import { snapshotLayers } from '../simulator/workspace.js';
import { CAPABILITIES, type ChainReply, type ChainRequest, type Simulator } from '../claims/simulatorUnderTest.js';

export const FAULTS = {
  'token-wise-noise': 'each token gets its own value matrix V_k instead of one shared by all tokens',
  'noise-scaled-by-h': 'the noise is scaled by h instead of √h',
  'no-normalization': 'the token-wise normalization is skipped',
  'reused-value-matrix': 'one value matrix is drawn once and reused for every layer',
  'wrong-entry-variance': 'value entries have variance σ² instead of σ²/d',
  'attention-wrong-axis': 'the softmax normalizes over the query axis (columns) instead of the keys (rows)',
  'uniform-wrong-variance': "the 'uniform' entry law is U(−σ/√d, σ/√d), a third of the required variance",
  'sigma-ignored': 'the noise scale σ is ignored: value entries always have variance 1/d, as for σ = 1',
} as const;
export type FaultId = keyof typeof FAULTS;
export const FAULT_IDS = Object.keys(FAULTS) as FaultId[];

/** A simulator with exactly one fault. */
export function faultySimulator(fault: FaultId): Simulator {
  return {
    info: { name: `faulty (${fault})`, version: '0', sphere: 'unit', capabilities: [...CAPABILITIES] },
    async runChain(req) {
      return runFaultyChain(req, fault);
    },
    async close() {},
  };
}

function runFaultyChain(req: ChainRequest, fault: FaultId): ChainReply {
  const { n, d, depth: L, paths } = req;
  const h = req.horizon / L;
  const dd = d * d;
  // The fault's noise scale relative to the correct one, and the per-entry sd of √h·V_k.
  let scale = 1;
  if (fault === 'noise-scaled-by-h') scale = Math.sqrt(h);
  if (fault === 'wrong-entry-variance') scale = Math.sqrt(d);
  if (fault === 'uniform-wrong-variance' && req.law === 'uniform') scale = 1 / Math.sqrt(3);
  const sigma = fault === 'sigma-ignored' ? 1 : req.sigma;
  const sd = (Math.sqrt(h) * sigma * scale) / Math.sqrt(d);
  const copies = fault === 'token-wise-noise' ? n : 1;
  const noise = new Float64Array(copies * dd);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n * d);
  const m = new Float64Array(n * d);
  const w = new Float64Array(n * n);
  const layers = req.snapshotStride ? snapshotLayers(L, req.snapshotStride) : [];
  const snaps = req.snapshotStride ? new Float64Array(paths * layers.length * n * d) : null;
  const out = new Float64Array(paths * n * d);
  const mat = (a: Float64Array | null | undefined, v: Float64Array, o: number, r: Float64Array, ro: number) => {
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (a ? a[i * d + j] : i === j ? 1 : 0) * v[o + j];
      r[ro + i] = s;
    }
  };
  const qx = new Float64Array(n * d);
  const kx = new Float64Array(n * d);
  for (let p = 0; p < paths; p++) {
    const g = streamRng(req.seed, [STREAM_NOISE, p]);
    x.set(req.initialTokens);
    let snap = 0;
    const record = (k: number) => {
      if (snaps && layers[snap] === k) snaps.set(x, (p * layers.length + snap++) * n * d);
    };
    record(0);
    for (let k = 0; k < L; k++) {
      // Noise matrices of this layer (one, or one per token).
      const reuse = fault === 'reused-value-matrix' && k > 0;
      for (let c = 0; c < copies && !reuse; c++) {
        if (req.increments && c === 0) {
          const src = (p * L + k) * dd;
          for (let e = 0; e < dd; e++) noise[e] = req.increments[src + e] * scale;
        } else {
          fillEntries(req.law, g, noise, sigma > 0 ? sd : 0, c * dd, dd);
        }
      }
      for (let i = 0; i < n; i++) {
        mat(req.query, x, i * d, qx, i * d);
        mat(req.key, x, i * d, kx, i * d);
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let a = 0; a < d; a++) s += qx[i * d + a] * kx[j * d + a];
          w[i * n + j] = req.beta * s;
        }
      }
      // Softmax over keys j (rows) — or, with the fault, over queries i (columns).
      const byColumn = fault === 'attention-wrong-axis';
      for (let r = 0; r < n; r++) {
        const at = (t: number) => (byColumn ? t * n + r : r * n + t);
        let mx = -Infinity;
        for (let t = 0; t < n; t++) mx = Math.max(mx, w[at(t)]);
        let z = 0;
        for (let t = 0; t < n; t++) z += w[at(t)] = Math.exp(w[at(t)] - mx);
        for (let t = 0; t < n; t++) w[at(t)] /= z;
      }
      m.fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let a = 0; a < d; a++) m[i * d + a] += w[i * n + j] * x[j * d + a];
      for (let i = 0; i < n; i++) {
        mat(req.valueMatrix, m, i * d, y, i * d);
        const nz = (copies > 1 ? i : 0) * dd;
        for (let a = 0; a < d; a++) {
          let s = 0;
          for (let b = 0; b < d; b++) s += noise[nz + a * d + b] * m[i * d + b];
          y[i * d + a] = x[i * d + a] + h * req.gamma * y[i * d + a] + (sigma > 0 || req.increments ? s : 0);
        }
        let norm = 0;
        for (let a = 0; a < d; a++) norm += y[i * d + a] ** 2;
        const k2 = fault === 'no-normalization' ? 1 : 1 / Math.sqrt(norm);
        for (let a = 0; a < d; a++) x[i * d + a] = y[i * d + a] * k2;
      }
      record(k + 1);
    }
    out.set(x, p * n * d);
  }
  return { finalTokens: out, snapshots: snaps };
}
