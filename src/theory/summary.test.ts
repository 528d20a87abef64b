import { describe, expect, test } from 'vitest';
import { theoryReport, formatTheoryReport } from './summary.js';
import { ConfigError } from '../util/errors.js';

const KEYS = [
  'kind', 'version', 'd', 'beta', 'sigma', 'gamma', 'rho0', 'horizon', 's2', 'lambdaPlus', 'lambdaMinus',
  'antipodalMargin', 'antipodalAttracts', 'criticalBeta', 'criticalDimension', 'maxAttractingDimension',
  'antipodalProbability', 'collapseProbability', 'finiteTime',
];

describe('theoryReport', () => {
  test('has the documented keys, survives JSON round trip and is consistent', () => {
    const r = theoryReport({ d: 3, beta: 1, horizon: 20 });
    expect(Object.keys(r)).toEqual(KEYS);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.sigma).toBe(1);
    expect(r.gamma).toBe(0);
    expect(r.antipodalProbability).toBeCloseTo(0.2224225630624840, 12);
    expect(r.antipodalProbability + r.collapseProbability).toBeCloseTo(1, 15);
    expect(Object.keys(r.finiteTime!)).toEqual(['horizon', 'probBelowMinus099', 'probAbove099', 'meanRho', 'errorEstimate']);
    expect(r.finiteTime!.probBelowMinus099).toBeLessThan(r.antipodalProbability);
    expect(formatTheoryReport(r)).toMatch(/P\(rho_inf = -1\)\s+0\.2224225631/);
  });

  test('non-attracting and degenerate cases have no Infinity or NaN', () => {
    for (const input of [{ d: 8, beta: 0.5 }, { d: 5, beta: 2, sigma: 0 }, { d: 2, beta: 0, gamma: 1 }]) {
      const r = theoryReport(input);
      expect(r.horizon).toBeNull();
      expect(r.finiteTime).toBeNull();
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
      for (const v of Object.values(r)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
      expect(r.antipodalProbability).toBe(0);
      expect(typeof formatTheoryReport(r)).toBe('string');
    }
    expect(theoryReport({ d: 5, beta: 2, sigma: 0 }).criticalBeta).toBeNull();
  });

  test('bad input is a ConfigError naming the parameter', () => {
    expect(() => theoryReport({ d: 1, beta: 1 })).toThrow(/invalid d/);
    expect(() => theoryReport({ d: 3, beta: 1, rho0: 1 })).toThrow(ConfigError);
    expect(() => theoryReport({ d: 3, beta: 1, horizon: 0 })).toThrow(/horizon/);
  });
});
