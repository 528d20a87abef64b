/**
 * Loader and JS face of the WebAssembly pair kernel (assembly/pair.ts, built by `npm run build`
 * into dist/wasm/pair.wasm). Loaded synchronously on first use (fs + WebAssembly.Module), once
 * per thread, so runChain stays synchronous and worker threads load their own instance.
 *
 * Generator: xoshiro256** (Blackman & Vigna, ACM TOMS 47(4), 2021), 256-bit state, one 64-bit
 * output per standard normal (ziggurat: bits 0–7 layer, bit 8 sign, bits 12–63 the 52-bit
 * abscissa; the tables of src/rng/normal.ts). The state of a path is seeded from its JS stream
 * generator (streamRng(seed, [NOISE, p]), xoshiro128**): its first 8 32-bit outputs o₀ … o₇ give
 * the 64-bit words s_k = o_{2k} + 2³²·o_{2k+1} (an all-zero state, probability 2^-256, becomes
 * s₀ = 1). So a path's bits still depend only on its own stream address.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageInfo } from '../../util/version.js';
import { fillNormal, ZIG_X, ZIG_XB, ZIG_XS } from '../../rng/normal.js';
import type { Xoshiro128 } from '../../rng/xoshiro128.js';

/** The slice of the WebAssembly JS API used here (the project's lib has no DOM/wasm types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface PairExports {
  memory: WasmMemory;
  tables(): number;
  heapBase(): number;
  fillNormals(sp: number, out: number, count: number): void;
  fillRaw(sp: number, out: number, count: number): void;
  pairPath(xp: number, sp: number, zp: number, mp: number, vp: number, d: number, beta: number, sd: number, hg: number, layers: number): number;
  pairPath4(xp: number, sp: number, zp: number, d: number, beta: number, sd: number, hg: number, layers: number): number;
  gramTokens(xp: number, xtp: number, cp: number, n: number, d: number): void;
  gramCholesky(ap: number, atp: number, cp: number, pp: number, lp: number, n: number, tol: number): number;
  gramNoise(xp: number, lp: number, zp: number, n: number, d: number): number;
}

let wasm: PairExports | null = null;
let heap = 0;
let f64: Float64Array = new Float64Array(0);
let u32: Uint32Array = new Uint32Array(0);

/** The path of the compiled kernel (dist/wasm/pair.wasm under the package root). */
export function pairWasmPath(): string {
  return join(packageInfo().root, 'dist', 'wasm', 'pair.wasm');
}

function exportsOf(): PairExports {
  if (wasm) return wasm;
  const path = pairWasmPath();
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new Error(`the WebAssembly pair kernel ${path} is missing: run \`npm run build\``);
  }
  const inst = new WA.Instance(new WA.Module(bytes), {});
  const ex = inst.exports as unknown as PairExports;
  // Ziggurat tables, exactly those of the JS ziggurat (normal.ts).
  const t = new Float64Array(ex.memory.buffer, ex.tables(), 512 + 512 + 258 + 258);
  t.set(ZIG_XS, 0);
  t.set(ZIG_XB, 512);
  t.set(ZIG_X, 1024);
  for (let i = 0; i <= 256; i++) t[1024 + 258 + i] = Math.exp(-0.5 * ZIG_X[i] * ZIG_X[i]);
  heap = (ex.heapBase() + 15) & ~15;
  wasm = ex;
  return ex;
}

/** Make room for `bytes` of scratch after the heap base; refresh the views. */
function scratch(bytes: number): PairExports {
  const ex = exportsOf();
  const need = heap + bytes;
  const have = ex.memory.buffer.byteLength;
  if (need > have) ex.memory.grow(Math.ceil((need - have) / 65536));
  if (f64.buffer !== ex.memory.buffer) {
    f64 = new Float64Array(ex.memory.buffer);
    u32 = new Uint32Array(ex.memory.buffer);
  }
  return ex;
}

/** The 256-bit xoshiro256** state (8 words, low half first) of the generator seeded from g. */
export function seedState256(g: Xoshiro128, out: Uint32Array = new Uint32Array(8)): Uint32Array {
  let any = 0;
  for (let k = 0; k < 8; k++) {
    out[k] = g.nextUint32();
    any |= out[k];
  }
  if (any === 0) out[0] = 1;
  return out;
}

/**
 * `count` standard normals from xoshiro256** state `state` (updated in place) by the wasm
 * ziggurat: the generator of the pair kernel, exposed for its statistical tests and the
 * benchmark. Written into `out` when given (no allocation), else into a new array.
 */
export function wasmNormals(state: Uint32Array, count: number, out?: Float64Array): Float64Array {
  const ex = scratch(32 + 8 * count);
  const sp = heap;
  const op = heap + 32;
  u32.set(state, sp >> 2);
  ex.fillNormals(sp, op, count);
  state.set(u32.subarray(sp >> 2, (sp >> 2) + 8));
  const src = f64.subarray(op >> 3, (op >> 3) + count);
  if (out) {
    out.set(src);
    return out;
  }
  return src.slice();
}

/** `count` raw 64-bit outputs of xoshiro256** from `state` (updated in place), for tests. */
export function xoshiro256Outputs(state: Uint32Array, count: number): bigint[] {
  const ex = scratch(32 + 8 * count);
  const sp = heap;
  const op = heap + 32;
  u32.set(state, sp >> 2);
  ex.fillRaw(sp, op, count);
  state.set(u32.subarray(sp >> 2, (sp >> 2) + 8));
  const out: bigint[] = [];
  for (let k = 0; k < count; k++) out.push(BigInt(u32[(op >> 2) + 2 * k]) + (BigInt(u32[(op >> 2) + 2 * k + 1]) << 32n));
  return out;
}

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
    scratch(this.bytes);
  }

  /** `count` layers of path x: −1, or 2·layer + token of the first bad token (layer from 0). */
  layers(x: Float64Array, state: Uint32Array, beta: number, sd: number, hg: number, count: number): number {
    const d = this.d;
    const ex = scratch(this.bytes);
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
    const ex = scratch(this.bytes);
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

/**
 * kernels.ts `gramLayer` with h·γ = 0, its products in WebAssembly f64x2 lanes (assembly/gram.ts)
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
    scratch(this.bytes);
  }

  layer(x: Float64Array, beta: number, sd: number, g: Xoshiro128, tol: number): number {
    const n = this.n;
    const d = this.d;
    const N = (n + 1) & ~1;
    const ex = scratch(this.bytes);
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
    // Attention weights: symmetric exponentials (as kernels.ts); gramCholesky normalizes the rows.
    const c0 = cp >> 3;
    const a0 = ap >> 3;
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const e = Math.exp(beta * (F[c0 + i * N + j] - 1));
        F[a0 + i * N + j] = e;
        F[a0 + j * N + i] = e;
      }
    }
    if (ex.gramCholesky(ap, atp, cp, pp, lp, n, tol) !== 0) return -2;
    fillNormal(g, F, sd, zp >> 3, n * d);
    const r = ex.gramNoise(xp, lp, zp, n, d);
    x.set(F.subarray(xp >> 3, (xp >> 3) + n * d));
    return r;
  }
}
