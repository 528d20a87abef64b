/**
 * WebAssembly kernel of the n = 2 Gram-state chain (the half-angle chain of
 * src/simulator/kernels/gramState.md, "Two tokens"), four paths at once in the lanes of two
 * f64x2 vectors; driven by `PairGramState` in src/simulator/kernels/gramState.ts.
 *
 * State of lane q: S = cos(φ/2), T = sin(φ/2) (f64 S[4] then T[4] at stp). One layer, with
 * δ = tanh(βT²), sd = σ√h/√d, hg = h·γ, z₀ … z₄ standard normals, c₁ = sd·χ_{d−2}, c₂ = sd·χ_{d−3}:
 *
 *   â = (1 + hg + sd z₀, sd z₁, c₁, 0),  b̂ = (δ sd z₂, 1 + hg δ + δ sd z₃, δ sd z₄, δ c₂),
 *   (at d = 2 there is no f₁, f₂: c₁ = c₂ = 0 and b̂'s third component is 0 too; z₄ is drawn anyway),
 *
 *   cos φ' ∝ c = S²|â|² − T²|b̂|²,  sin φ' ∝ s = 2ST·|â ∧ b̂|,  r = √(c² + s²),
 *
 * and the new half-angle from the half-angle formulas: the larger of S', T' is √((r + |c|)/2r),
 * the other s/(2r·that) — chosen by a lane mask, so no branch and no trigonometry.
 *
 * Variates of lane q, from its own xoshiro256** state at sp + 32q (assembly/ziggurat.ts): per
 * block of BLOCK layers, 7·nb normals (per layer z₀ … z₄, then the normals of the two χ trials)
 * and then 2·nb uniforms (the uniforms of the two trials). A χ_k (k ≥ 2) is √(2·Gamma(k/2)) by
 * one Marsaglia–Tsang trial on that normal and uniform (src/rng/gamma.ts); the lanes take the
 * squeeze test together, and a lane whose trial needs the logarithm test — or is rejected, then
 * with fresh trials from the lane's generator, which has moved past the block — finishes alone
 * in scalar code with the same operations. χ_1 = |z|; k ≤ 0: the coordinate is absent (0).
 * So a lane's bits depend only on its own generator and the block boundaries, never on the
 * other lanes.
 */
import { fillStrided, fillUniformStrided, nextDoubleMem, normalMem } from './ziggurat';
import { tanhHalfV } from './tanhHalf';

/** Layers per block of pre-drawn variates. */
const BLOCK: i32 = 16;

/** One Marsaglia–Tsang trial on (z, u), then fresh trials from the generator at sp: √(2·Gamma). */
function chiScalar(sp: usize, z: f64, u: f64, c: f64, k: f64): f64 {
  let v0 = 1 + k * z;
  for (;;) {
    if (v0 > 0) {
      const v = v0 * v0 * v0;
      const z2 = z * z;
      if (u < 1 - 0.0331 * z2 * z2 || Math.log(u) < 0.5 * z2 + c * (1 - v + Math.log(v))) return Math.sqrt(2 * (c * v));
    }
    z = normalMem(sp);
    v0 = 1 + k * z;
    if (v0 > 0) u = nextDoubleMem(sp);
  }
  return 0; // unreachable
}

/**
 * χ_dof (times sd) for the two lanes of a vector (generators at sp, sp + 32): the normals z and
 * uniforms u of their first trials; c = dof/2 − 1/3 and k = 1/√(9c) of the shape.
 */
