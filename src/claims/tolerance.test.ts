/**
 * Validation of the rounding-error model (tolerance.ts): the chain run in float32 emulation
 * (Math.fround after every operation) against the float64 reference, with the same initial
 * tokens and increments, over random configurations — the property claims' own arbitrary and a
 * wider grid (depth to 200, d to 16, β to 500, T to 100). Every observed deviation must sit below
 * the predicted tolerance; float64 tolerances never exceed a claim's former fixed tolerance.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { gaussianIncrements, shapeArb, unitTokens } from './arbitraries.js';
import { referenceSimulator } from './reference.js';
import { runPlainChain } from '../faults/plainChain.js';
import { tolerance, UNIT_ROUNDOFF } from './tolerance.js';

type Config = Record<'n' | 'd' | 'depth' | 'horizon' | 'beta' | 'sigma' | 'gamma' | 'seed', number>;

const wideGrid = fc.record({
  n: fc.constantFrom(1, 2, 4, 6),
  d: fc.constantFrom(2, 3, 6, 16),
  depth: fc.constantFrom(1, 5, 30, 200),
  horizon: fc.constantFrom(0.01, 1, 10, 100),
  beta: fc.constantFrom(0, 1, 5, 50, 500),
  sigma: fc.constantFrom(0, 0.5, 1, 3),
  gamma: fc.constantFrom(0, 1, 3),
  seed: fc.nat({ max: 2 ** 31 }),
});

describe('the rounding-error model bounds float32 arithmetic', () => {
  test.each([
    ['the property claims’ configurations', shapeArb, 300],
    ['a wide grid (depth ≤ 200, d ≤ 16, β ≤ 500)', wideGrid, 300],
  ] as const)('%s', async (_label, arb, runs) => {
    const ref = referenceSimulator();
    let worstRatio = 0;
    for (const s of fc.sample(arb as fc.Arbitrary<Config>, { seed: 11, numRuns: runs })) {
      const { n, d, depth } = s;
      const increments = gaussianIncrements(s.seed, depth * d * d, (s.sigma * Math.sqrt(s.horizon / depth)) / Math.sqrt(d));
      const req = { ...s, law: 'gaussian' as const, paths: 1, initialTokens: unitTokens(s.seed, n, d), increments };
      const exact = (await ref.runChain(req)).finalTokens;
      const f32 = runPlainChain(req, { float32: true }).finalTokens;
      const pathTol = tolerance('float32', 'pathwise', s);
      const sphereTol = tolerance('float32', 'sphere', s);
      for (let i = 0; i < n; i++) {
        let e = 0;
        let norm = 0;
        for (let a = 0; a < d; a++) {
          e += (exact[i * d + a] - f32[i * d + a]) ** 2;
          norm += f32[i * d + a] ** 2;
        }
        worstRatio = Math.max(worstRatio, Math.sqrt(e) / pathTol);
        expect(Math.sqrt(e), JSON.stringify(s)).toBeLessThanOrEqual(pathTol);
        expect(Math.abs(Math.sqrt(norm) - 1), JSON.stringify(s)).toBeLessThanOrEqual(sphereTol);
      }
    }
    // The model is a bound, not an estimate: report how much room it leaves.
    expect(worstRatio).toBeGreaterThan(0);
    console.log(`largest observed / predicted pathwise deviation: ${worstRatio.toPrecision(3)}`);
  });

  test('float64 tolerances are capped by the former fixed ones, float32 ones scale with u', () => {
    const w = { n: 6, d: 6, depth: 30, beta: 500 };
    expect(tolerance('float64', 'two-runs', w, 1e-9)).toBeLessThanOrEqual(1e-9);
    expect(tolerance('float32', 'two-runs', w) / tolerance('float64', 'two-runs', w)).toBeCloseTo(UNIT_ROUNDOFF.float32 / UNIT_ROUNDOFF.float64, 6);
    expect(tolerance('float32', 'sphere', { n: 2, d: 3, depth: 1, beta: 0 })).toBeCloseTo(9 * 2 ** -24, 20);
  });
});
