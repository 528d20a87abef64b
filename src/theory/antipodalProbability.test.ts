import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { antipodalProbability, antipodalProbabilityEvaluator } from './antipodalProbability.js';
import { antipodalProbabilityArtanh } from './antipodalProbabilityArtanh.js';
import { antipodalProbabilityPlanar } from './closedForms.js';
import { antipodalAttracts, criticalBeta } from './lyapunov.js';
import { scaleDensityModel } from './scaleDensity.js';
import { ConfigError } from '../util/errors.js';

// mpmath values, regenerated (or carried, see the script) by fixtures/reference/theory.py.
const REF = JSON.parse(readFileSync(new URL('../../fixtures/reference/theory.json', import.meta.url), 'utf8')) as {
  antipodal: Array<[number, number, number, number, number, number]>;
  betaTail: number;
};

const paramsArb = fc.record({
  beta: fc.double({ min: 0, max: 10, noNaN: true }),
  d: fc.integer({ min: 2, max: 1024 }),
  sigma: fc.double({ min: 0.1, max: 3, noNaN: true }),
  gamma: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true })),
});
const rhoArb = fc.double({ min: -0.999999, max: 0.999999, noNaN: true });

describe('antipodalProbability', () => {
  // Independent references: mpmath (25 digits) in y = artanh ρ, ψ′(y) = −(h(tanh y) + tanh y) with h
  // from the raw attention weights, piecewise Gauss–Legendre for ψ and ∫e^ψ on [−30, 30] (step 0.05),
  // analytic exponential tails; the d = 2, β = 0 row is I_{0.35}(0.7, 0.3) (mpmath betainc).
  // Rows of fixtures/reference/theory.json (see theory.py); d = 4, β = 0.6595 sits just above β* = 0.658479,
  // d = 3 has its threshold at β = 0. Columns: d, β, σ, γ, ρ₀, P.
  const mpmathReferences = REF.antipodal;
  test.each(mpmathReferences)('d=%d β=%d σ=%d γ=%d ρ₀=%d matches the mpmath reference to 1e-9', (d, beta, sigma, gamma, rho0, ref) => {
    expect(Math.abs(antipodalProbability(rho0, { d, beta, sigma, gamma }) - ref)).toBeLessThan(1e-9);
  });

  test('sanity value d = 3, β = 1, ρ₀ = 0 is ≈ 0.222 (docs/model.md#long-run-probability)', () => {
    expect(antipodalProbability(0, { d: 3, beta: 1, sigma: 1, gamma: 0 })).toBeCloseTo(0.222, 3);
  });

  test('β = 0, d = 2: Beta-tail closed form I_{(1−ρ₀)/2}((1+α)/2, (1−α)/2), α = 4γ/σ²', () => {
    // mpmath.betainc(0.55, 0.45, 0, 0.9, regularized=True) (fixtures/reference/theory.py): γ = 0.025, σ = 1 (α = 0.1), ρ₀ = −0.8.
    expect(antipodalProbability(-0.8, { d: 2, beta: 0, sigma: 1, gamma: 0.025 })).toBeCloseTo(REF.betaTail, 11);
  });

  test.prop([fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0.1, max: 3, noNaN: true }), rhoArb])(
    'd = 2, γ = 0: P = arccos(ρ₀)/π for every β, σ',
    (beta, sigma, rho0) => {
      const p = { d: 2, beta, sigma, gamma: 0 };
      expect(Math.abs(antipodalProbability(rho0, p) - antipodalProbabilityPlanar(rho0, p)!)).toBeLessThan(1e-11);
    },
  );

  test.prop([paramsArb, rhoArb], { numRuns: 40 })('is a probability, and exactly 0 when λ₋ ≥ 0', (p, rho0) => {
    const P = antipodalProbability(rho0, p);
    expect(P).toBeGreaterThanOrEqual(0);
    expect(P).toBeLessThanOrEqual(1);
    if (!antipodalAttracts(p)) expect(P).toBe(0);
  });

  test.prop([paramsArb], { numRuns: 25 })('is decreasing in ρ₀', (p) => {
    const P = antipodalProbabilityEvaluator(p);
    let prev = 1;
    for (let r = -0.999; r < 1; r += 0.037) {
      const v = P(r);
      expect(v).toBeLessThanOrEqual(prev + 1e-13);
      prev = v;
    }
  });

  test.prop([paramsArb.filter((p) => p.d <= 200 && p.gamma * p.d <= 50 * p.sigma * p.sigma), rhoArb], { numRuns: 20 })(
    'two independent quadrature routes agree to 1e-10',
    (p, rho0) => {
      expect(Math.abs(antipodalProbability(rho0, p) - antipodalProbabilityArtanh(rho0, p))).toBeLessThan(1e-10);
    },
  );

  test('is continuous at the threshold: P → 0 as β ↓ β*, and 0 at and below β*', () => {
    for (const d of [4, 6, 50]) {
      const bStar = criticalBeta(d, 1);
      const values = [1e-2, 1e-4, 1e-6, 1e-8].map((h) => antipodalProbability(0, { d, beta: bStar + h, sigma: 1, gamma: 0 }));
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1]);
      expect(values[3]).toBeLessThan(1e-6);
      expect(antipodalProbability(0, { d, beta: bStar * (1 - 1e-12), sigma: 1, gamma: 0 })).toBe(0);
      // Routes still agree where the singularity at −1 is barely integrable.
      expect(Math.abs(values[1] - antipodalProbabilityArtanh(0, { d, beta: bStar + 1e-4, sigma: 1, gamma: 0 }))).toBeLessThan(1e-10);
    }
  });

  test('γ = 0: does not depend on σ (2μ/v is σ-free)', () => {
    const a = antipodalProbability(0.1, { d: 5, beta: 1.2, sigma: 0.3, gamma: 0 });
    const b = antipodalProbability(0.1, { d: 5, beta: 1.2, sigma: 2.5, gamma: 0 });
    expect(Math.abs(a - b)).toBeLessThan(1e-13);
  });

  test('scale density has the exact local power law (1 + ρ)^{κ₋} at −1 and (1 − ρ)^{κ₊} at +1', () => {
    const m = scaleDensityModel({ d: 7, beta: 1.7, sigma: 0.8, gamma: 0.02 });
    const slopeMinus = (m.logDensity(-1 + 2e-9) - m.logDensity(-1 + 1e-9)) / Math.log(2);
    const slopePlus = (m.logDensity(1 - 2e-9) - m.logDensity(1 - 1e-9)) / Math.log(2);
    expect(slopeMinus).toBeCloseTo(m.kappaMinus, 6);
    expect(slopePlus).toBeCloseTo(m.kappaPlus, 6);
    expect(m.kappaPlus).toBeCloseTo(0.02 * 7 / 0.64 + 2, 12);
  });

  test('σ = 0 gives 0; bad input is a ConfigError', () => {
    expect(antipodalProbability(0, { d: 3, beta: 2, sigma: 0, gamma: 0 })).toBe(0);
    expect(() => antipodalProbability(1, { d: 3, beta: 1, sigma: 1, gamma: 0 })).toThrow(ConfigError);
    expect(() => antipodalProbability(-1, { d: 3, beta: 1, sigma: 1, gamma: 0 })).toThrow(/rho0/);
    expect(() => antipodalProbability(0, { d: 1.5, beta: 1, sigma: 1, gamma: 0 })).toThrow(/invalid d/);
    expect(() => antipodalProbability(0, { d: 3, beta: Number.NaN, sigma: 1, gamma: 0 })).toThrow(/beta/);
    expect(() => antipodalProbabilityEvaluator({ d: 3, beta: 1, sigma: 1, gamma: 0 })(2)).toThrow(/rho0/);
  });
});
