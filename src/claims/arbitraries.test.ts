/** Generators used by the property claims. */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { checkProperty, orthogonalMatrix, unitTokens } from './arbitraries.js';
import { SimulatorError } from './simulatorUnderTest.js';
import { binomialTwoSidedPValue } from '../stats/index.js';

function det(m: Float64Array, d: number): number {
  const a = Array.from({ length: d }, (_, i) => Array.from(m.subarray(i * d, (i + 1) * d)));
  let s = 1;
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (p !== c) [a[p], a[c]] = [a[c], a[p]], (s = -s);
    for (let r = c + 1; r < d; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k < d; k++) a[r][k] -= f * a[c][k];
    }
    s *= a[c][c];
  }
  return s;
}

describe('orthogonalMatrix', () => {
  test('is orthogonal to 1e-12', () => {
    for (const d of [2, 3, 5, 8]) {
      const u = orthogonalMatrix(d, d);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += u[i * d + k] * u[j * d + k];
        expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
  });

  test('is Haar: det = +1 and −1 equally often, first entry symmetric (exact binomial tests, α = 1e-3)', () => {
    const m = 2000;
    let positive = 0;
    let firstPositive = 0;
    for (let s = 0; s < m; s++) {
      const u = orthogonalMatrix(s, 3);
      if (det(u, 3) > 0) positive++;
      if (u[0] > 0) firstPositive++;
    }
    expect(binomialTwoSidedPValue(positive, m, 0.5)).toBeGreaterThan(1e-3);
    expect(binomialTwoSidedPValue(firstPositive, m, 0.5)).toBeGreaterThan(1e-3);
  });
});

test('unitTokens are unit vectors', () => {
  const x = unitTokens(4, 5, 3);
  for (let i = 0; i < 5; i++) expect(Math.hypot(x[3 * i], x[3 * i + 1], x[3 * i + 2])).toBeCloseTo(1, 14);
});

describe('checkProperty', () => {
  const opts = { seed: 1, numRuns: 5 };
  test('a simulator that broke is thrown on, not a counterexample', async () => {
    await expect(
      checkProperty(fc.integer(), async () => {
        throw new SimulatorError('exited with code 1');
      }, opts),
    ).rejects.toThrow('exited with code 1');
  });
  test('a reply with non-finite numbers is a counterexample (the claim fails)', async () => {
    const e = new SimulatorError('final_tokens contains NaN at index [0, 0, 0]');
    e.nonFiniteAnswer = true;
    const r = await checkProperty(fc.integer(), async () => {
      throw e;
    }, opts);
    expect(r.pass).toBe(false);
    expect(r.error).toMatch(/contains NaN/);
  });
});