// @ts-ignore: decorator
@inline
function chiV(sp: usize, dof: i32, z: v128, u: v128, c: f64, k: f64, sd: v128): v128 {
  if (dof <= 0) return f64x2.splat(0);
  if (dof == 1) return f64x2.mul(sd, f64x2.abs(z));
  const v0 = f64x2.add(f64x2.splat(1.0), f64x2.mul(f64x2.splat(k), z));
  const v = f64x2.mul(f64x2.mul(v0, v0), v0);
  const z2 = f64x2.mul(z, z);
  const squeeze = f64x2.sub(f64x2.splat(1.0), f64x2.mul(f64x2.mul(f64x2.splat(0.0331), z2), z2));
  const ok = v128.and(f64x2.gt(v0, f64x2.splat(0)), f64x2.lt(u, squeeze));
  let x = f64x2.sqrt(f64x2.mul(f64x2.splat(2.0), f64x2.mul(f64x2.splat(c), v)));
  if (i64x2.extract_lane(ok, 0) == 0) x = f64x2.replace_lane(x, 0, chiScalar(sp, f64x2.extract_lane(z, 0), f64x2.extract_lane(u, 0), c, k));
  if (i64x2.extract_lane(ok, 1) == 0) x = f64x2.replace_lane(x, 1, chiScalar(sp + 32, f64x2.extract_lane(z, 1), f64x2.extract_lane(u, 1), c, k));
  return f64x2.mul(sd, x);
}

/**
 * `layers` layers of the half-angle chain for four lanes (the first `lanes` of them real paths):
 * S, T at stp, generator states at sp, scratch zp (BLOCK·7·4 f64) and up (BLOCK·2·4 f64). The χ
 * degrees of freedom k1 = d − 2, k2 = d − 3 with their shape constants (c, k) from JS. Returns −1,
 * or 4·layer + lane for the first layer (from 0) where a real lane's r is zero or not finite.
 */
