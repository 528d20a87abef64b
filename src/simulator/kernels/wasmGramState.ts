/**
 * The general-n Gram-state layers (./gramState.ts `GramState`) with their products in WebAssembly
 * f64x2 lanes (assembly/gramState.ts) and their exponentials and variates in JS (Math.exp via
 * ./gram.ts symmetricExponentials, and the caller's draw): the same bits as the JS layer, draw for
 * draw. Per layer one call into the module: A, M = A C, the new rows, their Gram matrix, its
 * Cholesky factor, and the cosines C Cᵀ whose exponentials the next layer needs.
 */
import type { Xoshiro128 } from '../../rng/xoshiro128.js';
import { scratchMemory } from '../wasm/module.js';
import { symmetricExponentials } from './gram.js';

/**
 * Draws a layer's variates: Z (r×r) into out[zo …] and the Bartlett factor R (k'×r, row stride r)
 * into out[ro …], both times the noise scale; returns k'.
 */
export type DrawSpanNoise = (g: Xoshiro128, r: number, out: Float64Array, zo: number, ro: number) => number;

/** Byte offsets of the module's buffers (assembly/gramState.ts layout). */
interface Layout {
  c: number;
  ct: number;
  s: number;
  e: number;
  at: number;
  mt: number;
  yt: number;
  g: number;
  z: number;
  r: number;
  v: number;
  p: number;
  bytes: number;
}

function layout(n: number): Layout {
  const N = (n + 1) & ~1;
  const sizes: [keyof Layout, number][] = [
    ['c', n * N], ['ct', N * N], ['s', n * N], ['e', n * N], ['at', n * N], ['mt', N * N], ['yt', 2 * n * N], ['g', n * N],
    ['z', n * n], ['r', n * n], ['v', N], ['p', N],
  ];
  const l = {} as Layout;
  let at = 0;
  for (const [k, size] of sizes) {
    l[k] = at;
    at += 8 * size;
  }
  l.bytes = at;
  return l;
}

/** Layers of one n-token Gram state in WebAssembly; one instance per (n, d). */
export class WasmGramLayers {
  /** Rank after the last `layers` call. */
  rank = 0;
  private readonly N: number;
  private readonly at: Layout;

  constructor(
    private readonly n: number,
    private readonly d: number,
    private readonly beta: number,
    private readonly hg: number,
    private readonly tol: number,
  ) {
    this.N = (n + 1) & ~1;
    this.at = layout(n);
    scratchMemory(this.at.bytes);
  }

  /**
   * Run `count` layers from coordinates C (n×n, row stride n, `rank` columns in use), drawing from
   * g through `draw`; C and `this.rank` are updated. Returns the index of a failed layer (a zero
   * or non-finite row; C then holds the last good state) or −1.
   */
  layers(C: Float64Array, rank: number, g: Xoshiro128, count: number, draw: DrawSpanNoise): number {
    const { n, d, N, at } = this;
    // The scratch base is 16-byte aligned, and so is every buffer before Z (N is even).
    const { ex, base: b, f64: F } = scratchMemory(at.bytes);
    const p = (k: keyof Layout) => b + at[k];
    const [cp, ctp, sp, ep, atp, mtp, ytp, gp, zp, rp, vp, pp] = (['c', 'ct', 's', 'e', 'at', 'mt', 'yt', 'g', 'z', 'r', 'v', 'p'] as const).map(p);
    // Padding lanes must be finite: start from zeros.
    F.fill(0, b >> 3, (b + at.bytes) >> 3);
    for (let i = 0; i < n; i++) F.set(C.subarray(i * n, i * n + n), (cp >> 3) + i * N);
    ex.gramStateCosines(cp, ctp, sp, n, rank);
    let bad = -1;
    for (let l = 0; l < count; l++) {
      symmetricExponentials(F, sp >> 3, F, ep >> 3, n, N, this.beta);
      const kp = draw(g, rank, F, zp >> 3, rp >> 3);
      const next = ex.gramStateLayer(cp, ctp, sp, ep, atp, mtp, zp, rp, ytp, gp, vp, pp, n, rank, kp, this.hg, Math.min(n, d), this.tol);
      if (next < 0) {
        bad = l;
        break;
      }
      rank = next;
    }
    // On failure C was not touched by the failed layer (it writes C only after the row check).
    for (let i = 0; i < n; i++) C.set(F.subarray((cp >> 3) + i * N, (cp >> 3) + i * N + n), i * n);
    this.rank = rank;
    return bad;
  }
}
