/**
 * The WebAssembly pair kernel (projected sampling, n = 2, Q = K = I): assembly/pair.ts, whose
 * header has the algebra, generator and memory layout. With s = x₁ + x₂ and t = x₁ − x₂ (s ⟂ t
 * for unit tokens) the means are (s ± δt)/2 with δ = tanh(β|t|²/4), V s and V t are independent,
 * and the layer noise is A z₀ ± B z₁ with A = sd·|s|/2, B = sd·δ|t|/2, sd = σ√h/√d: one
 * exponential and 2d normals per layer. Identical tokens (t = 0) get exactly equal noise and an
 * antipodal pair (s = 0) exactly opposite noise.
 *
 * The normals are not those of fillNormal: the path's generator is xoshiro256** with the 256-bit
 * state s_k = o_{2k} + 2³²·o_{2k+1} (k = 0 … 3) from the first 8 32-bit outputs o of stream
 * (seed, [NOISE, p]) (`seedState256`); each layer draws z₀ then z₁ (d each) by the ziggurat with
 * one 64-bit output per normal (../wasm/module.ts). Without snapshots and with V̄ = I, four paths
 * run at once in SIMD lanes, each with the bits it gets alone.
 */
import { scratchMemory, seedState256 } from '../wasm/module.js';
import { STREAM_NOISE, streamRng } from '../../rng/streams.js';
import { drawsProjected, plainAttention, type LayerKernel } from './kernel.js';
import { noiseSdOf } from './projected.js';
import { runTokenPaths } from './tokenPaths.js';

/**
 * The pair kernel of one chain configuration (n = 2, Q = K = I): tokens dimension d, V̄ (null:
 * identity). `layers(x, state, …)` runs layers in place on x (2d numbers) with the path's
 * generator state (8 words, updated).
 */
export class WasmPairKernel {
  private readonly d: number;
  private readonly vbar: Float64Array | null;
  private readonly bytes: number;

  constructor(d: number, vbar: Float64Array | null) {
    this.d = d;
    this.vbar = vbar;
    // layers:  state 32 | x 16d | z 16d | m 16d | V̄ 8d²
    // layers4: states 128 | x 64d | z 1024d (16 layers of 2d normals for 4 paths)
    this.bytes = Math.max(32 + 48 * d + (vbar ? 8 * d * d : 0), 128 + 1088 * d);
    scratchMemory(this.bytes);
  }

  /** `count` layers of path x: −1, or 2·layer + token of the first bad token (layer from 0). */
  layers(x: Float64Array, state: Uint32Array, beta: number, sd: number, hg: number, count: number): number {
    const d = this.d;
    const { ex, base: heap, f64, u32 } = scratchMemory(this.bytes);
    const sp = heap;
    const xp = sp + 32;
    const zp = xp + 16 * d;
    const mp = zp + 16 * d;
    let vp = 0;
    if (this.vbar) {
      vp = mp + 16 * d;
      f64.set(this.vbar, vp >> 3);
    }
    u32.set(state, sp >> 2);
    f64.set(x, xp >> 3);
    const r = ex.pairPath(xp, sp, zp, mp, vp, d, beta, sd, hg, count);
    x.set(f64.subarray(xp >> 3, (xp >> 3) + 2 * d));
    state.set(u32.subarray(sp >> 2, (sp >> 2) + 8));
    return r;
  }

  /**
   * Four paths at once (V̄ = I only): xs[i] with states ss[i], each path getting exactly the bits
   * of `layers`. Returns −1, or 0 when some token went bad (then tokens and states are undefined:
   * rerun the paths one by one to report the first failure).
   */
  layers4(xs: readonly Float64Array[], ss: readonly Uint32Array[], beta: number, sd: number, hg: number, count: number): number {
    const d = this.d;
    const { ex, base: heap, f64, u32 } = scratchMemory(this.bytes);
    const sp = heap;
    const xp = sp + 128;
    const zp = xp + 64 * d;
    const o = xp >> 3;
    for (let l = 0; l < 4; l++) {
      u32.set(ss[l], (sp >> 2) + 8 * l);
      const x = xs[l];
      for (let a = 0; a < 2 * d; a++) f64[o + 4 * a + l] = x[a];
    }
    const r = ex.pairPath4(xp, sp, zp, d, beta, sd, hg, count);
    for (let l = 0; l < 4; l++) {
      const x = xs[l];
      for (let a = 0; a < 2 * d; a++) x[a] = f64[o + 4 * a + l];
      ss[l].set(u32.subarray((sp >> 2) + 8 * l, (sp >> 2) + 8 * l + 8));
    }
    return r;
  }
}

export const wasmPairKernel: LayerKernel = {
  name: 'wasm pair',
  contract: {
    kind: 'same-law',
    as: 'matrix',
    statement: 'the law of the matrix kernel with Gaussian entries, for two tokens (its own generator: different bits)',
    example: { n: 2, d: 4, depth: 12, horizon: 1, beta: 1.5, gamma: 0.3, sampling: 'projected', initialTokens: [[1, 0, 0, 0], [0.6, 0.8, 0, 0]] },
  },
  applies: (c) => drawsProjected(c) && c.n === 2 && plainAttention(c),
  run(c, onPath) {
    const hg = (c.horizon / c.depth) * c.gamma;
    const sd = noiseSdOf(c);
    const k = new WasmPairKernel(c.d, c.valueMatrix);
    const state = new Uint32Array(8);
    const states = [state, new Uint32Array(8), new Uint32Array(8), new Uint32Array(8)];
    return runTokenPaths(
      c,
      {
        start(_p, _q, g) {
          seedState256(g!, state);
        },
        layers: (x, _k, count) => k.layers(x, state, c.beta, sd, hg, count),
        layers4:
          c.valueMatrix === null
            ? (xs, ps) => {
                for (let l = 0; l < 4; l++) seedState256(streamRng(c.seed, [STREAM_NOISE, ps[l]]), states[l]);
                return k.layers4(xs, states, c.beta, sd, hg, c.depth) < 0;
              }
            : undefined,
      },
      onPath,
    );
  },
};
