/**
 * The WebAssembly Gram kernel: the Gram kernel's layer (./gram.ts) without drift (h·γ = 0), its
 * products in WebAssembly f64x2 lanes (assembly/gram.ts) and its exponentials and normals in JS:
 * the same bits as ./gram.ts, and the same Gram–Schmidt fallback (./projected.ts) on an
 * ill-conditioned layer.
 */
import { fillNormal } from '../../rng/normal.js';
import type { Xoshiro128 } from '../../rng/xoshiro128.js';
import { scratchMemory } from '../wasm/module.js';
import { Workspace } from '../workspace.js';
import type { LayerKernel } from './kernel.js';
import { GRAM_FALLBACK, gramDomain, PIVOT_TOLERANCE, symmetricExponentials } from './gram.js';
import { noiseSdOf, projectedLayer, runProjected } from './projected.js';

/**
 * ./gram.ts `gramLayer` with h·γ = 0, its products in WebAssembly f64x2 lanes (assembly/gram.ts)
 * and its exponentials and normals in JS (Math.exp, fillNormal): the same bits, the same draws,
 * the same return values (−1, a bad token, or −2 = GRAM_FALLBACK with x untouched and nothing
 * drawn). One instance per chain configuration (n, d).
 */
export class WasmGramKernel {
  private readonly n: number;
  private readonly d: number;
  private readonly bytes: number;

  constructor(n: number, d: number) {
    this.n = n;
    this.d = d;
    const N = (n + 1) & ~1;
    // X n·d | XT d·N | C, A, AT, P, L n·N each | Z n·d
    this.bytes = 8 * (2 * n * d + d * N + 5 * n * N) + 16;
    scratchMemory(this.bytes);
  }

  layer(x: Float64Array, beta: number, sd: number, g: Xoshiro128, tol: number): number {
    const n = this.n;
    const d = this.d;
    const N = (n + 1) & ~1;
    const { ex, base: heap, f64 } = scratchMemory(this.bytes);
    const xp = heap;
    const xtp = xp + 8 * n * d;
    const cp = xtp + 8 * d * N;
    const ap = cp + 8 * n * N;
    const atp = ap + 8 * n * N;
    const pp = atp + 8 * n * N;
    const lp = pp + 8 * n * N;
    const zp = lp + 8 * n * N;
    const F = f64;
    F.set(x, xp >> 3);
    ex.gramTokens(xp, xtp, cp, n, d);
    // Attention weights: symmetric exponentials on rows of stride N; gramCholesky normalizes the rows.
    symmetricExponentials(F, cp >> 3, F, ap >> 3, n, N, beta);
    if (ex.gramCholesky(ap, atp, cp, pp, lp, n, tol) !== 0) return -2;
    fillNormal(g, F, sd, zp >> 3, n * d);
    const r = ex.gramNoise(xp, lp, zp, n, d);
    x.set(F.subarray(xp >> 3, (xp >> 3) + n * d));
    return r;
  }
}

export const wasmGramKernel: LayerKernel = {
  name: 'wasm gram',
  contract: {
    kind: 'same-bits',
    as: 'gram',
    statement: 'the bits of the Gram kernel run without drift, layer by layer, including its fallbacks',
    example: { n: 7, d: 10, depth: 30, beta: 1.5, paths: 5, seed: 3, sampling: 'projected' },
  },
  applies: (c) => gramDomain(c) && (c.horizon / c.depth) * c.gamma === 0,
  run(c, onPath) {
    const h = c.horizon / c.depth;
    const sd = noiseSdOf(c);
    const ws = new Workspace(c.n, c.d);
    const k = new WasmGramKernel(c.n, c.d);
    return runProjected(
      c,
      (x, g) => {
        const r = k.layer(x, c.beta, sd, g, PIVOT_TOLERANCE);
        return r !== GRAM_FALLBACK ? r : projectedLayer(x, c, h, sd, g, ws);
      },
      onPath,
    );
  },
};