export function pairGramState4(stp: usize, sp: usize, zp: usize, up: usize, lanes: i32, beta: f64, sd: f64, hg: f64, k1: i32, c1: f64, kk1: f64, k2: i32, c2: f64, kk2: f64, layers: i32): i32 {
  const sdV = f64x2.splat(sd);
  const hgV = f64x2.splat(hg);
  const twoBeta = f64x2.splat(2 * beta);
  const one = f64x2.splat(1.0);
  const two = f64x2.splat(2.0);
  const onePlusHg = f64x2.splat(1 + hg);
  const zero = f64x2.splat(0);
  const inf = f64x2.splat(Infinity);
  // A padding lane counts as good (its generator and state are never read back).
  const realL = i64x2(lanes > 0 ? 0 : -1, lanes > 1 ? 0 : -1);
  const realH = i64x2(lanes > 2 ? 0 : -1, lanes > 3 ? 0 : -1);
  let SL = v128.load(stp);
  let SH = v128.load(stp, 16);
  let TL = v128.load(stp, 32);
  let TH = v128.load(stp, 48);
  for (let k0 = 0; k0 < layers; k0 += BLOCK) {
    const nb = layers - k0 < BLOCK ? layers - k0 : BLOCK;
    for (let l = 0; l < 4; l++) {
      fillStrided(sp + (<usize>l << 5), zp + (<usize>l << 3), nb * 7, 32);
      fillUniformStrided(sp + (<usize>l << 5), up + (<usize>l << 3), nb * 2, 32);
    }
    for (let b = 0; b < nb; b++) {
      const zb = zp + <usize>(b * 7) * 32;
      const ub = up + <usize>(b * 2) * 32;
      for (let half = 0; half < 2; half++) {
        const o = <usize>half << 4;
        const S = half == 0 ? SL : SH;
        const T = half == 0 ? TL : TH;
        const lsp = sp + (<usize>half << 6);
        const delta = tanhHalfV(f64x2.mul(twoBeta, f64x2.mul(T, T)));
        const a3 = chiV(lsp, k1, v128.load(zb + 5 * 32 + o), v128.load(ub + o), c1, kk1, sdV);
        const c2v = chiV(lsp, k2, v128.load(zb + 6 * 32 + o), v128.load(ub + 32 + o), c2, kk2, sdV);
        const a1 = f64x2.add(onePlusHg, f64x2.mul(sdV, v128.load(zb + o)));
        const a2 = f64x2.mul(sdV, v128.load(zb + 32 + o));
        const sdd = f64x2.mul(sdV, delta);
        const b1 = f64x2.mul(sdd, v128.load(zb + 64 + o));
        const b2 = f64x2.add(f64x2.add(one, f64x2.mul(hgV, delta)), f64x2.mul(sdd, v128.load(zb + 96 + o)));
        // b̂'s component along â's orthogonal direction f₁: none when the pair spans R^d (d = 2).
        const b3 = k1 > 0 ? f64x2.mul(sdd, v128.load(zb + 128 + o)) : zero;
        const b4 = f64x2.mul(delta, c2v);
        const AA = f64x2.add(f64x2.add(f64x2.mul(a1, a1), f64x2.mul(a2, a2)), f64x2.mul(a3, a3));
        const BB = f64x2.add(f64x2.add(f64x2.mul(b1, b1), f64x2.mul(b2, b2)), f64x2.add(f64x2.mul(b3, b3), f64x2.mul(b4, b4)));
        // |â ∧ b̂|² as a sum of squared 2×2 minors (Lagrange): no cancellation.
        const m12 = f64x2.sub(f64x2.mul(a1, b2), f64x2.mul(a2, b1));
        const m13 = f64x2.sub(f64x2.mul(a1, b3), f64x2.mul(a3, b1));
        const m23 = f64x2.sub(f64x2.mul(a2, b3), f64x2.mul(a3, b2));
        const D = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(m12, m12), f64x2.mul(m13, m13)), f64x2.mul(m23, m23)), f64x2.mul(AA, f64x2.mul(b4, b4)));
        const c = f64x2.sub(f64x2.mul(f64x2.mul(S, S), AA), f64x2.mul(f64x2.mul(T, T), BB));
        const s = f64x2.mul(f64x2.mul(f64x2.mul(two, S), T), f64x2.sqrt(D));
        const r = f64x2.sqrt(f64x2.add(f64x2.mul(c, c), f64x2.mul(s, s)));
        const good = v128.or(v128.and(f64x2.gt(r, zero), f64x2.lt(r, inf)), half == 0 ? realL : realH);
        if (!v128.all_true<i64>(good)) {
          store<v128>(stp, SL);
          store<v128>(stp, SH, 16);
          store<v128>(stp, TL, 32);
          store<v128>(stp, TH, 48);
          return 4 * (k0 + b) + 2 * half + (i64x2.extract_lane(good, 0) == 0 ? 0 : 1);
        }
        const twoR = f64x2.mul(two, r);
        const big = f64x2.sqrt(f64x2.div(f64x2.add(r, f64x2.abs(c)), twoR));
        const small = f64x2.div(s, f64x2.mul(twoR, big));
        const cos = f64x2.ge(c, zero);
        const S1 = v128.bitselect(big, small, cos);
        const T1 = v128.bitselect(small, big, cos);
        if (half == 0) {
          SL = S1;
          TL = T1;
        } else {
          SH = S1;
          TH = T1;
        }
      }
    }
  }
  store<v128>(stp, SL);
  store<v128>(stp, SH, 16);
  store<v128>(stp, TL, 32);
  store<v128>(stp, TH, 48);
  return -1;
}

/**
 * Test hook: `pairs` pairs of χ_dof variates into out (lane 0, lane 1, …) drawn exactly as the
 * kernel draws them — each lane's normal and uniform from its generator (sp, sp + 32), one trial
 * in the lanes, the scalar finish where needed.
 */
export function chiPairs(sp: usize, out: usize, pairs: i32, dof: i32, c: f64, k: f64): void {
  for (let j = 0; j < pairs; j++) {
    const z = f64x2.replace_lane(f64x2.splat(normalMem(sp)), 1, normalMem(sp + 32));
    const u = f64x2.replace_lane(f64x2.splat(nextDoubleMem(sp)), 1, nextDoubleMem(sp + 32));
    v128.store(out + (<usize>j << 4), chiV(sp, dof, z, u, c, k, f64x2.splat(1.0)));
  }
}
