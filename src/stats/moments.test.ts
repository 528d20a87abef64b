import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../util/errors.js';
import { meanInterval, RunningMoments, sampleMean, sampleSizeForMeanHalfWidth, sampleVariance } from './moments.js';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

describe('batch moments and t-interval', () => {
  it('known values', () => {
    expect(sampleMean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleVariance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 15);
    // scipy 1.17.1: stats.t.interval(0.95, 3, loc=2.5, scale=stats.sem([1,2,3,4]))
    const r = meanInterval([1, 2, 3, 4], 0.05);
    expect(r.lower).toBeCloseTo(0.4457397432394794, 12);
    expect(r.upper).toBeCloseTo(4.554260256760521, 12);
    expect(r.sd).toBeCloseTo(Math.sqrt(5 / 3), 15);
    expect(r.standardError).toBeCloseTo(Math.sqrt(5 / 3) / 2, 15);
    expect(r.df).toBe(3);
  });
  it('is accurate with a large offset (catastrophic cancellation guard)', () => {
    const xs = new Float64Array([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);
    expect(sampleVariance(xs)).toBe(30);
    const m = new RunningMoments().pushAll(xs);
    expect(m.variance).toBeCloseTo(30, 8);
  });
  it('rejects bad input', () => {
    expect(() => meanInterval([1], 0.05)).toThrow(/invalid xs: .*at least 2/);
    expect(() => meanInterval([1, 2], 0)).toThrow(/invalid alpha: got 0; expected a finite number > 0 and < 1/);
    expect(() => sampleMean([])).toThrow(ConfigError);
    expect(() => sampleVariance([1, NaN, 2])).toThrow(/xs\[1\]/);
    expect(() => meanInterval('abc' as never, 0.05)).toThrow(/invalid xs/);
  });
});

describe('RunningMoments', () => {
  const data = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 200 });
  it('agrees with the two-pass formulas', () => {
    fc.assert(
      fc.property(data, (xs) => {
        const m = new RunningMoments().pushAll(xs);
        expect(m.count).toBe(xs.length);
        expect(m.mean).toBeCloseTo(sampleMean(xs), 9);
        expect(Math.abs(m.variance - sampleVariance(xs))).toBeLessThan(1e-8 * (1 + sampleVariance(xs)));
        expect(m.min).toBe(Math.min(...xs));
        expect(m.max).toBe(Math.max(...xs));
        const ci = m.interval(0.1);
        const ref = meanInterval(xs, 0.1);
        expect(ci.lower).toBeCloseTo(ref.lower, 6);
      }),
    );
  });
  it('merge equals pushing everything', () => {
    fc.assert(
      fc.property(data, data, (a, b) => {
        const merged = new RunningMoments().pushAll(a).merge(new RunningMoments().pushAll(b));
        const all = new RunningMoments().pushAll([...a, ...b]);
        expect(merged.count).toBe(all.count);
        expect(merged.mean).toBeCloseTo(all.mean, 9);
        expect(Math.abs(merged.variance - all.variance)).toBeLessThan(1e-8 * (1 + all.variance));
        expect(new RunningMoments().merge(all).variance).toBe(all.variance);
      }),
    );
  });
  it('empty / single-observation states and validation', () => {
    const m = new RunningMoments();
    expect(m.mean).toBeNaN();
    m.push(3);
    expect(m.mean).toBe(3);
    expect(m.variance).toBeNaN();
    expect(() => m.interval(0.05)).toThrow(/at least 2/);
    expect(() => m.push(Infinity)).toThrow(/observation #1/);
  });
});

describe('sampleSizeForMeanHalfWidth', () => {
  it('is the smallest n with t·σ/√n ≤ h', () => {
    for (const [sd, h, a] of [
      [1, 0.1, 0.05],
      [2, 1, 0.01],
      [1, 5, 0.05],
      [0.3, 0.001, 0.1],
    ]) {
      const n = sampleSizeForMeanHalfWidth(sd, h, a);
      const w = (k: number): number => (tQuantile(1 - a / 2, k - 1) * sd) / Math.sqrt(k);
      expect(w(n)).toBeLessThanOrEqual(h);
      if (n > 2) expect(w(n - 1)).toBeGreaterThan(h);
    }
    expect(sampleSizeForMeanHalfWidth(1, 0.1, 0.05)).toBe(387);
  });
  it('validates', () => {
    expect(() => sampleSizeForMeanHalfWidth(0, 1, 0.05)).toThrow(/invalid sd/);
    expect(() => sampleSizeForMeanHalfWidth(1, -1, 0.05)).toThrow(/invalid halfWidth/);
  });
});
