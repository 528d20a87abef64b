/**
 * Statistical checks of a sample that should be i.i.d. N(0, 1), shared by the tests of every
 * normal generator (the JavaScript ziggurat and the WebAssembly one): a one-sample KS test against
 * @stdlib's normal CDF on the first `nKs` draws (stdlib's exact p-value is quadratic in n), and the
 * first, second and fourth moments against 5-sigma bounds (sd of the mean 1/√n, of the mean of z²
 * √2/√n, of the mean of z⁴ √96/√n). Test-only: excluded from the build (tsconfig.build.json).
 */
import kstest from '@stdlib/stats-kstest';

export interface NormalChecks {
  ksPValue: number;
  /** |moment − expected| / 5-sigma bound for E z, E z², E z⁴: each must be < 1. */
  momentRatios: [number, number, number];
}

export function standardNormalChecks(x: Float64Array, nKs: number): NormalChecks {
  const n = x.length;
  let m1 = 0;
  let m2 = 0;
  let m4 = 0;
  for (const z of x) {
    m1 += z;
    m2 += z * z;
    m4 += z ** 4;
  }
  return {
    ksPValue: kstest(x.subarray(0, nKs), 'normal', 0, 1).pValue,
    momentRatios: [
      Math.abs(m1 / n) / (5 / Math.sqrt(n)),
      Math.abs(m2 / n - 1) / (5 * Math.sqrt(2 / n)),
      Math.abs(m4 / n - 3) / (5 * Math.sqrt(96 / n)),
    ],
  };
}
