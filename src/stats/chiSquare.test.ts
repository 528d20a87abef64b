import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit } from './chiSquare.js';
import { twoProportionTest } from './twoProportion.js';

describe('chiSquareGoodnessOfFit', () => {
  it('matches scipy.stats.chisquare (scipy 1.17.1)', () => {
    // chisquare([16,18,16,14,12,12]) → 2.0, 0.8491450360846096
    const a = chiSquareGoodnessOfFit([16, 18, 16, 14, 12, 12], Array(6).fill(1 / 6));
    expect(a.statistic).toBeCloseTo(2, 12);
    expect(a.pValue).toBeCloseTo(0.8491450360846096, 12);
    expect(a.df).toBe(5);
    // chisquare([30,14,34,45,57,20], f_exp=[20,20,30,40,60,30]) → 11.441666666666666, 0.04329313031580497; ddof=1 → 0.0220240293490195
    const probs = [20, 20, 30, 40, 60, 30].map((e) => e / 200);
    const b = chiSquareGoodnessOfFit([30, 14, 34, 45, 57, 20], probs);
    expect(b.statistic).toBeCloseTo(11.441666666666666, 10);
    expect(b.pValue).toBeCloseTo(0.04329313031580497, 12);
    expect(chiSquareGoodnessOfFit([30, 14, 34, 45, 57, 20], probs, 1).pValue).toBeCloseTo(0.0220240293490195, 12);
    expect(b.minExpected).toBeCloseTo(20, 12);
  });
  it('rejects bad input', () => {
    expect(() => chiSquareGoodnessOfFit([1, 2], [0.5, 0.4])).toThrow(/sum\(expectedProbs\)/);
    expect(() => chiSquareGoodnessOfFit([1, 2], [1, 0])).toThrow(/expectedProbs\[1\]/);
    expect(() => chiSquareGoodnessOfFit([1, -2], [0.5, 0.5])).toThrow(/observed\[1\]/);
    expect(() => chiSquareGoodnessOfFit([1, 2, 3], [0.5, 0.5])).toThrow(/expectedProbs.length/);
    expect(() => chiSquareGoodnessOfFit([1, 2], [0.5, 0.5], 1)).toThrow(/ddof/);
    expect(() => chiSquareGoodnessOfFit([0, 0], [0.5, 0.5])).toThrow(/sum\(observed\)/);
  });
});

describe('twoProportionTest (Fisher exact)', () => {
  it('matches scipy.stats.fisher_exact (scipy 1.17.1)', () => {
    // fisher_exact([[8,2],[2,8]]) → 0.023014137565221155
    expect(twoProportionTest(8, 10, 2, 10).pValue).toBeCloseTo(0.023014137565221155, 12);
    // fisher_exact([[3,17],[9,11]]) → 0.08235877701951116; alternative='less' → 0.04117938850975558
    expect(twoProportionTest(3, 20, 9, 20).pValue).toBeCloseTo(0.08235877701951116, 12);
    expect(twoProportionTest(3, 20, 9, 20, 'less').pValue).toBeCloseTo(0.04117938850975558, 12);
    // fisher_exact([[45,55],[30,70]]) → 0.040534006514982644; 'greater' → 0.020267003257491322
    expect(twoProportionTest(45, 100, 30, 100).pValue).toBeCloseTo(0.040534006514982644, 12);
    expect(twoProportionTest(45, 100, 30, 100, 'greater').pValue).toBeCloseTo(0.020267003257491322, 12);
    // fisher_exact([[120,880],[80,920]]) → 0.0035648027625589684
    expect(twoProportionTest(120, 1000, 80, 1000).pValue / 0.0035648027625589684).toBeCloseTo(1, 9);
    // fisher_exact([[0,10],[0,7]]) → 1.0
    expect(twoProportionTest(0, 10, 0, 7).pValue).toBe(1);
    const r = twoProportionTest(8, 10, 2, 10);
    expect(r.difference).toBeCloseTo(0.6, 14);
  });
  it('rejects bad input naming the parameter', () => {
    expect(() => twoProportionTest(11, 10, 2, 10)).toThrow(/invalid k1/);
    expect(() => twoProportionTest(1, 10, 2, 0)).toThrow(/invalid n2/);
    expect(() => twoProportionTest(1, 10, 2, 10, 'x' as never)).toThrow(/alternative/);
  });
});
