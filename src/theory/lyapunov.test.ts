import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import {
  lyapunovExponentAtCollapse,
  lyapunovExponentAtAntipode,
  antipodalExponentMargin,
  antipodalAttracts,
  criticalBeta,
  criticalDimension,
} from './lyapunov.js';
import { cosineDrift, cosineDiffusionSquared } from './cosineSde.js';
import { ConfigError } from '../util/errors.js';

const paramsArb = fc.record({
  beta: fc.double({ min: 0, max: 8, noNaN: true }),
  d: fc.integer({ min: 2, max: 256 }),
  sigma: fc.double({ min: 0.1, max: 3, noNaN: true }),
  gamma: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('Lyapunov exponents', () => {
  // Growth rate of log z, z = 1 ∓ ρ: (drift of z)/z − v/(2z²), evaluated close to the boundary and
  // extrapolated linearly in z (the rate is smooth in z, error O(z²)).
  const rate = (p: { beta: number; d: number; sigma: number; gamma: number }, side: 1 | -1, z: number) => {
    const rho = side * (1 - z);
    return (-side * cosineDrift(rho, p)) / z - cosineDiffusionSquared(rho, p) / (2 * z * z);
  };
  const linearized = (p: { beta: number; d: number; sigma: number; gamma: number }, side: 1 | -1) =>
    2 * rate(p, side, 1e-5) - rate(p, side, 2e-5);

  test.prop([paramsArb])('match a numerical linearization of μ and v at ρ = ±1', (p) => {
    const scale = 1 + Math.abs(p.gamma) + (p.sigma * p.sigma);
    expect(Math.abs(linearized(p, 1) - lyapunovExponentAtCollapse(p))).toBeLessThan(1e-7 * scale);
    expect(Math.abs(linearized(p, -1) - lyapunovExponentAtAntipode(p))).toBeLessThan(1e-7 * scale * (1 + p.beta));
  });

  test.prop([paramsArb])('λ₋ equals the expression of docs/model.md#lyapunov-exponents and its sign is the criterion of docs/model.md#phase-transition', (p) => {
    const s2 = (p.sigma * p.sigma) / p.d;
    const e = Math.exp(-2 * p.beta);
    const am = 1 / (1 + e), bm = e / (1 + e);
    const model = 4 * p.gamma * bm + 4 * (p.d - 2) * s2 * am * bm - 2 * s2 * (am * am + bm * bm);
    expect(lyapunovExponentAtAntipode(p)).toBeCloseTo(model, 10);
    const lhs = (p.gamma * p.d * (1 + e)) / (p.sigma * p.sigma) + p.d - 2;
    const gap = Math.cosh(2 * p.beta) - lhs;
    if (Math.abs(gap) > 1e-9 * (1 + lhs)) expect(antipodalAttracts(p)).toBe(gap > 0);
  });

  test('worked values: d = 3, β = 1, σ = 1, γ = 0', () => {
    const p = { beta: 1, d: 3, sigma: 1, gamma: 0 };
    expect(lyapunovExponentAtCollapse(p)).toBeCloseTo(-2 / 3, 15);
    expect(antipodalExponentMargin(p)).toBeCloseTo(0.5 * (1 - 1 / Math.cosh(2)), 15);
    expect(antipodalAttracts(p)).toBe(true);
    expect(antipodalAttracts({ ...p, beta: 0 })).toBe(false); // cosh 0 = d − 2: exactly critical
  });

  test('σ = 0 never attracts (deterministic weights)', () => {
    expect(antipodalAttracts({ beta: 5, d: 3, sigma: 0, gamma: 0 })).toBe(false);
    expect(antipodalAttracts({ beta: 5, d: 3, sigma: 0, gamma: 1 })).toBe(false);
    expect(lyapunovExponentAtAntipode({ beta: 5, d: 3, sigma: 0, gamma: 1 })).toBeGreaterThan(0);
    expect(criticalBeta(3, 0, 1)).toBe(Infinity);
    expect(criticalDimension(2, 0, 0)).toEqual({ dCritical: 0, maxAttractingDimension: null });
  });
});

describe('critical β and d', () => {
  const gammaArb = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 0.5, noNaN: true }));
  test('γ = 0: β* = ½ arccosh(d − 2), and 0 for d ≤ 3', () => {
    for (const d of [4, 5, 10, 100, 1024]) expect(criticalBeta(d, 1.3)).toBeCloseTo(0.5 * Math.acosh(d - 2), 13);
    expect(criticalBeta(2, 1)).toBe(0);
    expect(criticalBeta(3, 1)).toBe(0);
  });

  test.prop([fc.integer({ min: 2, max: 512 }), fc.double({ min: 0.2, max: 3, noNaN: true }), gammaArb])(
    'β* is where the margin changes sign (checked by bisection-free bracketing)',
    (d, sigma, gamma) => {
      const b = criticalBeta(d, sigma, gamma);
      fc.pre(Number.isFinite(b));
      const margin = (beta: number) => antipodalExponentMargin({ beta, d, sigma, gamma });
      if (b > 0) {
        expect(Math.abs(margin(b))).toBeLessThan(1e-10);
        expect(margin(b * (1 - 1e-6))).toBeLessThan(0);
      } else {
        expect(margin(0)).toBeGreaterThanOrEqual(0);
      }
      expect(margin(b * (1 + 1e-6) + 1e-9)).toBeGreaterThan(0);
    },
  );

  test.prop([fc.double({ min: 0, max: 6, noNaN: true }), fc.double({ min: 0.2, max: 3, noNaN: true }), gammaArb])(
    'd* is where the margin vanishes; the largest attracting integer attracts and the next does not',
    (beta, sigma, gamma) => {
      const { dCritical, maxAttractingDimension } = criticalDimension(beta, sigma, gamma);
      expect(Math.abs(antipodalExponentMargin({ beta, d: Math.max(2, dCritical), sigma, gamma }))).toBeLessThan(
        dCritical >= 2 ? 1e-9 : Infinity,
      );
      if (maxAttractingDimension !== null) {
        expect(antipodalAttracts({ beta, d: maxAttractingDimension, sigma, gamma })).toBe(true);
        if (maxAttractingDimension + 1 > dCritical + 1e-9) {
          expect(antipodalAttracts({ beta, d: maxAttractingDimension + 1, sigma, gamma })).toBe(false);
        }
      } else {
        expect(antipodalAttracts({ beta, d: 2, sigma, gamma })).toBe(false);
      }
    },
  );

  test('γ = 0: d* = cosh 2β + 2 independent of σ', () => {
    expect(criticalDimension(1, 0.3).dCritical).toBeCloseTo(Math.cosh(2) + 2, 13);
    expect(criticalDimension(1, 0.3).maxAttractingDimension).toBe(5);
  });

  test('bad input is a ConfigError', () => {
    expect(() => criticalBeta(1.5, 1)).toThrow(ConfigError);
    expect(() => criticalBeta(4, -1)).toThrow(/sigma/);
    expect(() => criticalDimension(Number.NaN, 1)).toThrow(/beta/);
    expect(() => lyapunovExponentAtCollapse({ beta: 1, d: 3, sigma: 1, gamma: -2 })).toThrow(/gamma/);
  });
});
