/**
 * Fast kernels of the projected sampling mode (ChainConfig.sampling = 'projected', Q = K = I).
 *
 * The pair kernel (n = 2). With unit tokens x₁, x₂ write s = x₁ + x₂ and t = x₁ − x₂. Then
 * ⟨s, t⟩ = |x₁|² − |x₂|² = 0 (to rounding), |s|² + |t|² = 4, and ⟨x₁, x₂⟩ − 1 = −|t|²/2, so the
 * two softmax rows are (a, b) and (b, a) with a = 1/(1 + e), b = e/(1 + e), e = exp(−β|t|²/2), and
 *
 *   m₁ = (s + δ t)/2,  m₂ = (s − δ t)/2,  δ = a − b = (1 − e)/(1 + e).
 *
 * For one Gaussian value matrix V (entries N(0, σ²/d)), V s and V t are independent (s ⟂ t) with
 * laws σ|s|/√d·z₁ and σ|t|/√d·z₂, z_k ~ N(0, I_d). So √h·V m₁ = A z₁ + B z₂ and
 * √h·V m₂ = A z₁ − B z₂ in law (jointly), with A = sd·|s|/2, B = sd·|δ|·|t|/2, sd = σ√h/√d: one
 * exp, two square roots and 2d normals per layer, no rank decision at all. Identical tokens
 * (t = 0 exactly) get exactly the same noise, an antipodal pair (s = 0 exactly) exactly opposite
 * noise. The layer loop, the xoshiro128** state and the ziggurat fast path all live in one
 * function (no call per layer or per variate; the ~1% slow ziggurat draws call out).
 *
 * The general-n kernel (`projectedLayerFast`) computes the logits as a Gram matrix once, uses the
 * diagonal as the row maximum (β ≥ 0 and unit tokens: β⟨x_i, x_j⟩ ≤ β⟨x_i, x_i⟩ to rounding), so
 * the exponentials are symmetric and computed once per pair, and runs modified Gram–Schmidt with
 * four partial sums.
 */
import { fillNormal, ZIG_XB, ZIG_XS, zigguratSlow } from '../rng/normal.js';
import type { Xoshiro128 } from '../rng/xoshiro128.js';

// Taylor coefficients of tanh u = u + T3 u³ + T5 u⁵ + …; with u < 0.05 the first omitted term is
// below 1e-20 relative.
const T3 = -1 / 3;
const T5 = 2 / 15;
const T7 = -17 / 315;
const T9 = 62 / 2835;
const T11 = -1382 / 155925;
const T13 = 21844 / 6081075;

/**
 * Run `layers` layers of the pair kernel in place on x (2·d numbers: x₁ then x₂, unit norm),
 * drawing 2d normals per layer from g (z₁ = the first d, z₂ = the next d, ziggurat order).
 * `hg` = h·γ, `vbar` the deterministic value matrix (null: identity), `z` and `m` scratch of 2d.
 * Returns −1, or 2·layer + token for the first token whose norm became zero or non-finite.
 */
