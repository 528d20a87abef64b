/**
 * Gamma, chi-square and chi variates (Marsaglia & Tsang, "A Simple Method for Generating Gamma
 * Variables", ACM TOMS 26(3), 2000), on the repository's ziggurat normals (normal.ts) and the
 * generator's 53-bit uniforms.
 *
 * For shape a ≥ 1, with c = a − 1/3: draw Z ~ N(0, 1) until v = (1 + Z/√(9c))³ > 0, then accept
 * c·v when U < 1 − 0.0331·Z⁴ (the squeeze, taken by about 98% of draws at a = 1 and more for
 * larger a) or when log U < Z²/2 + c(1 − v + log v). For a < 1: Gamma(a) = Gamma(a + 1)·U^(1/a).
 * χ²_k = 2·Gamma(k/2); χ_k = √χ²_k, with χ_1 = |Z| drawn directly (one normal).
 *
 * The constants of a shape are computed once (`gammaShape`), so that kernels drawing the same
 * degrees of freedom every layer (the Bartlett factors of the Gram-state kernel) pay only the
 * accept loop: about 1.02 normals and 1 uniform per variate. The WebAssembly pair Gram-state
 * kernel (assembly/pairGramState.ts) runs the same trial in SIMD lanes on its own generator.
 *
 * @example
 * const g = streamRng(1, [0]);
 * const k = gammaShape(63 / 2);
 * const w = 2 * standardGamma(g, k); // a χ²_63 variate
 */
import { standardNormal } from './normal.js';
import type { Xoshiro128 } from './xoshiro128.js';

/** Precomputed constants of one gamma shape a > 0 (see the module doc). */
export interface GammaShape {
  /** The shape a. */
  readonly a: number;
  /** c = a' − 1/3 with a' = max(a, a + 1 when a < 1). */
  readonly c: number;
  /** 1/√(9c). */
  readonly k: number;
  /** 1/a when a < 1 (the power of the uniform boost), else 0. */
  readonly boost: number;
}

/** The constants of shape a (a > 0). */
export function gammaShape(a: number): GammaShape {
  if (!(a > 0 && Number.isFinite(a))) throw new RangeError(`gamma shape must be a finite positive number, got ${a}`);
  const a1 = a < 1 ? a + 1 : a;
  const c = a1 - 1 / 3;
  return { a, c, k: 1 / Math.sqrt(9 * c), boost: a < 1 ? 1 / a : 0 };
}

/** One Gamma(a, 1) variate (mean a, variance a). */
export function standardGamma(g: Xoshiro128, s: GammaShape): number {
  const { c, k } = s;
  let y: number;
  for (;;) {
    const z = standardNormal(g);
    let v = 1 + k * z;
    if (v <= 0) continue;
    v = v * v * v;
    const u = g.nextDouble();
    const z2 = z * z;
    if (u < 1 - 0.0331 * z2 * z2 || Math.log(u) < 0.5 * z2 + c * (1 - v + Math.log(v))) {
      y = c * v;
      break;
    }
  }
  // U in (0, 1]: 1 − nextDouble never gives 0, so the boost never returns exactly 0.
  return s.boost === 0 ? y : y * Math.pow(1 - g.nextDouble(), s.boost);
}

/** One χ²_k variate (k > 0 degrees of freedom, not necessarily an integer). */
export function chiSquare(g: Xoshiro128, s: GammaShape): number {
  return 2 * standardGamma(g, s);
}

/** The shape of χ²_k: Gamma(k/2). */
export function chiSquareShape(k: number): GammaShape {
  return gammaShape(k / 2);
}

/** One χ_k variate (the length of a k-dimensional standard normal vector), k ≥ 1. */
export function chi(g: Xoshiro128, s: GammaShape): number {
  if (s.a === 0.5) return Math.abs(standardNormal(g));
  return Math.sqrt(2 * standardGamma(g, s));
}
