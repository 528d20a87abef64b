/**
 * The Gram kernel (projected sampling, Q = K = I, 2 < n < d, with a drift h·γ ≠ 0; without drift
 * the same layer runs in WebAssembly, ./wasmGram.ts). Instead of Gram–Schmidt on the mean vectors
 * (./projected.ts) it works with n×n matrices, in stages:
 *
 *   1. C = X Xᵀ, the token Gram matrix (the logits are βC);
 *   2. E_ij = exp(β(C_ij − 1)) (β ≥ 0 and unit tokens: the diagonal is the row maximum, so E is
 *      symmetric, one exp per pair), A = rows of E normalized;
 *   3. G = A C Aᵀ = (⟨m_i, m_j⟩), the Gram matrix of the means;
 *   4. G = L Lᵀ (Cholesky), or the Gram–Schmidt kernel for this layer when a pivot is below
 *      PIVOT_TOLERANCE of its diagonal entry (nearly dependent means, identical tokens);
 *   5. the drift h·γ·V̄ m_i (the means are formed only here);
 *   6. noise_i = Σ_{k≤i} L_ik z_k with the n·d normals z of the layer (k-th block of d), then
 *      normalization.
 *
 * In exact arithmetic L = Rᵀ of the Gram–Schmidt factorization, so this uses the draws exactly as
 * the Gram–Schmidt kernel does (equal to rounding). Cost: about n²d + n³ + n²d/2 multiply-adds
 * instead of about 2n²d + n²d/2.
 */
import { fillNormal } from '../../rng/normal.js';
import type { Xoshiro128 } from '../../rng/xoshiro128.js';
import { attentionMeans } from '../attention.js';
import { Workspace } from '../workspace.js';
import { drawsProjected, plainAttention, type LayerKernel } from './kernel.js';
import { noiseSdOf, projectedLayer, runProjected } from './projected.js';
import type { ResolvedChain } from '../config.js';

/** Returned by gramLayer when the Cholesky factor is too ill-conditioned (x left untouched). */
export const GRAM_FALLBACK = -2;

/**
 * Smallest accepted Cholesky pivot, relative to the diagonal of the Gram matrix of the means: a
 * mean whose component orthogonal to the previous ones is shorter than 1e-3 of its norm sends the
 * layer to modified Gram–Schmidt on the mean vectors (./projected.ts), so the covariance is always
 * realized to a relative accuracy of about 1e-9 or better on every direction, and identical
 * tokens (pivot ≈ 0) are handled exactly by the Gram–Schmidt path.
 */
export const PIVOT_TOLERANCE = 1e-6;

/** Stage 1: the token Gram matrix C = X Xᵀ (n·n). */
export function tokenGram(x: Float64Array, n: number, d: number, C: Float64Array): void {
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
}

/**
 * E_ij = E_ji = exp(β(C_ij − 1)) for the n×n matrices stored with row stride `stride` from
 * offsets c0 (C) and a0 (E): one exp per pair (the WebAssembly Gram kernel uses it on its memory).
 */
export function symmetricExponentials(C: Float64Array, c0: number, E: Float64Array, a0: number, n: number, stride: number, beta: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const e = Math.exp(beta * (C[c0 + i * stride + j] - 1));
      E[a0 + i * stride + j] = e;
      E[a0 + j * stride + i] = e;
    }
  }
}

/** Stage 2: attention weights A (n·n) from the token Gram matrix C. */
export function symmetricAttention(C: Float64Array, n: number, beta: number, A: Float64Array): void {
  // Attention weights: symmetric exponentials, then row normalization.
  symmetricExponentials(C, 0, A, 0, n, n, beta);
  for (let i = 0; i < n; i++) {
    const r = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += A[r + j];
    const inv = 1 / s;
    for (let j = 0; j < n; j++) A[r + j] *= inv;
  }
}

