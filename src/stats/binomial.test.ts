import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../util/errors.js';
import {
  binomialOneSidedPValue,
  binomialSampleSizeForHalfWidth,
  binomialTwoSidedPValue,
  clopperPearson,
  clopperPearsonLower,
  clopperPearsonUpper,
  powerOfBinomialTest,
  wilson,
} from './binomial.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('clopperPearson / wilson: known values', () => {
  // scipy 1.17.1: r = stats.binomtest(k, n); r.proportion_ci(0.95, 'exact') and (0.95, 'wilson')
  const ref: [number, number, number, number, number, number][] = [
    [7, 20, 0.1539092047845412, 0.5921885345328283, 0.1811918241010821, 0.5671457233147637],
    [0, 20, 0.0, 0.16843347098308548, 0.0, 0.16112515805281935],
    [20, 20, 0.8315665290169145, 1.0, 0.8388748419471808, 1.0],
    [1, 1000, 2.5317487491674634e-5, 0.0055589242798499, 0.00017654637062607809, 0.0056425585979579355],
    [999, 1000, 0.9944410757201502, 0.9999746825125083, 0.9943574414020421, 0.9998234536293739],
  ];
  it.each(ref)('k=%i n=%i', (k, n, cpL, cpU, wL, wU) => {
    const cp = clopperPearson(k, n, 0.05);
    expect(cp.estimate).toBe(k / n);
    expect(rel(cp.lower, cpL) < 1e-9 || cp.lower === cpL).toBe(true);
    expect(rel(cp.upper, cpU)).toBeLessThan(1e-9);
    const w = wilson(k, n, 0.05);
    expect(Math.abs(w.lower - wL)).toBeLessThan(1e-12);
    expect(Math.abs(w.upper - wU)).toBeLessThan(1e-12);
  });
  it('one-sided bounds', () => {
    // scipy: binomtest(95,100,alternative='greater').proportion_ci(0.95,'exact').low
    expect(clopperPearsonLower(95, 100, 0.05)).toBeCloseTo(0.8977466223567255, 10);
    // scipy: binomtest(0,100,alternative='less').proportion_ci(0.95,'exact').high = 1 − 0.05^(1/100)
    expect(clopperPearsonUpper(0, 100, 0.05)).toBeCloseTo(0.02951304960715664, 12);
    expect(clopperPearsonLower(0, 10, 0.05)).toBe(0);
    expect(clopperPearsonUpper(10, 10, 0.05)).toBe(1);
    // k = n: lower bound is α^{1/n}.
    expect(clopperPearsonLower(10, 10, 0.05)).toBeCloseTo(0.05 ** 0.1, 12);
  });
});

describe('clopperPearson: properties', () => {
  const kn = fc.integer({ min: 1, max: 500 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
  const alpha = fc.double({ min: 1e-4, max: 0.5, noNaN: true });
  it('contains the estimate and lies in [0, 1]; Wilson too', () => {
    fc.assert(
      fc.property(kn, alpha, ([k, n], a) => {
        for (const ci of [clopperPearson(k, n, a), wilson(k, n, a)]) {
          expect(ci.lower).toBeGreaterThanOrEqual(0);
          expect(ci.upper).toBeLessThanOrEqual(1);
          expect(ci.lower).toBeLessThanOrEqual(ci.estimate + 1e-12);
          expect(ci.upper).toBeGreaterThanOrEqual(ci.estimate - 1e-12);
        }
      }),
    );
  });
  it('is monotone in k', () => {
    fc.assert(
      fc.property(kn, alpha, ([k, n], a) => {
        fc.pre(k < n);
        const c0 = clopperPearson(k, n, a);
        const c1 = clopperPearson(k + 1, n, a);
        expect(c1.lower).toBeGreaterThan(c0.lower);
        expect(c1.upper).toBeGreaterThan(c0.upper);
      }),
    );
  });
  it('nests as α decreases; one-sided bound lies inside the two-sided interval at 2α', () => {
    fc.assert(
      fc.property(kn, alpha, fc.double({ min: 0.1, max: 0.9, noNaN: true }), ([k, n], a, f) => {
        const wide = clopperPearson(k, n, a * f);
        const narrow = clopperPearson(k, n, a);
        expect(wide.lower).toBeLessThanOrEqual(narrow.lower);
        expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper);
        expect(clopperPearsonLower(k, n, a / 2)).toBeCloseTo(narrow.lower, 12);
        expect(clopperPearsonUpper(k, n, a / 2)).toBeCloseTo(narrow.upper, 12);
      }),
    );
  });
  it('coverage ≥ 1 − α by exact enumeration over a grid of p (n = 10, 37, 100)', () => {
    for (const n of [10, 37, 100]) {
      for (const a of [0.05, 0.2]) {
        const cis = Array.from({ length: n + 1 }, (_, k) => clopperPearson(k, n, a));
        const lowers = Array.from({ length: n + 1 }, (_, k) => clopperPearsonLower(k, n, a));
        for (let t = 1; t < 200; t++) {
          const p = t / 200;
          let cov = 0;
          let cov1 = 0;
          for (let k = 0; k <= n; k++) {
            const f = binomialPmf(k, n, p);
            if (cis[k].lower <= p && p <= cis[k].upper) cov += f;
            if (lowers[k] <= p) cov1 += f;
          }
          expect(cov).toBeGreaterThanOrEqual(1 - a - 1e-12);
          expect(cov1).toBeGreaterThanOrEqual(1 - a - 1e-12);
        }
      }
    }
  });
});

describe('binomial tests', () => {
  // scipy 1.17.1: stats.binomtest(k, n, p).pvalue
  it.each([
    [7, 20, 0.5, 0.26317596435546875],
    [3, 20, 0.3, 0.22041826738070913],
    [10, 20, 0.3, 0.08344502962981207],
    [0, 10, 0.1, 0.6125795109999999],
    [13, 100, 0.2, 0.08106386679986093],
    [45, 1000, 0.05, 0.5138462313434611],
    [2, 7, 0.4, 0.7096959999999999],
    [500, 1000, 0.5, 1.0],
    [3, 10, 0.3, 1.0],
  ])('two-sided k=%i n=%i p=%f', (k, n, p, ref) => {
    expect(rel(binomialTwoSidedPValue(k, n, p), ref)).toBeLessThan(1e-9);
  });
  it('two-sided p-value equals brute-force Σ_{f(j) ≤ f(k)(1+1e-7)} f(j)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        ([k, n], p) => {
          fc.pre(k !== n * p);
          const d = binomialPmf(k, n, p) * (1 + 1e-7);
          let s = 0;
          for (let j = 0; j <= n; j++) if (binomialPmf(j, n, p) <= d) s += binomialPmf(j, n, p);
          expect(binomialTwoSidedPValue(k, n, p)).toBeCloseTo(Math.min(1, s), 10);
        },
      ),
    );
  });
  it('degenerate p0', () => {
    expect(binomialTwoSidedPValue(0, 5, 0)).toBe(1);
    expect(binomialTwoSidedPValue(1, 5, 0)).toBe(0);
    expect(binomialTwoSidedPValue(5, 5, 1)).toBe(1);
  });
  it('one-sided', () => {
    // scipy: binomtest(15, 20, 0.5, alternative='greater').pvalue
    expect(binomialOneSidedPValue(15, 20, 0.5, 'greater')).toBeCloseTo(0.020694732666015625, 14);
    expect(binomialOneSidedPValue(5, 20, 0.5, 'less')).toBeCloseTo(0.020694732666015625, 14);
    // Upper tail keeps relative accuracy far out: P(K ≥ 100 | n=100, p=0.5) = 2^-100.
    expect(rel(binomialOneSidedPValue(100, 100, 0.5, 'greater'), 2 ** -100)).toBeLessThan(1e-10);
  });
});

