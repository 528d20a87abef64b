/**
 * WebAssembly kernel of the n = 2 projected pair layer with Q = K = I (AssemblyScript; built by
 * `npm run build` into dist/wasm/pair.wasm, loaded by src/simulator/wasm/module.ts, driven by
 * src/simulator/kernels/wasmPair.ts, whose header documents the stream layout).
 *
 * Algebra: with s = x₁ + x₂ and t = x₁ − x₂ (s ⟂ t for unit tokens) the two attention means are
 * (s ± δt)/2, δ = tanh(β|t|²/4), and V s, V t are independent, so the layer noise is A z₁ ± B z₂,
 * A = sd·|s|/2, B = sd·δ|t|/2: one exponential (a Taylor series when β|t|²/2 < 0.1), 2d normals.
 *
 * Normals: xoshiro256** and the ziggurat of assembly/ziggurat.ts (one 64-bit output per normal);
 * δ by the branch-free polynomial of assembly/tanhHalf.ts.
 *
 * Kernels: `pairPath` runs layers of one path (state in locals, normals drawn per layer);
 * `pairPath4` runs four paths in the lanes of two f64x2 vectors, drawing the normals of 16
 * layers path by path first (one generator's state in registers at a time: no spills) — every
 * lane does exactly pairPath's operations in the same order (wasm has no fused or reassociated
 * arithmetic), so a path's bits do not depend on how paths are grouped.
 *
 * This file is the module's entry: its exports, and those re-exported at its end (assembly/gram.ts,
 * assembly/pairGramState.ts, assembly/gramState.ts), are the exports of dist/wasm/pair.wasm.
 */

import { TAB, nextMem, normalMem, fillStrided } from './ziggurat';
import { tanhHalf, tanhHalfV } from './tanhHalf';

/** Address of the tables (for the loader). */
export function tables(): usize {
  return TAB;
}

/** First free byte after the static data (the loader's scratch starts here). */
export function heapBase(): usize {
  return __heap_base;
}

/** count raw 64-bit outputs of the generator at sp into out (for the reference-output test). */
export function fillRaw(sp: usize, out: usize, count: i32): void {
  for (let k = 0; k < count; k++) store<u64>(out + (<usize>k << 3), nextMem(sp));
}

/** count standard normals into out (the generator at sp): the law test hook. */
export function fillNormals(sp: usize, out: usize, count: i32): void {
  for (let k = 0; k < count; k++) store<f64>(out + (<usize>k << 3), normalMem(sp));
}

/**
 * `layers` pair layers in place on x (2·d f64 at xp: x₁ then x₂), generator state at sp, 2d
 * normals per layer into scratch z (zp; z₁ = first d, z₂ = next d, in generator order), drift
 * h·γ·V̄ m_i when hg ≠ 0 (vp: V̄ row-major d×d, 0 for the identity; mp scratch of 2d).
 * Returns −1, or 2·layer + token for the first token whose norm became zero or non-finite.
 */
