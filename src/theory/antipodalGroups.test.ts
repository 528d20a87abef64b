/**
 * The (k, n − k) formation: identities with the two-token theory, the closed-form Λ against finite
 * differences of the exact cosine diffusion, and the chain against the two predictions that are
 * new — unequal groups do not stay exactly antipodal (c₀ > 0), and their gap follows the
 * quasi-stationary law of the cosine diffusion.
 */
import { describe, expect, test } from 'vitest';
import {
  antipodalGroupsTable, antipodalGapDrift, antipodalGapQuantiles, groupCriticalBeta, groupLyapunovExponent, twoGroupCosineDiffusionSquared,
  twoGroupCosineDrift, withinGroupExponents,
} from './antipodalGroups.js';
import { cosineDiffusionSquared, cosineDrift } from './cosineSde.js';
import { criticalBeta, lyapunovExponentAtAntipode, lyapunovExponentAtCollapse } from './lyapunov.js';
import { runChain } from '../simulator/chain.js';
import { chiSquareGoodnessOfFit } from '../stats/index.js';

const model = (beta: number, d: number, gamma = 0) => ({ beta, d, sigma: 1, gamma });

describe('two antipodal groups: identities', () => {
  test('k = 1, n = 2 is the two-token cosine diffusion', () => {
    for (const rho of [-0.9, -0.3, 0.2, 0.8]) {
      for (const [beta, d, gamma] of [[1, 3, 0], [2.5, 6, 0.3]]) {
        const p = { ...model(beta, d, gamma), n: 2, k: 1 };
        expect(twoGroupCosineDrift(rho, p)).toBeCloseTo(cosineDrift(rho, model(beta, d, gamma)), 13);
        expect(twoGroupCosineDiffusionSquared(rho, p)).toBeCloseTo(cosineDiffusionSquared(rho, model(beta, d, gamma)), 13);
      }
    }
  });

  test('equal groups: Λ is the two-token λ₋, no gap drift, and β*_k = ½ arccosh(d − 2)', () => {
    for (const n of [2, 4, 16]) {
      for (const [beta, d, gamma] of [[0.5, 4, 0], [1.2, 6, 0], [2, 5, 0.4]]) {
        const p = { ...model(beta, d, gamma), n, k: n / 2 };
        expect(groupLyapunovExponent(p)).toBeCloseTo(lyapunovExponentAtAntipode(model(beta, d, gamma)), 12);
        expect(antipodalGapDrift(p)).toBe(0);
      }
      expect(groupCriticalBeta({ n, k: n / 2, d: 6, sigma: 1, gamma: 0 })).toBeCloseTo(criticalBeta(6, 1, 0), 9);
    }
    // Within a group the exponent is λ₊ scaled by μ²: for one token per group (μ = a − b)…
    const [w] = withinGroupExponents({ ...model(0, 3), n: 2, k: 1 }); // β = 0: μ = 0, nothing pulls
    expect(w).toBe(-0);
    expect(withinGroupExponents({ ...model(30, 4), n: 4, k: 2 })[0]).toBeCloseTo(lyapunovExponentAtCollapse(model(30, 4)), 12);
  });

  test('unequal groups: c₀ > 0, and Λ is c₁ − v₂/2 of the exact diffusion (finite differences)', () => {
    for (const [n, k, beta, d, gamma] of [[3, 1, 2, 3, 0], [3, 1, 0.7, 6, 0], [8, 3, 1.1, 5, 0], [32, 13, 1.5, 6, 0.2]]) {
      const p = { ...model(beta, d, gamma), n, k };
      const mu = (r: number) => twoGroupCosineDrift(-1 + r, p);
      const v = (r: number) => twoGroupCosineDiffusionSquared(-1 + r, p);
      const h = 1e-4;
      // Second-order one-sided differences: error O(h²) relative to O(1) derivatives.
      const c1 = (-3 * mu(0) + 4 * mu(h) - mu(2 * h)) / (2 * h);
      // v(r) = v₁ r + v₂ r² + O(r³): fit v(r)/r = v₁ + v₂ r on r = h, 2h, 3h (quadratic extrapolation).
      // v(r)/r = v₁ + v₂ r + v₃ r² + O(r³): the parabola through r = h, 2h, 3h, differentiated at 0.
      const [g1, g2, g3] = [h, 2 * h, 3 * h].map((r) => v(r) / r);
      const curvature = (g1 - 2 * g2 + g3) / (2 * h * h);
      const v2fit = (g2 - g1) / h - 3 * curvature * h;
      expect(mu(0)).toBeCloseTo(antipodalGapDrift(p), 14);
      expect(antipodalGapDrift(p)).toBeGreaterThan(0);
      expect(groupLyapunovExponent(p)).toBeCloseTo(c1 - v2fit / 2, 6); // truncation O(h²) ≈ 1e-8
    }
  });

  test('the (k, n − k) table: one row per split, the equal split is the two-token case', () => {
    const rows = antipodalGroupsTable(4, model(1.5, 6));
    expect(rows.map((r) => r.sizes)).toEqual([[1, 3], [2, 2]]);
    expect(rows[1].exponent).toBeCloseTo(lyapunovExponentAtAntipode(model(1.5, 6)), 12);
    expect(rows[1].gapDrift).toBe(0);
    expect(rows[0].gapDrift).toBeGreaterThan(0);
    expect(rows[1].criticalBeta).toBeCloseTo(criticalBeta(6, 1, 0), 9);
  });

  test('the frontier of the (1, 2) formation lies above the two-token threshold', () => {
    for (const d of [4, 6, 8]) {
      const b = groupCriticalBeta({ n: 3, k: 1, d, sigma: 1, gamma: 0 });
      expect(b).toBeGreaterThan(criticalBeta(d, 1, 0));
      expect(groupLyapunovExponent({ ...model(b + 1e-6, d), n: 3, k: 1 })).toBeLessThan(0);
      expect(groupLyapunovExponent({ ...model(b - 1e-6, d), n: 3, k: 1 })).toBeGreaterThan(0);
    }
  });
});