export function pairLayers(
  x: Float64Array,
  d: number,
  beta: number,
  sd: number,
  hg: number,
  vbar: Float64Array | null,
  g: Xoshiro128,
  layers: number,
  z: Float64Array,
  m: Float64Array,
): number {
  const XS = ZIG_XS;
  const XB = ZIG_XB;
  const nz = 2 * d;
  const halfBeta = 0.5 * beta;
  const halfSd = 0.5 * sd;
  let s0 = g.s0 | 0;
  let s1 = g.s1 | 0;
  let s2 = g.s2 | 0;
  let s3 = g.s3 | 0;
  for (let k = 0; k < layers; k++) {
    let ss = 0;
    let tt = 0;
    for (let a = 0; a < d; a++) {
      const u = x[a];
      const v = x[d + a];
      const s = u + v;
      const t = u - v;
      ss += s * s;
      tt += t * t;
    }
    // δ = (1 − e)/(1 + e) = tanh(y/2), y = β|t|²/2: by its Taylor series for small y (no exp,
    // and no cancellation: clustered tokens spend most layers there), else through expm1.
    const y = halfBeta * tt;
    let delta: number;
    if (y < 0.1) {
      const u = 0.5 * y;
      const u2 = u * u;
      delta = u * (1 + u2 * (T3 + u2 * (T5 + u2 * (T7 + u2 * (T9 + u2 * (T11 + u2 * T13))))));
    } else {
      const em = Math.expm1(-y);
      delta = -em / (2 + em);
    }
    const A = halfSd * Math.sqrt(ss);
    const B = halfSd * delta * Math.sqrt(tt);
    // 2d standard normals: the ziggurat of normal.ts on xoshiro128**, inlined. The fast loop
    // has no call in it (a call would force V8 to reload the arrays and box the state); a draw
    // that leaves the fast path breaks out, is finished by zigguratSlow, and the loop resumes.
    let j = 0;
    for (;;) {
      let w1 = 0;
      let xv = 0;
      for (; j < nz; j++) {
        let r = Math.imul(s1, 5);
        w1 = Math.imul((r << 7) | (r >>> 25), 9);
        let t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        r = Math.imul(s1, 5);
        const w2 = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
        t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        const i = w1 & 511;
        xv = ((w1 >>> 12) * 4294967296 + w2) * XS[i];
        if (!(Math.abs(xv) < XB[i])) break;
        z[j] = xv;
      }
      if (j === nz) break;
      g.s0 = s0;
      g.s1 = s1;
      g.s2 = s2;
      g.s3 = s3;
      z[j++] = zigguratSlow(g, w1, Math.abs(xv));
      s0 = g.s0 | 0;
      s1 = g.s1 | 0;
      s2 = g.s2 | 0;
      s3 = g.s3 | 0;
    }
    if (hg !== 0) {
      // Drift h·γ·V̄ m_i; m_i = (s ± δ t)/2.
      for (let a = 0; a < d; a++) {
        const u = x[a];
        const v = x[d + a];
        const p = u + v;
        const q = delta * (u - v);
        m[a] = 0.5 * (p + q);
        m[d + a] = 0.5 * (p - q);
      }
      if (vbar === null) {
        for (let a = 0; a < nz; a++) x[a] += hg * m[a];
      } else {
        for (let i = 0; i < 2; i++) {
          const o = i * d;
          for (let a = 0; a < d; a++) {
            let s = 0;
            const ro = a * d;
            for (let b = 0; b < d; b++) s += vbar[ro + b] * m[o + b];
            x[o + a] += hg * s;
          }
        }
      }
    }
    let n1 = 0;
    let n2 = 0;
    for (let a = 0; a < d; a++) {
      const p = A * z[a];
      const q = B * z[d + a];
      const y1 = x[a] + (p + q);
      const y2 = x[d + a] + (p - q);
      x[a] = y1;
      x[d + a] = y2;
      n1 += y1 * y1;
      n2 += y2 * y2;
    }
    if (!(n1 > 0 && n1 < Infinity)) return writeBack(g, s0, s1, s2, s3, 2 * k);
    if (!(n2 > 0 && n2 < Infinity)) return writeBack(g, s0, s1, s2, s3, 2 * k + 1);
    const k1 = 1 / Math.sqrt(n1);
    const k2 = 1 / Math.sqrt(n2);
    for (let a = 0; a < d; a++) {
      x[a] *= k1;
      x[d + a] *= k2;
    }
  }
  return writeBack(g, s0, s1, s2, s3, -1);
}

function writeBack(g: Xoshiro128, s0: number, s1: number, s2: number, s3: number, ret: number): number {
  g.s0 = s0;
  g.s1 = s1;
  g.s2 = s2;
  g.s3 = s3;
  return ret;
}

/** Returned by gramLayer when the Cholesky factor is too ill-conditioned (x left untouched). */
export const GRAM_FALLBACK = -2;

/**
 * Smallest accepted Cholesky pivot, relative to the diagonal of the Gram matrix of the means: a
 * mean whose component orthogonal to the previous ones is shorter than 1e-3 of its norm sends the
 * layer to modified Gram–Schmidt on the mean vectors (chain.ts), so the covariance is always
 * realized to a relative accuracy of about 1e-9 or better on every direction, and identical
 * tokens (pivot ≈ 0) are handled exactly by the Gram–Schmidt path.
 */
const PIVOT_TOLERANCE = 1e-6;

