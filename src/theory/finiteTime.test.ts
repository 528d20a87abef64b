import { describe, expect, test } from 'vitest';
import {
  finiteTimeCdf,
  finiteTimeCdfSolution,
  finiteTimeExpectation,
  finiteTimeExpectationSolution,
  finiteTimeLaw,
  finiteTimeConvergenceStudy,
} from './finiteTime.js';
import { antipodalProbability, antipodalProbabilityEvaluator } from './antipodalProbability.js';
import { cosineDrift, cosineDiffusionSquared } from './cosineSde.js';
import { ConfigError } from '../util/errors.js';

const base = { d: 3, beta: 1, sigma: 1, gamma: 0 };

describe('finite-time law of ρ_T (Kolmogorov backward equation)', () => {
  test('grid refinement: observed order 2, finest plain level within 1e-5 of a tight reference', () => {
    const study = finiteTimeConvergenceStudy(-0.99, 0, 10, base, { levels: 4 });
    const reference = finiteTimeCdfSolution(-0.99, 0, 10, base, { tolerance: 1e-9 });
    expect(reference.errorEstimate).toBeLessThan(1e-9);
    const orders = study.levels.slice(2).map((l) => l.observedOrder!);
    for (const o of orders) expect(Math.abs(o - 2)).toBeLessThan(0.15);
    expect(Math.abs(study.levels[3].value - reference.value)).toBeLessThan(1e-5);
    expect(Math.abs(study.extrapolated - reference.value)).toBeLessThan(1e-7);
  });

  test('default solve has error ≤ 1e-5 against the tight reference and answers in well under a second', () => {
    const t0 = performance.now();
    const law = finiteTimeLaw(0, 40, base);
    const elapsed = performance.now() - t0;
    const ref = finiteTimeCdf(-0.99, 0, 40, base, { tolerance: 1e-9 });
    expect(Math.abs(law.probBelowMinus099 - ref)).toBeLessThan(1e-5);
    expect(law.errorEstimate).toBeLessThan(1e-5);
    expect(elapsed).toBeLessThan(1500); // ~0.25 s unloaded (three solves)
  });

  test('martingale identity d = 2, γ = 0: E[asin ρ_T] = asin ρ₀ (S = asin is the scale function)', () => {
    for (const [beta, rho0, T] of [[2, 0.3, 10], [0.5, -0.7, 3]]) {
      const v = finiteTimeExpectation(Math.asin, rho0, T, { d: 2, beta, sigma: 1, gamma: 0 });
      expect(Math.abs(v - Math.asin(rho0))).toBeLessThan(1e-6);
    }
  });

  test('martingale identity: E[P(ρ_∞ = −1 | ρ_T)] = P(ρ_∞ = −1 | ρ₀)', () => {
    const p = { d: 4, beta: 1.2, sigma: 0.8, gamma: 0.01 };
    const q = antipodalProbabilityEvaluator(p);
    const v = finiteTimeExpectation((r) => (r <= -1 ? 1 : r >= 1 ? 0 : q(r)), 0.2, 5, p);
    expect(Math.abs(v - q(0.2))).toBeLessThan(1e-6);
  });

  test('as T grows, P(ρ_T < −1 + 1e-6) tends to the long-run antipodal probability', () => {
    const pInf = antipodalProbability(0, base);
    const gaps = [25, 100, 400].map((T) => Math.abs(finiteTimeCdf(-1 + 1e-6, 0, T, base) - pInf));
    expect(gaps[1]).toBeLessThan(gaps[0]);
    expect(gaps[2]).toBeLessThan(1e-6);
  });

  test('short horizon matches the generator expansion ρ₀ + μT + ½(Lμ)T²', () => {
    const p = { d: 5, beta: 2, sigma: 1.5, gamma: 0.2 };
    const rho0 = 0.3;
    const T = 0.02;
    const mu = (r: number) => cosineDrift(r, p);
    const hh = 1e-4;
    const mu1 = (mu(rho0 + hh) - mu(rho0 - hh)) / (2 * hh);
    const mu2 = (mu(rho0 + hh) - 2 * mu(rho0) + mu(rho0 - hh)) / (hh * hh);
    const Lmu = mu(rho0) * mu1 + 0.5 * cosineDiffusionSquared(rho0, p) * mu2;
    const taylor = rho0 + mu(rho0) * T + 0.5 * Lmu * T * T;
    const v = finiteTimeExpectation((r) => r, rho0, T, p, { tolerance: 1e-10 });
    expect(Math.abs(v - taylor)).toBeLessThan(1e-6); // O(T³) remainder
  });

  test('CDF is a distribution function in r', () => {
    const rs = [-0.999, -0.9, -0.5, 0, 0.5, 0.9, 0.999];
    const law = finiteTimeLaw(0.1, 4, { d: 6, beta: 2, sigma: 1, gamma: 0 }, { cdfPoints: rs });
    let prev = 0;
    for (const v of law.cdf!.p) {
      expect(v).toBeGreaterThanOrEqual(prev - 1e-9);
      expect(v).toBeLessThanOrEqual(1);
      prev = v;
    }
    expect(finiteTimeCdf(-1, 0, 1, base)).toBe(0);
    expect(finiteTimeCdf(1, 0, 1, base)).toBe(1);
  });

  test('σ = 0 is the deterministic flow dρ/dt = 2γ b (1 − ρ²)', () => {
    const p = { d: 3, beta: 1.5, sigma: 0, gamma: 0.4 };
    let rho = -0.5;
    const n = 200000;
    const dt = 2 / n;
    for (let k = 0; k < n; k++) {
      const b = 1 / (1 + Math.exp(p.beta * (1 - rho)));
      rho += dt * 2 * p.gamma * b * (1 - rho * rho);
    }
    expect(finiteTimeExpectation((r) => r, -0.5, 2, p)).toBeCloseTo(rho, 5);
    expect(finiteTimeCdf(rho + 1e-3, -0.5, 2, p)).toBe(1);
  });

  test('bad input is a ConfigError', () => {
    expect(() => finiteTimeCdf(0, 0, 0, base)).toThrow(/invalid T/);
    expect(() => finiteTimeCdf(0, 0, -1, base)).toThrow(ConfigError);
    expect(() => finiteTimeCdf(1.2, 0, 1, base)).toThrow(/invalid r/);
    expect(() => finiteTimeCdf(0, -1, 1, base)).toThrow(/rho0/);
    expect(() => finiteTimeExpectation(() => Number.NaN, 0, 1, base)).toThrow(/phi/);
    expect(() => finiteTimeExpectationSolution(Math.asin, 0, 1, base, { tolerance: 0 })).toThrow(/tolerance/);
    expect(() => finiteTimeLaw(0, Number.POSITIVE_INFINITY, base)).toThrow(/invalid T/);
  });
});

describe('finite-time solver work budget', () => {
  test('a strongly drift-dominated long-horizon problem returns within the budget with an honest error estimate', () => {
    // d = 50, γ = 0.5, σ = 2, T = 100: refining to 1e-6 would take minutes (found by a CLI user run).
    const t0 = performance.now();
    const s = finiteTimeExpectationSolution((r) => r, -0.9, 100, { d: 50, beta: 3, gamma: 0.5, sigma: 2 });
    expect(performance.now() - t0).toBeLessThan(30_000); // generous: a hang is what this guards against
    expect(Number.isFinite(s.value)).toBe(true);
    expect(s.errorEstimate).toBeGreaterThan(0);
    expect(s.errorEstimate).toBeLessThan(1e-3);
  });
});