/** Stage 3: the Gram matrix of the means G = A C Aᵀ, lower triangle, into C (P: scratch n·n). */
export function meanGram(A: Float64Array, C: Float64Array, P: Float64Array, n: number): void {
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
}

/** Stage 4: Cholesky factor of the lower triangle of L in place; false when a pivot is below PIVOT_TOLERANCE of its diagonal entry. */
export function choleskyInPlace(L: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let s = L[rj + j];
    const gjj = s;
    for (let k = 0; k < j; k++) s -= L[rj + k] * L[rj + k];
    if (!(s > PIVOT_TOLERANCE * gjj)) return false;
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
  return true;
}

/** Stage 5: the means M = A X from the tokens before any update, then the drift h·γ·V̄ m_i added to x. */
export function gramDrift(x: Float64Array, A: Float64Array, n: number, d: number, hg: number, vbar: Float64Array | null, M: Float64Array): void {
  // Means from the tokens before any update (the same in-order sums), then the drift h·γ·V̄ m_i.
  attentionMeans(A, x, 0, n, d, M);
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

/**
 * Stage 6: noise_i = Σ_{k≤i} L_ik z_k added to the tokens, then normalization. Returns −1 or the
 * index of a bad token.
 */
export function addGramNoise(x: Float64Array, L: Float64Array, z: Float64Array, n: number, d: number): number {
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

/**
 * One Gram-kernel layer in place (β ≥ 0, unit tokens): stages 1–6 with the n·d normals of the layer
 * from `g` (scaled by `sd`). Returns −1, the index of a bad token, or GRAM_FALLBACK (nothing
 * changed, nothing drawn).
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
  tokenGram(x, n, d, C);
  symmetricAttention(C, n, beta, A);
  meanGram(A, C, ws.prod, n);
  if (!choleskyInPlace(C, n)) return GRAM_FALLBACK;
  if (hg !== 0) gramDrift(x, A, n, d, hg, vbar, ws.means);
  const z = ws.z;
  fillNormal(g, z, sd, 0, n * d);
  return addGramNoise(x, C, z, n, d);
}

/** The buffers gramLayer needs (see Workspace). */
export interface GramWorkspace {
  readonly gram: Float64Array;
  readonly weights: Float64Array;
  readonly prod: Float64Array;
  readonly means: Float64Array;
  readonly z: Float64Array;
}

/** Projected sampling with Q = K = I and 2 < n < d: the Gram kernels' domain (with or without drift). */
export function gramDomain(c: ResolvedChain): boolean {
  return drawsProjected(c) && plainAttention(c) && c.n > 2 && c.n < c.d;
}

export const gramKernel: LayerKernel = {
  name: 'gram',
  contract: {
    kind: 'same-law',
    as: 'matrix',
    statement: 'the law of the matrix kernel with Gaussian entries (and the draws of the projected kernel, equal to rounding)',
    example: { n: 5, d: 8, depth: 12, horizon: 1, beta: 1.5, gamma: 0.4, sampling: 'projected', initialTokens: [[1, 0.5, 0, 0, 0, 0, 0, 0], [0, 1, 0.5, 0, 0, 0, 0, 0], [0, 0, 1, 0.5, 0, 0, 0, 0], [0, 0, 0, 1, 0.5, 0, 0, 0], [0, 0, 0, 0, 1, 0.5, 0, 0]] },
  },
  applies: (c) => gramDomain(c) && (c.horizon / c.depth) * c.gamma !== 0,
  run(c, onPath) {
    const { n, d, beta } = c;
    const h = c.horizon / c.depth;
    const hg = h * c.gamma;
    const sd = noiseSdOf(c);
    const ws = new Workspace(n, d);
    return runProjected(
      c,
      (x, g) => {
        const r = gramLayer(x, n, d, beta, hg, c.valueMatrix, sd, g, ws);
        return r !== GRAM_FALLBACK ? r : projectedLayer(x, c, h, sd, g, ws);
      },
      onPath,
    );
  },
};
