/**
 * Statistical and reproducibility tests of the random-number layer. The statistical tests use a
 * fixed seed (deterministic in CI) at α = 1e-3 each. Moment tests use 1e5 draws; KS tests use
 * 3e4 draws (stdlib's exact KS p-value is quadratic in n), enough to detect a CDF error of about
 * 0.011 (1.95/√n), e.g. a 3% error in the standard deviation of a normal.
 */
import { describe, expect, test } from 'vitest';
import { standardNormalChecks } from './normalChecks.js';
import fc from 'fast-check';
import kstest from '@stdlib/stats-kstest';
import binomialTest from '@stdlib/stats-binomial-test';
import normal from '@stdlib/random-base-normal';
import { ksTwoSample } from '../stats/index.js';
import { Xoshiro128 } from './xoshiro128.js';
import { deriveSeed, streamRng } from './streams.js';
import { fillNormal, standardNormal } from './normal.js';
import { fillEntries, ENTRY_LAWS } from './entryLaws.js';

const ALPHA = 1e-3;
const N = 100_000;
const N_KS = 30_000;

describe('xoshiro128**', () => {
  test('matches the reference outputs of the C implementation for state (1, 2, 3, 4)', () => {
    // First outputs of xoshiro128starstar.c (Blackman & Vigna) from s = {1, 2, 3, 4}, computed
    // by hand-translating next() with 32-bit arithmetic in Python (independent of this code).
    const g = new Xoshiro128(1, 2, 3, 4);
    const out = Array.from({ length: 6 }, () => g.nextUint32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  test('nextDouble lies in [0, 1)', () => {
    const g = streamRng(3, [0]);
    for (let i = 0; i < 10_000; i++) {
      const u = g.nextDouble();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
});

describe('streams', () => {
  test('same address, same bits; different seed or id, different bits', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), fc.array(fc.nat({ max: 2 ** 40 }), { maxLength: 3 }), (seed, ids) => {
        const a = streamRng(seed, ids);
        const b = streamRng(seed, ids);
        const c = streamRng(seed + 1, ids);
        const e = streamRng(seed, [...ids, 0]);
        const xa = Array.from({ length: 4 }, () => a.nextInt32());
        expect(Array.from({ length: 4 }, () => b.nextInt32())).toEqual(xa);
        expect(Array.from({ length: 4 }, () => c.nextInt32())).not.toEqual(xa);
        expect(Array.from({ length: 4 }, () => e.nextInt32())).not.toEqual(xa);
      }),
    );
  });

  test('rejects seeds that are not non-negative safe integers', () => {
    for (const bad of [-1, 1.5, NaN, 2 ** 53, Infinity]) {
      expect(() => streamRng(bad, [0])).toThrow(/invalid seed/);
    }
    expect(() => streamRng(1, [-2])).toThrow(/invalid stream id 0/);
  });

  test('adjacent streams are uncorrelated (|r| < 4/√n, a 4-sigma bound)', () => {
    const a = streamRng(1, [0, 0]);
    const b = streamRng(1, [0, 1]);
    let sab = 0;
    for (let i = 0; i < N; i++) sab += standardNormal(a) * standardNormal(b);
    expect(Math.abs(sab / N)).toBeLessThan(4 / Math.sqrt(N));
  });

  test('deriveSeed is deterministic and spreads labels', () => {
    expect(deriveSeed(5, [1, 2])).toBe(deriveSeed(5, [1, 2]));
    expect(deriveSeed(5, [1, 2])).not.toBe(deriveSeed(5, [2, 1]));
    expect(Number.isSafeInteger(deriveSeed(5, [1]))).toBe(true);
  });
});

describe('samplers against @stdlib distributions', () => {
  test('ziggurat normals pass a KS test against N(0,1) and have the right moments', () => {
    const x = new Float64Array(N);
    fillNormal(streamRng(11, [0]), x, 1);
    const c = standardNormalChecks(x, N_KS);
    expect(c.ksPValue).toBeGreaterThan(ALPHA);
    for (const r of c.momentRatios) expect(r).toBeLessThan(1);
  });

  test('the tail beyond the base layer is sampled with the right mass', () => {
    // P(|Z| > 3.6541528853610088) = 2.58e-4: the tail algorithm is exercised ~26 times per 1e5.
    const g = streamRng(12, [0]);
    const n = 2_000_000;
    let k = 0;
    for (let i = 0; i < n; i++) if (Math.abs(standardNormal(g)) > 3.6541528853610088) k++;
    const p = 2 * 0.0001290155; // 2·(1 − Φ(r)), r = 3.6541528853610088
    expect(binomialTest(k, n, { p }).pValue).toBeGreaterThan(ALPHA);
  });

  test.each(ENTRY_LAWS)('%s entries have mean 0 and the requested variance', (law) => {
    const sd = 0.37;
    const x = new Float64Array(N);
    fillEntries(law, streamRng(13, [1]), x, sd);
    let m1 = 0;
    let m2 = 0;
    for (const v of x) {
      m1 += v;
      m2 += v * v;
    }
    // Var of v² is at most 2·sd⁴ for these three laws (Gaussian is the largest).
    expect(Math.abs(m1 / N)).toBeLessThan((5 * sd) / Math.sqrt(N));
    expect(Math.abs(m2 / N - sd * sd)).toBeLessThan(5 * sd * sd * Math.sqrt(2 / N));
  });

  test('uniform entries pass a KS test against U(−sd√3, sd√3)', () => {
    const sd = 0.5;
    const x = new Float64Array(N_KS);
    fillEntries('uniform', streamRng(14, [0]), x, sd);
    const a = sd * Math.sqrt(3);
    expect(kstest(x, 'uniform', -a, a).pValue).toBeGreaterThan(ALPHA);
  });

  test('rademacher entries are ±sd with probability ½ (exact binomial test)', () => {
    const sd = 2;
    const x = new Float64Array(N + 7); // not a multiple of 32: exercises the partial word
    fillEntries('rademacher', streamRng(15, [0]), x, sd);
    let plus = 0;
    for (const v of x) {
      expect(Math.abs(v)).toBe(sd);
      if (v > 0) plus++;
    }
    expect(binomialTest(plus, x.length, { p: 0.5 }).pValue).toBeGreaterThan(ALPHA);
  });
});

describe('fast bulk sampling keeps the bits of the one-at-a-time samplers', () => {
  test('fillNormal equals scale·standardNormal draw by draw, including slow-path draws, and leaves the same state', () => {
    for (const [seed, count, offset] of [[21, 200_000, 0], [22, 37, 5]] as const) {
      const a = streamRng(seed, [0]);
      const b = streamRng(seed, [0]);
      const out = new Float64Array(offset + count);
      fillNormal(a, out, 0.7, offset, count);
      for (let k = 0; k < count; k++) expect(out[offset + k]).toBe(0.7 * standardNormal(b));
      expect(a.state()).toEqual(b.state());
    }
  });

  test('uniform entries equal sd·√3·(2·nextDouble − 1) draw by draw', () => {
    const a = streamRng(23, [0]);
    const b = streamRng(23, [0]);
    const out = new Float64Array(1000);
    fillEntries('uniform', a, out, 0.4);
    for (let k = 0; k < out.length; k++) expect(out[k]).toBe(0.4 * Math.sqrt(3) * (2 * b.nextDouble() - 1));
    expect(a.state()).toEqual(b.state());
  });
});

describe("against @stdlib's own sampler", () => {
  test('ziggurat normals and @stdlib/random-base-normal (Box–Muller on MT19937) have the same law (two-sample KS)', () => {
    const ours = new Float64Array(N_KS);
    fillNormal(streamRng(16, [0]), ours, 1);
    const theirs = normal.factory(0, 1, { seed: 16 });
    const ref = Float64Array.from({ length: N_KS }, () => theirs());
    expect(ksTwoSample(ours, ref).pValue).toBeGreaterThan(ALPHA);
  });
});
