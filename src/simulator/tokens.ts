/**
 * Token utilities on the unit sphere S^{d−1} ⊂ R^d. Token sets are row-major Float64Arrays of
 * n·d numbers: token i occupies [i·d, (i+1)·d).
 */
import { standardNormal } from '../rng/normal.js';
import type { Xoshiro128 } from '../rng/xoshiro128.js';

/** Radius of the RMS-normalization sphere in R^d: RMSNorm(y) = √d · y/|y|. */
export function rmsRadius(d: number): number {
  return Math.sqrt(d);
}

/**
 * Normalize each of the n rows of `x` (length n·d) in place to norm `radius` (1 for the unit
 * sphere, √d for RMSNorm). Returns the index of the first row whose norm is zero or not finite,
 * or −1 when all rows were normalized.
 */
export function rmsNormalize(x: Float64Array, n: number, d: number, radius = 1, offset = 0): number {
  for (let i = 0; i < n; i++) {
    const o = offset + i * d;
    let s = 0;
    for (let a = 0; a < d; a++) s += x[o + a] * x[o + a];
    const norm = Math.sqrt(s);
    if (!(norm > 0 && norm < Infinity)) return i;
    const k = radius / norm;
    for (let a = 0; a < d; a++) x[o + a] *= k;
  }
  return -1;
}

/** Fill n tokens with independent uniform points on S^{d−1} (normalized Gaussian vectors). */
export function uniformOnSphere(g: Xoshiro128, out: Float64Array, n: number, d: number, offset = 0): void {
  for (let i = 0; i < n; i++) {
    const o = offset + i * d;
    let s = 0;
    do {
      s = 0;
      for (let a = 0; a < d; a++) {
        const z = standardNormal(g);
        out[o + a] = z;
        s += z * z;
      }
    } while (s === 0);
    const k = 1 / Math.sqrt(s);
    for (let a = 0; a < d; a++) out[o + a] *= k;
  }
}

/** Number of unordered token pairs i < j. */
export function pairCount(n: number): number {
  return (n * (n - 1)) / 2;
}

/**
 * Pairwise cosines ⟨x_i, x_j⟩ for i < j in row order (0,1), (0,2), …, (1,2), … written to
 * `out[outOffset …]`. Tokens are assumed to be on the unit sphere.
 */
export function pairwiseCosines(
  x: Float64Array,
  n: number,
  d: number,
  out: Float64Array,
  offset = 0,
  outOffset = 0,
): void {
  let k = outOffset;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      const oi = offset + i * d;
      const oj = offset + j * d;
      for (let a = 0; a < d; a++) s += x[oi + a] * x[oj + a];
      out[k++] = s;
    }
  }
}

/** Convert a Float64Array of n·d numbers to an array of n arrays (for JSON). */
export function toRows(x: ArrayLike<number>, n: number, d: number, offset = 0, scale = 1): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const r: number[] = new Array(d);
    for (let a = 0; a < d; a++) r[a] = x[offset + i * d + a] * scale;
    rows.push(r);
  }
  return rows;
}

/** Tokens x_1 = e_1, x_2 = ρ0·e_1 + √(1−ρ0²)·e_2 in R^d: a two-token start with cosine ρ0. */
export function twoTokenStart(rho0: number, d: number): Float64Array {
  const x = new Float64Array(2 * d);
  x[0] = 1;
  x[d] = rho0;
  x[d + 1] = Math.sqrt(1 - rho0 * rho0);
  return x;
}

/** Cosine ⟨x_1, x_2⟩ of the first two tokens of every path. */
export function firstPairCosines(tokens: Float64Array, n: number, d: number): Float64Array {
  const paths = tokens.length / (n * d);
  const rho = new Float64Array(paths);
  for (let p = 0; p < paths; p++) {
    let s = 0;
    const o = p * n * d;
    for (let a = 0; a < d; a++) s += tokens[o + a] * tokens[o + d + a];
    rho[p] = s;
  }
  return rho;
}