export function pairPath(xp: usize, sp: usize, zp: usize, mp: usize, vp: usize, d: i32, beta: f64, sd: f64, hg: f64, layers: i32): i32 {
  const nz = 2 * d;
  const du = <usize>d << 3;
  const halfBeta = 0.5 * beta;
  const halfSd = 0.5 * sd;
  let ret: i32 = -1;
  for (let k = 0; k < layers; k++) {
    let ss: f64 = 0;
    let tt: f64 = 0;
    for (let a = 0; a < d; a++) {
      const o = xp + (<usize>a << 3);
      const u = load<f64>(o);
      const v = load<f64>(o + du);
      const s = u + v;
      const t = u - v;
      ss += s * s;
      tt += t * t;
    }
    const delta = tanhHalf(halfBeta * tt);
    const A = halfSd * Math.sqrt(ss);
    const B = halfSd * delta * Math.sqrt(tt);
    // 2d normals in generator order (pinned by src/simulator/kernels/wasmPair.test.ts: the pair
    // layer against a plain transcription).
    fillStrided(sp, zp, nz, 8);
    if (hg != 0) {
      for (let a = 0; a < d; a++) {
        const o = <usize>a << 3;
        const u = load<f64>(xp + o);
        const v = load<f64>(xp + o + du);
        const p = u + v;
        const q = delta * (u - v);
        store<f64>(mp + o, 0.5 * (p + q));
        store<f64>(mp + o + du, 0.5 * (p - q));
      }
      if (vp == 0) {
        for (let a = 0; a < nz; a++) {
          const o = <usize>a << 3;
          store<f64>(xp + o, load<f64>(xp + o) + hg * load<f64>(mp + o));
        }
      } else {
        for (let i = 0; i < 2; i++) {
          const oi = <usize>i * du;
          for (let a = 0; a < d; a++) {
            let s: f64 = 0;
            const ro = vp + <usize>a * du;
            for (let b = 0; b < d; b++) s += load<f64>(ro + (<usize>b << 3)) * load<f64>(mp + oi + (<usize>b << 3));
            const o = xp + oi + (<usize>a << 3);
            store<f64>(o, load<f64>(o) + hg * s);
          }
        }
      }
    }
    let n1: f64 = 0;
    let n2: f64 = 0;
    for (let a = 0; a < d; a++) {
      const o = <usize>a << 3;
      const p = A * load<f64>(zp + o);
      const q = B * load<f64>(zp + o + du);
      const y1 = load<f64>(xp + o) + (p + q);
      const y2 = load<f64>(xp + o + du) + (p - q);
      store<f64>(xp + o, y1);
      store<f64>(xp + o + du, y2);
      n1 += y1 * y1;
      n2 += y2 * y2;
    }
    if (!(n1 > 0 && n1 < Infinity)) {
      ret = 2 * k;
      break;
    }
    if (!(n2 > 0 && n2 < Infinity)) {
      ret = 2 * k + 1;
      break;
    }
    const k1 = 1 / Math.sqrt(n1);
    const k2 = 1 / Math.sqrt(n2);
    for (let a = 0; a < d; a++) {
      const o = xp + (<usize>a << 3);
      store<f64>(o, load<f64>(o) * k1);
      store<f64>(o + du, load<f64>(o + du) * k2);
    }
  }
  return ret;
}

/** Layers per block of pre-drawn normals in pairPath4. */
const BLOCK: i32 = 16;

/**
 * pairPath for four paths (two v128 pairs: paths 0, 1 in the low vector, 2, 3 in the high one),
 * V̄ = I, any h·γ: x (xp) holds 2d groups of four f64 (one per path) per coordinate, states at
 * sp + 32·path; zp scratch of BLOCK·2d·4 f64. The normals of BLOCK layers are drawn path by path
 * (each generator in its own order, as in pairPath), then the layers run in SIMD lanes with
 * exactly the operations of pairPath, so each path gets the bits of pairPath. Returns −1, or 0
 * when a token of any of the four paths went bad.
 */