/**
 * One projected layer for general n with Q = K = I (β ≥ 0, unit tokens), by the Cholesky factor
 * of the Gram matrix of the means instead of Gram–Schmidt on the mean vectors:
 *
 *   C = X Xᵀ (token Gram; the logits are βC), E_ij = exp(β(C_ij − 1)) (the diagonal is the row
 *   maximum, so E is symmetric: one exp per pair), A = rows of E normalized,
 *   G = A C Aᵀ = (⟨m_i, m_j⟩), G = L Lᵀ (Cholesky), noise_i = Σ_{k≤i} L_ik z_k,
 *
 * with z the n·d normals of the layer (k-th block of d). In exact arithmetic L = Rᵀ of the
 * Gram–Schmidt factorization, so this uses the draws exactly as the Gram–Schmidt path does. The
 * means themselves are formed only when there is a drift (h·γ ≠ 0). Cost: about n²d + n³ + n²d/2
 * multiply-adds instead of about 2n²d + n²d/2.
 *
 * Returns −1, the index of a bad token, or GRAM_FALLBACK (nothing changed, nothing drawn).
 */
export function gramLayer(
  x: Float64Array,
  n: number,
  d: number,
  beta: number,
  hg: number,
  vbar: Float64Array | null,
  sd: number,
  g: Xoshiro128,
  ws: GramWorkspace,
): number {
  const C = ws.gram;
  const A = ws.weights;
  const P = ws.prod;
  // Token Gram matrix, symmetric, by 2×2 blocks of (i, j) (four loads per four multiply-adds).
  // Every entry is one in-order sum over the coordinates, so C_ik = C_jk bit for bit when
  // x_i = x_j (identical tokens get identical attention rows).
  for (let i = 0; i < n; i += 2) {
    const i1 = i + 1 < n ? i + 1 : i;
    const oi = i * d;
    const oi1 = i1 * d;
    for (let j = i; j < n; j += 2) {
      const j1 = j + 1 < n ? j + 1 : j;
      const oj = j * d;
      const oj1 = j1 * d;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let a = 0; a < d; a++) {
        const u0 = x[oi + a];
        const u1 = x[oi1 + a];
        const v0 = x[oj + a];
        const v1 = x[oj1 + a];
        s00 += u0 * v0;
        s01 += u0 * v1;
        s10 += u1 * v0;
        s11 += u1 * v1;
      }
      C[i * n + j] = s00;
      C[j * n + i] = s00;
      C[i * n + j1] = s01;
      C[j1 * n + i] = s01;
      C[i1 * n + j] = s10;
      C[j * n + i1] = s10;
      C[i1 * n + j1] = s11;
      C[j1 * n + i1] = s11;
    }
  }
  // Attention weights: symmetric exponentials, then row normalization.
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const e = Math.exp(beta * (C[i * n + j] - 1));
      A[i * n + j] = e;
      A[j * n + i] = e;
    }
  }
  for (let i = 0; i < n; i++) {
    const r = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += A[r + j];
    const inv = 1 / s;
    for (let j = 0; j < n; j++) A[r + j] *= inv;
  }
  // P = A C: P_ik = ⟨row i of A, row k of C⟩ (C is symmetric), a 2×2 block of (i, k) at a time
  // so that each load serves two multiply-adds.
  let i0 = 0;
  for (; i0 + 2 <= n; i0 += 2) {
    const r0 = i0 * n;
    const r1 = r0 + n;
    for (let k = 0; k < n; k += 2) {
      const c0 = k * n;
      const two = k + 1 < n;
      const c1 = two ? c0 + n : c0;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let j = 0; j < n; j++) {
        const a0 = A[r0 + j];
        const a1 = A[r1 + j];
        const b0 = C[c0 + j];
        const b1 = C[c1 + j];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s10 += a1 * b0;
        s11 += a1 * b1;
      }
      P[r0 + k] = s00;
      P[r1 + k] = s10;
      if (two) {
        P[r0 + k + 1] = s01;
        P[r1 + k + 1] = s11;
      }
    }
  }
  if (i0 < n) {
    const r0 = i0 * n;
    for (let k = 0; k < n; k++) {
      const c0 = k * n;
      let s00 = 0;
      for (let j = 0; j < n; j++) s00 += A[r0 + j] * C[c0 + j];
      P[r0 + k] = s00;
    }
  }
  // G = P Aᵀ, lower triangle, into C (C is no longer needed), by 2×2 blocks of (i, j): each
  // entry is one in-order sum over k.
  for (let i = 0; i < n; i += 2) {
    const i1 = i + 1 < n ? i + 1 : i;
    const r = i * n;
    const r1 = i1 * n;
    for (let j = 0; j <= i; j += 2) {
      const j1 = j + 1 < n ? j + 1 : j;
      const q0 = j * n;
      const q1 = j1 * n;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let k = 0; k < n; k++) {
        const p0 = P[r + k];
        const p1 = P[r1 + k];
        const a0 = A[q0 + k];
        const a1 = A[q1 + k];
        s00 += p0 * a0;
        s01 += p0 * a1;
        s10 += p1 * a0;
        s11 += p1 * a1;
      }
      C[r + j] = s00;
      if (j1 <= i) C[r + j1] = s01;
      C[r1 + j] = s10;
      C[r1 + j1] = s11;
    }
  }
  const L = C;
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let s = L[rj + j];
    const gjj = s;
    for (let k = 0; k < j; k++) s -= L[rj + k] * L[rj + k];
    if (!(s > PIVOT_TOLERANCE * gjj)) return GRAM_FALLBACK;
    const ljj = Math.sqrt(s);
    L[rj + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = L[ri + j];
      for (let k = 0; k < j; k++) t -= L[ri + k] * L[rj + k];
      L[ri + j] = t * inv;
    }
  }
  if (hg !== 0) {
    // Means from the tokens before any update, then the drift h·γ·V̄ m_i.
    const M = ws.means;
    for (let i = 0; i < n; i++) {
      const mo = i * d;
      for (let a = 0; a < d; a++) M[mo + a] = 0;
      for (let j = 0; j < n; j++) {
        const w = A[i * n + j];
        const xo = j * d;
        for (let a = 0; a < d; a++) M[mo + a] += w * x[xo + a];
      }
    }
    for (let i = 0; i < n; i++) {
      const o = i * d;
      if (vbar === null) {
        for (let a = 0; a < d; a++) x[o + a] += hg * M[o + a];
      } else {
        for (let a = 0; a < d; a++) {
          let s = 0;
          const ro = a * d;
          for (let b = 0; b < d; b++) s += vbar[ro + b] * M[o + b];
          x[o + a] += hg * s;
        }
      }
    }
  }
  const z = ws.z;
  fillNormal(g, z, sd, 0, n * d);
  // noise_i = Σ_{k≤i} L_ik z_k, for tokens i and i + 1 together (they share the loads of z_k),
  // four coordinates at a time, with the squared norms on the way; then normalize.
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = i * d;
    const o1 = o + d;
    const ri = i * n;
    const ri1 = ri + n;
    let nn = 0;
    let mm = 0;
    let a = 0;
    for (; a + 4 <= d; a += 4) {
      let t0 = x[o + a];
      let t1 = x[o + a + 1];
      let t2 = x[o + a + 2];
      let t3 = x[o + a + 3];
      let u0 = x[o1 + a];
      let u1 = x[o1 + a + 1];
      let u2 = x[o1 + a + 2];
      let u3 = x[o1 + a + 3];
      for (let k = 0; k <= i; k++) {
        const l = L[ri + k];
        const l1 = L[ri1 + k];
        const zo = k * d + a;
        const z0 = z[zo];
        const z1 = z[zo + 1];
        const z2 = z[zo + 2];
        const z3 = z[zo + 3];
        t0 += l * z0;
        t1 += l * z1;
        t2 += l * z2;
        t3 += l * z3;
        u0 += l1 * z0;
        u1 += l1 * z1;
        u2 += l1 * z2;
        u3 += l1 * z3;
      }
      const l11 = L[ri1 + i + 1];
      const zo = (i + 1) * d + a;
      u0 += l11 * z[zo];
      u1 += l11 * z[zo + 1];
      u2 += l11 * z[zo + 2];
      u3 += l11 * z[zo + 3];
      x[o + a] = t0;
      x[o + a + 1] = t1;
      x[o + a + 2] = t2;
      x[o + a + 3] = t3;
      x[o1 + a] = u0;
      x[o1 + a + 1] = u1;
      x[o1 + a + 2] = u2;
      x[o1 + a + 3] = u3;
      nn += t0 * t0 + t1 * t1 + (t2 * t2 + t3 * t3);
      mm += u0 * u0 + u1 * u1 + (u2 * u2 + u3 * u3);
    }
    for (; a < d; a++) {
      let t = x[o + a];
      let u = x[o1 + a];
      for (let k = 0; k <= i; k++) {
        const zk = z[k * d + a];
        t += L[ri + k] * zk;
        u += L[ri1 + k] * zk;
      }
      u += L[ri1 + i + 1] * z[(i + 1) * d + a];
      x[o + a] = t;
      x[o1 + a] = u;
      nn += t * t;
      mm += u * u;
    }
    if (!(nn > 0 && nn < Infinity)) return i;
    if (!(mm > 0 && mm < Infinity)) return i + 1;
    const k1 = 1 / Math.sqrt(nn);
    const k2 = 1 / Math.sqrt(mm);
    for (let b = 0; b < d; b++) {
      x[o + b] *= k1;
      x[o1 + b] *= k2;
    }
  }
  if (i < n) {
    const o = i * d;
    const ri = i * n;
    let nn = 0;
    for (let a = 0; a < d; a++) {
      let t = x[o + a];
      for (let k = 0; k <= i; k++) t += L[ri + k] * z[k * d + a];
      x[o + a] = t;
      nn += t * t;
    }
    if (!(nn > 0 && nn < Infinity)) return i;
    const k1 = 1 / Math.sqrt(nn);
    for (let b = 0; b < d; b++) x[o + b] *= k1;
  }
  return -1;
}

