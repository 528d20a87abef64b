import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { linearRegression, slopeFromBatches, weightedLinearRegression } from './regression.js';

describe('linearRegression', () => {
  it('matches scipy.stats.linregress (scipy 1.17.1)', () => {
    // linregress([1,2,3,4,5], [2.1,3.9,6.2,7.8,10.1]): slope, intercept, stderr, intercept_stderr, r², p
    const r = linearRegression([1, 2, 3, 4, 5], [2.1, 3.9, 6.2, 7.8, 10.1], 0.05);
    expect(r.slope).toBeCloseTo(1.99, 12);
    expect(r.intercept).toBeCloseTo(0.05, 12);
    expect(r.slopeStandardError).toBeCloseTo(0.059721576223897795, 12);
    expect(r.interceptStandardError).toBeCloseTo(0.19807406022327906, 12);
    expect(r.rSquared).toBeCloseTo(0.997305328900977, 12);
    expect(r.slopePValue).toBeCloseTo(5.941539111755929e-5, 12);
    // t_{0.975,3} = 3.1824463052837078 (scipy.stats.t.ppf)
    expect(r.slopeUpper - r.slope).toBeCloseTo(3.1824463052837078 * 0.059721576223897795, 10);
  });
  it('matches scipy on a 20-point noisy line', () => {
    // x = 0.5·(1..20), y = 3 − 0.7x + sin(1.3·(1..20)); scipy.stats.linregress(x, y)
    const x = Array.from({ length: 20 }, (_, i) => (i + 1) * 0.5);
    const y = x.map((v, i) => 3 - 0.7 * v + Math.sin((i + 1) * 1.3));
    const r = linearRegression(new Float64Array(x), new Float64Array(y), 0.05);
    expect(r.slope).toBeCloseTo(-0.7204677488852125, 12);
    expect(r.intercept).toBeCloseTo(3.138131016050373, 12);
    expect(r.slopeStandardError).toBeCloseTo(0.05819279297606581, 12);
    expect(r.interceptStandardError).toBeCloseTo(0.3485500558205302, 12);
    expect(r.rSquared).toBeCloseTo(0.8949100458898516, 12);
    expect(Math.abs(r.slopePValue / 3.047324961905573e-10 - 1)).toBeLessThan(1e-6);
    expect(r.slopeLower).toBeCloseTo(-0.7204677488852125 - 2.1009220402410382 * 0.05819279297606581, 10);
  });
  it('recovers an exact line; property: residuals orthogonal ⇒ invariance to shifting y', () => {
    const r = linearRegression([0, 1, 2, 3], [1, 3, 5, 7], 0.05);
    expect(r.slope).toBeCloseTo(2, 14);
    expect(r.slopeStandardError).toBeCloseTo(0, 14);
    expect(r.rSquared).toBeCloseTo(1, 14);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true })), { minLength: 3, maxLength: 30 }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (pts, c) => {
          const x = pts.map((p) => p[0]);
          fc.pre(Math.max(...x) - Math.min(...x) > 1e-3);
          const y = pts.map((p) => p[1]);
          const a = linearRegression(x, y, 0.05);
          const b = linearRegression(x, y.map((v) => v + c), 0.05);
          expect(b.slope).toBeCloseTo(a.slope, 8);
          expect(b.intercept).toBeCloseTo(a.intercept + c, 8);
          expect(a.slopeLower).toBeLessThanOrEqual(a.slope);
          expect(a.rSquared).toBeGreaterThanOrEqual(0);
          expect(a.rSquared).toBeLessThanOrEqual(1 + 1e-12);
        },
      ),
    );
  });
  it('rejects bad input', () => {
    expect(() => linearRegression([1, 2], [1, 2], 0.05)).toThrow(/invalid x/);
    expect(() => linearRegression([1, 2, 3], [1, 2], 0.05)).toThrow(/invalid y/);
    expect(() => linearRegression([1, 2, 3, 4], [1, 2, 3], 0.05)).toThrow(/y.length/);
    expect(() => linearRegression([1, 1, 1], [1, 2, 3], 0.05)).toThrow(/distinct x/);
    expect(() => linearRegression([1, 2, 3], [1, 2, 3], 2)).toThrow(/alpha/);
  });
});

describe('slopeFromBatches', () => {
  it('is the t-interval of the batch slopes', () => {
    // scipy: stats.t.interval(0.95, 3, loc=mean(v), scale=sem(v)), v = [1.9, 2.1, 2.0, 2.05]
    const r = slopeFromBatches([1.9, 2.1, 2.0, 2.05], 0.05);
    expect(r.mean).toBeCloseTo(2.0125, 14);
    expect(r.lower).toBeCloseTo(1.8766234558101993, 12);
    expect(r.upper).toBeCloseTo(2.148376544189801, 12);
    expect(() => slopeFromBatches([2], 0.05)).toThrow(/batchSlopes/);
  });
});

describe('weightedLinearRegression', () => {
  test('matches numpy.polyfit with weights 1/σ and cov="unscaled"', () => {
    // numpy 1.26: np.polyfit([0,1,2,3,4], [1.1,2.9,5.2,6.8,9.3], 1, w=1/np.sqrt(v), cov='unscaled')
    // with v = [0.1,0.2,0.1,0.4,0.3] → slope 2.02923077, intercept 1.05384615, SE(slope) 0.13774744634423888
    const r = weightedLinearRegression([0, 1, 2, 3, 4], [1.1, 2.9, 5.2, 6.8, 9.3], [0.1, 0.2, 0.1, 0.4, 0.3], 0.05);
    expect(r.slope).toBeCloseTo(2.02923077, 7);
    expect(r.intercept).toBeCloseTo(1.05384615, 7);
    expect(r.slopeStandardError).toBeCloseTo(0.13774744634423888, 12);
    expect(r.slopeUpper - r.slope).toBeCloseTo(1.959963984540054 * 0.13774744634423888, 10);
  });

  test('equal variances reproduce the ordinary slope', () => {
    const x = [1, 2, 3, 4, 6];
    const y = [2, 4.1, 5.9, 8.2, 11.7];
    expect(weightedLinearRegression(x, y, [2, 2, 2, 2, 2], 0.05).slope).toBeCloseTo(linearRegression(x, y, 0.05).slope, 12);
  });

  test('rejects non-positive variances and mismatched lengths', () => {
    expect(() => weightedLinearRegression([0, 1], [0, 1], [1, 0], 0.05)).toThrow(/invalid variances\[1\]/);
    expect(() => weightedLinearRegression([0, 1], [0, 1, 2], [1, 1], 0.05)).toThrow(/invalid y.length/);
  });
});