export function pairPath4(xp: usize, sp: usize, zp: usize, d: i32, beta: f64, sd: f64, hg: f64, layers: i32): i32 {
  const nz = 2 * d;
  const du = <usize>d << 5;
  const halfBeta = f64x2.splat(0.5 * beta);
  const halfSdV = f64x2.splat(0.5 * sd);
  const halfV = f64x2.splat(0.5);
  const hgV = f64x2.splat(hg);
  const oneV = f64x2.splat(1.0);
  for (let k0 = 0; k0 < layers; k0 += BLOCK) {
    const nb = layers - k0 < BLOCK ? layers - k0 : BLOCK;
    for (let l = 0; l < 4; l++) fillStrided(sp + (<usize>l << 5), zp + (<usize>l << 3), nb * nz, 32);
    for (let b = 0; b < nb; b++) {
      const zb = zp + <usize>(b * nz) * 32;
      let ssL = f64x2.splat(0);
      let ttL = f64x2.splat(0);
      let ssH = f64x2.splat(0);
      let ttH = f64x2.splat(0);
      for (let a = 0; a < d; a++) {
        const o = xp + (<usize>a << 5);
        const uL = v128.load(o);
        const vL = v128.load(o + du);
        const uH = v128.load(o, 16);
        const vH = v128.load(o + du, 16);
        const sL = f64x2.add(uL, vL);
        const tL = f64x2.sub(uL, vL);
        const sH = f64x2.add(uH, vH);
        const tH = f64x2.sub(uH, vH);
        ssL = f64x2.add(ssL, f64x2.mul(sL, sL));
        ttL = f64x2.add(ttL, f64x2.mul(tL, tL));
        ssH = f64x2.add(ssH, f64x2.mul(sH, sH));
        ttH = f64x2.add(ttH, f64x2.mul(tH, tH));
      }
      const deltaL = tanhHalfV(f64x2.mul(halfBeta, ttL));
      const deltaH = tanhHalfV(f64x2.mul(halfBeta, ttH));
      const AL = f64x2.mul(halfSdV, f64x2.sqrt(ssL));
      const BL = f64x2.mul(f64x2.mul(halfSdV, deltaL), f64x2.sqrt(ttL));
      const AH = f64x2.mul(halfSdV, f64x2.sqrt(ssH));
      const BH = f64x2.mul(f64x2.mul(halfSdV, deltaH), f64x2.sqrt(ttH));
      if (hg != 0) {
        for (let a = 0; a < d; a++) {
          const o = xp + (<usize>a << 5);
          const uL = v128.load(o);
          const vL = v128.load(o + du);
          const pL = f64x2.add(uL, vL);
          const qL = f64x2.mul(deltaL, f64x2.sub(uL, vL));
          v128.store(o, f64x2.add(uL, f64x2.mul(hgV, f64x2.mul(halfV, f64x2.add(pL, qL)))));
          v128.store(o + du, f64x2.add(vL, f64x2.mul(hgV, f64x2.mul(halfV, f64x2.sub(pL, qL)))));
          const uH = v128.load(o, 16);
          const vH = v128.load(o + du, 16);
          const pH = f64x2.add(uH, vH);
          const qH = f64x2.mul(deltaH, f64x2.sub(uH, vH));
          v128.store(o, f64x2.add(uH, f64x2.mul(hgV, f64x2.mul(halfV, f64x2.add(pH, qH)))), 16);
          v128.store(o + du, f64x2.add(vH, f64x2.mul(hgV, f64x2.mul(halfV, f64x2.sub(pH, qH)))), 16);
        }
      }
      let n1L = f64x2.splat(0);
      let n2L = f64x2.splat(0);
      let n1H = f64x2.splat(0);
      let n2H = f64x2.splat(0);
      for (let a = 0; a < d; a++) {
        const o = <usize>a << 5;
        const pL = f64x2.mul(AL, v128.load(zb + o));
        const qL = f64x2.mul(BL, v128.load(zb + o + du));
        const y1L = f64x2.add(v128.load(xp + o), f64x2.add(pL, qL));
        const y2L = f64x2.add(v128.load(xp + o + du), f64x2.sub(pL, qL));
        v128.store(xp + o, y1L);
        v128.store(xp + o + du, y2L);
        n1L = f64x2.add(n1L, f64x2.mul(y1L, y1L));
        n2L = f64x2.add(n2L, f64x2.mul(y2L, y2L));
        const pH = f64x2.mul(AH, v128.load(zb + o, 16));
        const qH = f64x2.mul(BH, v128.load(zb + o + du, 16));
        const y1H = f64x2.add(v128.load(xp + o, 16), f64x2.add(pH, qH));
        const y2H = f64x2.add(v128.load(xp + o + du, 16), f64x2.sub(pH, qH));
        v128.store(xp + o, y1H, 16);
        v128.store(xp + o + du, y2H, 16);
        n1H = f64x2.add(n1H, f64x2.mul(y1H, y1H));
        n2H = f64x2.add(n2H, f64x2.mul(y2H, y2H));
      }
      // Every squared norm in (0, ∞): min > 0 and max < ∞ over the eight (NaN fails both).
      const lo = f64x2.min(f64x2.min(n1L, n2L), f64x2.min(n1H, n2H));
      const hi = f64x2.max(f64x2.max(n1L, n2L), f64x2.max(n1H, n2H));
      if (!(f64x2.extract_lane(lo, 0) > 0 && f64x2.extract_lane(lo, 1) > 0 && f64x2.extract_lane(hi, 0) < Infinity && f64x2.extract_lane(hi, 1) < Infinity)) return 0;
      const k1L = f64x2.div(oneV, f64x2.sqrt(n1L));
      const k2L = f64x2.div(oneV, f64x2.sqrt(n2L));
      const k1H = f64x2.div(oneV, f64x2.sqrt(n1H));
      const k2H = f64x2.div(oneV, f64x2.sqrt(n2H));
      for (let a = 0; a < d; a++) {
        const o = xp + (<usize>a << 5);
        v128.store(o, f64x2.mul(v128.load(o), k1L));
        v128.store(o + du, f64x2.mul(v128.load(o + du), k2L));
        v128.store(o, f64x2.mul(v128.load(o, 16), k1H), 16);
        v128.store(o + du, f64x2.mul(v128.load(o + du, 16), k2H), 16);
      }
    }
  }
  return -1;
}

// The general-n projected layer's products (assembly/gram.ts) live in the same module.
export { gramTokens, gramCholesky, gramNoise } from './gram';
// The n = 2 Gram-state chain (assembly/pairGramState.ts) lives in the same module.
export { pairGramState4, chiPairs } from './pairGramState';
// The general-n Gram-state layer (assembly/gramState.ts) too.
export { gramStateCosines, gramStateLayer } from './gramState';