/** The buffers gramLayer needs (see Workspace). */
export interface GramWorkspace {
  readonly gram: Float64Array;
  readonly weights: Float64Array;
  readonly prod: Float64Array;
  readonly means: Float64Array;
  readonly z: Float64Array;
}

/**
 * pairLayers for two paths at once (x and y, generators g and h, scratch z and w of 2d each), for
 * V̄ = I (any h·γ): the two independent dependency chains interleave, which hides the latency of
 * exp, sqrt and division. Every path gets exactly the bits pairLayers would give it (the same
 * operations in the same order). Returns −1, or 0 when some token went bad (the caller then
 * reruns the two paths one by one to report the first failure exactly).
 */
export function pairLayers2(
  x: Float64Array,
  y: Float64Array,
  d: number,
  beta: number,
  sd: number,
  hg: number,
  g: Xoshiro128,
  h: Xoshiro128,
  layers: number,
  z: Float64Array,
  w: Float64Array,
): number {
  const XS = ZIG_XS;
  const XB = ZIG_XB;
  const nz = 2 * d;
  const halfBeta = 0.5 * beta;
  const halfSd = 0.5 * sd;
  let s0 = g.s0 | 0;
  let s1 = g.s1 | 0;
  let s2 = g.s2 | 0;
  let s3 = g.s3 | 0;
  let q0 = h.s0 | 0;
  let q1 = h.s1 | 0;
  let q2 = h.s2 | 0;
  let q3 = h.s3 | 0;
  for (let k = 0; k < layers; k++) {
    let ss = 0;
    let tt = 0;
    let ss2 = 0;
    let tt2 = 0;
    for (let a = 0; a < d; a++) {
      const u = x[a];
      const v = x[d + a];
      const s = u + v;
      const t = u - v;
      ss += s * s;
      tt += t * t;
      const u2 = y[a];
      const v2 = y[d + a];
      const p2 = u2 + v2;
      const r2 = u2 - v2;
      ss2 += p2 * p2;
      tt2 += r2 * r2;
    }
    const ya = halfBeta * tt;
    const yb = halfBeta * tt2;
    let delta: number;
    let delta2: number;
    if (ya < 0.1) {
      const u = 0.5 * ya;
      const u2 = u * u;
      delta = u * (1 + u2 * (T3 + u2 * (T5 + u2 * (T7 + u2 * (T9 + u2 * (T11 + u2 * T13))))));
    } else {
      const em = Math.expm1(-ya);
      delta = -em / (2 + em);
    }
    if (yb < 0.1) {
      const u = 0.5 * yb;
      const u2 = u * u;
      delta2 = u * (1 + u2 * (T3 + u2 * (T5 + u2 * (T7 + u2 * (T9 + u2 * (T11 + u2 * T13))))));
    } else {
      const em = Math.expm1(-yb);
      delta2 = -em / (2 + em);
    }
    const A = halfSd * Math.sqrt(ss);
    const B = halfSd * delta * Math.sqrt(tt);
    const A2 = halfSd * Math.sqrt(ss2);
    const B2 = halfSd * delta2 * Math.sqrt(tt2);
    // Normals of path 1 into z and of path 2 into w (each generator in its own order, as in
    // pairLayers), the two xoshiro chains interleaved; a slow draw of either breaks out.
    let j = 0;
    for (;;) {
      let wa = 0;
      let xa = 0;
      let wb = 0;
      let xb = 0;
      for (; j < nz; j++) {
        let r = Math.imul(s1, 5);
        wa = Math.imul((r << 7) | (r >>> 25), 9);
        let t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        let rb = Math.imul(q1, 5);
        wb = Math.imul((rb << 7) | (rb >>> 25), 9);
        let tb = q1 << 9;
        q2 ^= q0;
        q3 ^= q1;
        q1 ^= q2;
        q0 ^= q3;
        q2 ^= tb;
        q3 = (q3 << 11) | (q3 >>> 21);
        r = Math.imul(s1, 5);
        const a2 = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
        t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        rb = Math.imul(q1, 5);
        const b2 = Math.imul((rb << 7) | (rb >>> 25), 9) >>> 0;
        tb = q1 << 9;
        q2 ^= q0;
        q3 ^= q1;
        q1 ^= q2;
        q0 ^= q3;
        q2 ^= tb;
        q3 = (q3 << 11) | (q3 >>> 21);
        const ia = wa & 511;
        const ib = wb & 511;
        xa = ((wa >>> 12) * 4294967296 + a2) * XS[ia];
        xb = ((wb >>> 12) * 4294967296 + b2) * XS[ib];
        if (!(Math.abs(xa) < XB[ia] && Math.abs(xb) < XB[ib])) break;
        z[j] = xa;
        w[j] = xb;
      }
      if (j === nz) break;
      if (Math.abs(xa) < XB[wa & 511]) z[j] = xa;
      else {
        g.s0 = s0;
        g.s1 = s1;
        g.s2 = s2;
        g.s3 = s3;
        z[j] = zigguratSlow(g, wa, Math.abs(xa));
        s0 = g.s0 | 0;
        s1 = g.s1 | 0;
        s2 = g.s2 | 0;
        s3 = g.s3 | 0;
      }
      if (Math.abs(xb) < XB[wb & 511]) w[j] = xb;
      else {
        h.s0 = q0;
        h.s1 = q1;
        h.s2 = q2;
        h.s3 = q3;
        w[j] = zigguratSlow(h, wb, Math.abs(xb));
        q0 = h.s0 | 0;
        q1 = h.s1 | 0;
        q2 = h.s2 | 0;
        q3 = h.s3 | 0;
      }
      j++;
    }
    if (hg !== 0) {
      for (let a = 0; a < d; a++) {
        const u = x[a];
        const v = x[d + a];
        const p = u + v;
        const q = delta * (u - v);
        x[a] = u + hg * (0.5 * (p + q));
        x[d + a] = v + hg * (0.5 * (p - q));
        const u2 = y[a];
        const v2 = y[d + a];
        const p2 = u2 + v2;
        const r2 = delta2 * (u2 - v2);
        y[a] = u2 + hg * (0.5 * (p2 + r2));
        y[d + a] = v2 + hg * (0.5 * (p2 - r2));
      }
    }
    let n1 = 0;
    let n2 = 0;
    let m1 = 0;
    let m2 = 0;
    for (let a = 0; a < d; a++) {
      const p = A * z[a];
      const q = B * z[d + a];
      const y1 = x[a] + (p + q);
      const y2 = x[d + a] + (p - q);
      x[a] = y1;
      x[d + a] = y2;
      n1 += y1 * y1;
      n2 += y2 * y2;
      const p2 = A2 * w[a];
      const r2 = B2 * w[d + a];
      const c1 = y[a] + (p2 + r2);
      const c2 = y[d + a] + (p2 - r2);
      y[a] = c1;
      y[d + a] = c2;
      m1 += c1 * c1;
      m2 += c2 * c2;
    }
    if (!(n1 > 0 && n1 < Infinity && n2 > 0 && n2 < Infinity && m1 > 0 && m1 < Infinity && m2 > 0 && m2 < Infinity)) return 0;
    const k1 = 1 / Math.sqrt(n1);
    const k2 = 1 / Math.sqrt(n2);
    const l1 = 1 / Math.sqrt(m1);
    const l2 = 1 / Math.sqrt(m2);
    for (let a = 0; a < d; a++) {
      x[a] *= k1;
      x[d + a] *= k2;
      y[a] *= l1;
      y[d + a] *= l2;
    }
  }
  writeBack(h, q0, q1, q2, q3, 0);
  return writeBack(g, s0, s1, s2, s3, -1);
}