describe('two antipodal groups: the chain', () => {
  /** n tokens, the first k at e_1 and the others at −e_1 (exactly antipodal), in R^d. */
  const formation = (n: number, k: number, d: number) => Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, a) => (a === 0 ? (i < k ? 1 : -1) : 0)));
  const gaps = (x: Float64Array, n: number, d: number, paths: number) =>
    Array.from({ length: paths }, (_, p) => {
      let s = 0;
      for (let a = 0; a < d; a++) s += x[p * n * d + a] * x[p * n * d + (n - 1) * d + a];
      return 1 + s;
    });

  test('equal groups stay exactly antipodal; unequal groups do not', () => {
    const run = (n: number, k: number) => runChain({ n, d: 3, beta: 2, sigma: 1, depth: 200, horizon: 2, seed: 5, paths: 20, initialTokens: formation(n, k, 3) });
    expect(Math.max(...gaps(run(4, 2).finalTokens, 4, 3, 20))).toBeLessThan(1e-12);
    // c₀ ≈ 9e-4 per unit time: after T = 2 the gap is of order 1e-3, never 1e-12.
    expect(Math.min(...gaps(run(3, 1).finalTokens, 3, 3, 20))).toBeGreaterThan(1e-8);
  });

  // Two group sizes, so that the test sees the dependence on k/n: at d = 3, β = 2 the predicted median
  // gap is 2.2e-3 for (1, 2) of n = 3 and 6.7e-3 for (2, 6) of n = 8.
  test.each([
    [3, 1, 17],
    [8, 2, 18],
  ])('the gap of the (k, n − k) formation follows the quasi-stationary law (n = %i, k = %i; χ², α = 0.005 each)', (n, k, seed) => {
    // d = 3, β = 2: Λ ≈ −0.6, so from r = 0 the law relaxes in a few time units; T = 10 (6
    // relaxation times; escapes from the well, which the law leaves out, stay rare: measured 6%
    // for n = 3). 600 paths, six bins at the predicted quantiles 0.1 … 0.9 (expected counts ≥ 50);
    // paths that left the well (r ≥ 0.5) are left out, as the law is restricted to the well.
    // α = 0.005 per group size (0.01 for the pair). Power: a gap law off by a factor 2 in scale
    // moves about 10% of the mass across each inner quantile (density of log r ≈ 0.2 per unit),
    // a χ² of ≈ 60 against the 18.4 critical value; the two laws differ by a factor 3 in scale.
    const qs = [0.1, 0.25, 0.5, 0.75, 0.9];
    const rMax = 0.5;
    const theory = antipodalGapQuantiles({ ...model(2, 3), n, k }, qs, rMax);
    expect(theory.massNearCut).toBeLessThan(0.05);
    const paths = 600;
    const r = gaps(runChain({ n, d: 3, beta: 2, sigma: 1, depth: 1000, horizon: 10, seed, paths, initialTokens: formation(n, k, 3) }).finalTokens, n, 3, paths);
    const inWell = r.filter((x) => x < rMax);
    expect(inWell.length).toBeGreaterThan(paths / 2);
    const counts = new Array<number>(qs.length + 1).fill(0);
    for (const x of inWell) counts[theory.quantiles.filter((q) => x > q).length]++;
    const probs = [0.1, 0.15, 0.25, 0.25, 0.15, 0.1];
    const chi = chiSquareGoodnessOfFit(counts, probs);
    expect(chi.pValue, `counts ${counts} vs ${probs.map((p) => (p * inWell.length).toFixed(0))}`).toBeGreaterThan(0.005);
  });
});
