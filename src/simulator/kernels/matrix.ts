/**
 * The matrix kernel: the definition of the discrete chain (docs/model.md#the-discrete-chain),
 * one layer per step with the whole d×d value matrix,
 *
 *   A = softmax_j(β⟨Q x_i, K x_j⟩),  m_i = Σ_j A_ij x_j,
 *   y_i = x_i + h·γ·V̄ m_i + √h·V_k m_i,  x_i ← y_i/|y_i|.
 *
 * Noise: seeded runs draw the d² entries of V_k per layer, row-major, from the entry law
 * (`fillEntries`) on the path's NOISE stream; explicit noise (increments ΔW_k = √h·V_k or value
 * matrices V_k) is used as given; σ = 0 draws nothing. Applies to every configuration the other
 * kernels do not take (it is last in the table): any entry law, Q and K, explicit noise, σ = 0.
 */
import { fillEntries } from '../../rng/entryLaws.js';
import type { ResolvedChain, ResolvedModel } from '../config.js';
import { matVec } from '../attention.js';
import { rmsNormalize } from '../tokens.js';
import { Workspace } from '../workspace.js';
import type { LayerKernel } from './kernel.js';
import { layerByLayer, runTokenPaths } from './tokenPaths.js';

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

export const matrixKernel: LayerKernel = {
  name: 'matrix',
  contract: { kind: 'definition', statement: 'the discrete chain as defined, with the whole value matrix of every layer' },
  applies: (c) => c.sampling !== 'gram-state',
  run(c: ResolvedChain, onPath) {
    const { n, d, depth: L } = c;
    const h = c.horizon / L;
    const sqrtH = Math.sqrt(h);
    const entrySd = (sqrtH * c.sigma) / Math.sqrt(d);
    const ws = new Workspace(n, d);
    let g: Parameters<typeof fillEntries>[1] | null = null;
    let noise: Float64Array | null = null;
    let base = 0;
    const layer = (x: Float64Array, k: number): number => {
      let off = 0;
      if (g) fillEntries(c.law, g, ws.noise, entrySd);
      else if (c.noise) off = base + k * d * d;
      return chainLayer(x, c, h, noise, off, ws);
    };
    return runTokenPaths(
      c,
      {
        start(_p, q, rng) {
          g = rng;
          noise = null;
          base = 0;
          if (c.noise) {
            // Value matrices V_k enter a layer as √h·V_k: scale this path's block once, not per layer.
            noise = c.noise.kind === 'values' ? scaledCopy(c.noise.data, q * L * d * d, L * d * d, sqrtH) : c.noise.data;
            base = c.noise.kind === 'values' ? 0 : q * L * d * d;
          } else if (rng) {
            noise = ws.noise;
          }
        },
        layers: layerByLayer(n, layer),
      },
      onPath,
    );
  },
};

function scaledCopy(src: Float64Array, offset: number, length: number, k: number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = src[offset + i] * k;
  return out;
}
