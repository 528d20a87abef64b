/**
 * Loader of the WebAssembly kernels (assembly/pair.ts with gram.ts and pairGramState.ts, built by
 * `npm run build` into dist/wasm/pair.wasm), their shared scratch memory, and the generator of the
 * pair kernel. Loaded synchronously on first use (fs + WebAssembly.Module), once per thread, so
 * runChain stays synchronous and worker threads load their own instance. The kernels' JS faces are
 * ../kernels/wasmPair.ts and ../kernels/wasmGram.ts.
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
import { ZIG_X, ZIG_XB, ZIG_XS } from '../../rng/normal.js';
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

/** The exports of the compiled kernels module. */
export interface KernelExports {
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
  pairGramState4(stp: number, sp: number, zp: number, up: number, lanes: number, beta: number, sd: number, hg: number, k1: number, c1: number, kk1: number, k2: number, c2: number, kk2: number, layers: number): number;
  chiPairs(sp: number, out: number, pairs: number, dof: number, c: number, k: number): void;
  gramStateCosines(cp: number, ctp: number, sp: number, n: number, r: number): void;
  gramStateLayer(cp: number, ctp: number, sp: number, ep: number, atp: number, mtp: number, zp: number, rp: number, ytp: number, gp: number, vp: number, pp: number, n: number, r: number, kp: number, hg: number, maxRank: number, tol: number): number;
}

let wasm: KernelExports | null = null;
let heap = 0;
let f64: Float64Array = new Float64Array(0);
let u32: Uint32Array = new Uint32Array(0);

/** The path of the compiled kernel (dist/wasm/pair.wasm under the package root). */
export function pairWasmPath(): string {
  return join(packageInfo().root, 'dist', 'wasm', 'pair.wasm');
}

function exportsOf(): KernelExports {
  if (wasm) return wasm;
  const path = pairWasmPath();
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new Error(`the WebAssembly pair kernel ${path} is missing: run \`npm run build\``);
  }
  const inst = new WA.Instance(new WA.Module(bytes), {});
  const ex = inst.exports as unknown as KernelExports;
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

/** The scratch memory after the heap base, as typed views (valid until the next `scratch`). */
export interface Scratch {
  ex: KernelExports;
  /** Byte offset of the scratch area. */
  base: number;
  f64: Float64Array;
  u32: Uint32Array;
}

/** Make room for `bytes` of scratch after the heap base and return it with fresh views. */
export function scratchMemory(bytes: number): Scratch {
  const ex = scratch(bytes);
  return { ex, base: heap, f64, u32 };
}

/** Make room for `bytes` of scratch after the heap base; refresh the views. */
function scratch(bytes: number): KernelExports {
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
 * `2·pairs` χ_dof variates (dof ≥ 1) drawn as the pair Gram-state kernel draws them, from two
 * xoshiro256** states (`states`: 16 words, updated in place), interleaved lane 0, lane 1: its
 * statistical tests' hook. `c`, `k`: the gamma shape constants of χ²_dof (gamma.ts).
 */
export function wasmChi(states: Uint32Array, pairs: number, dof: number, c: number, k: number): Float64Array {
  const ex = scratch(64 + 16 * pairs);
  const sp = heap;
  const op = heap + 64;
  u32.set(states, sp >> 2);
  ex.chiPairs(sp, op, pairs, dof, c, k);
  states.set(u32.subarray(sp >> 2, (sp >> 2) + 16));
  return f64.slice(op >> 3, (op >> 3) + 2 * pairs);
}