describe('powerOfBinomialTest', () => {
  function brutePower(n: number, p0: number, p1: number, a: number, alt: 'two-sided' | 'less' | 'greater'): number {
    let s = 0;
    for (let k = 0; k <= n; k++) {
      const pv = alt === 'two-sided' ? binomialTwoSidedPValue(k, n, p0) : binomialOneSidedPValue(k, n, p0, alt);
      if (pv <= a) s += binomialPmf(k, n, p1);
    }
    return s;
  }
  it('equals brute-force enumeration of the rejection region', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.double({ min: 0.02, max: 0.98, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.001, max: 0.3, noNaN: true }),
        fc.constantFrom('two-sided' as const, 'less' as const, 'greater' as const),
        (n, p0, p1, a, alt) => {
          expect(powerOfBinomialTest(n, p0, p1, a, alt)).toBeCloseTo(brutePower(n, p0, p1, a, alt), 10);
        },
      ),
      { numRuns: 200 },
    );
  });
  it('size ≤ α under H0 and known value', () => {
    expect(powerOfBinomialTest(100, 0.5, 0.5, 0.05)).toBeLessThanOrEqual(0.05);
    expect(powerOfBinomialTest(100, 0.5, 0.7, 0.05)).toBeCloseTo(brutePower(100, 0.5, 0.7, 0.05, 'two-sided'), 12);
    expect(powerOfBinomialTest(100, 0.5, 0.7, 0.05)).toBeGreaterThan(0.95);
  });
});

describe('binomialSampleSizeForHalfWidth', () => {
  it('is close to the Wald size and achieves the half-width', () => {
    for (const [p, h] of [
      [0.5, 0.05],
      [0.1, 0.02],
      [0.9, 0.01],
    ]) {
      const n = binomialSampleSizeForHalfWidth(p, h, 0.05);
      const wald = Math.ceil((1.959963984540054 ** 2 * p * (1 - p)) / h ** 2);
      expect(n).toBeGreaterThanOrEqual(wald * 0.98);
      expect(n).toBeLessThan(wald * 1.25); // CP is skewed away from 0 and 1, hence wider on one side
      const ci = clopperPearson(Math.round(n * p), n, 0.05);
      expect(Math.max(ci.upper - ci.estimate, ci.estimate - ci.lower)).toBeLessThan(h * 1.02);
    }
  });
  it('p = 0 gives ⌈ln(α/2)/ln(1−h)⌉', () => {
    expect(binomialSampleSizeForHalfWidth(0, 0.01, 0.05)).toBe(Math.ceil(Math.log(0.025) / Math.log(0.99)));
  });
});

describe('validation', () => {
  it('names parameter, value and range', () => {
    expect(() => clopperPearson(3, 2, 0.05)).toThrow(/invalid k: got 3; expected an integer in \[0, 2\]/);
    expect(() => clopperPearson(1, 0, 0.05)).toThrow(/invalid n/);
    expect(() => clopperPearson(1, 2, 1)).toThrow(/invalid alpha: got 1/);
    expect(() => wilson(1, 2, NaN)).toThrow(ConfigError);
    expect(() => binomialTwoSidedPValue(1, 2, 1.5)).toThrow(/p0/);
    expect(() => powerOfBinomialTest(10, 0.5, 0.5, 0.05, 'both' as never)).toThrow(/alternative/);
    expect(() => binomialSampleSizeForHalfWidth(0.5, 0, 0.05)).toThrow(/halfWidth/);
    expect(() => clopperPearsonLower(1.5, 2, 0.05)).toThrow(/invalid k/);
  });
});
