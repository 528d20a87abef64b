/**
 * The theory oracle over its whole documented domain (THEORY_DOMAIN): every answer is finite and
 * the answers agree with each other; just outside the domain, and on the inputs that used to give
 * NaN, ±Infinity or contradictions, a ConfigError names the limit.
 */
import { describe, expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { theoryReport, formatTheoryReport, type TheoryReport } from './summary.js';
import { THEORY_DOMAIN } from './params.js';
import { FINITE_TIME_WORK_BUDGET } from './finiteTime.js';
import { ConfigError } from '../util/errors.js';

const D = THEORY_DOMAIN;
/** Log-uniform on [lo, hi] plus the ends themselves. */
const logUniform = (lo: number, hi: number) =>
  fc.oneof(fc.constantFrom(lo, hi), fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map((x) => Math.min(hi, Math.max(lo, Math.exp(x)))));
const beta = fc.oneof(fc.constant(0), logUniform(1e-6, D.betaMax));
const d = fc.oneof(fc.integer({ min: 2, max: 64 }), logUniform(2, D.dMax));
const sigma = fc.oneof(fc.constant(0), fc.constant(1), logUniform(D.sigmaMin, D.sigmaMax));
const gamma = fc.oneof(fc.constant(0), logUniform(1e-100, D.gammaMax));
const rho0 = fc.double({ min: -0.999, max: 0.999, noNaN: true });

/** Relative margin under which rounding may legitimately flip a threshold comparison. */
const NEAR = 1e-9;

/** The report, or null when refused for a collapse exponent beyond MAX_KAPPA_PLUS (named). */
function reportOrSteep(input: Parameters<typeof theoryReport>[0]): TheoryReport | null {
  try {
    return theoryReport(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toMatch(/invalid gamma: .*γd\/σ² \+ \(d − 3\)\/2 ≤ 2e\+6 where antipodes attract/);
    return null;
  }
}

function checkConsistent(r: TheoryReport | null): void {
  if (r === null) return;
  for (const [k, v] of Object.entries(r)) if (typeof v === 'number') expect(Number.isFinite(v), k).toBe(true);
  expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  const attracts = r.antipodalAttracts;
  if (r.antipodalMargin !== null) expect(attracts).toBe(r.antipodalMargin > 0);
  if (attracts) expect(r.lambdaMinus).toBeLessThanOrEqual(0);
  else expect(r.lambdaMinus).toBeGreaterThanOrEqual(0);
  expect(r.lambdaPlus).toBeLessThanOrEqual(0);
  // attracts iff β > β*
  if (r.criticalBeta === null) expect(attracts).toBe(false);
  else {
    const b = r.criticalBeta;
    if (r.beta > b * (1 + NEAR) + 1e-12) expect(attracts).toBe(true);
    if (r.beta < b * (1 - NEAR) - 1e-12) expect(attracts).toBe(false);
  }
  // attracts iff d < d*
  const dc = r.criticalDimension!;
  if (r.d < dc * (1 - NEAR)) expect(attracts).toBe(true);
  if (r.d > dc * (1 + NEAR)) expect(attracts).toBe(false);
  // the largest attracting integer agrees with d* and with the verdict at this d
  const top = r.maxAttractingDimension;
  if (top === null) expect(dc).toBeLessThanOrEqual(2 * (1 + NEAR));
  else {
    expect(top).toBeGreaterThanOrEqual(2);
    expect(top).toBeLessThan(dc * (1 + NEAR));
    expect(top + 1).toBeGreaterThanOrEqual(dc * (1 - NEAR));
    if (attracts && Number.isInteger(r.d) && r.d < dc * (1 - NEAR)) expect(top).toBeGreaterThanOrEqual(r.d);
  }
  if (attracts) expect(top).not.toBeNull();
  expect(r.antipodalProbability).toBeGreaterThanOrEqual(0);
  expect(r.antipodalProbability).toBeLessThanOrEqual(1);
  if (!attracts) expect(r.antipodalProbability).toBe(0);
  expect(r.antipodalProbability + r.collapseProbability).toBeCloseTo(1, 12);
  const text = formatTheoryReport(r);
  expect(text).not.toMatch(/NaN|Infinity/);
  if (attracts) expect(text).not.toMatch(/largest attracting integer d: none/);
}

describe('theory oracle domain', () => {
  fcTest.prop([beta, d, sigma, gamma, rho0], { numRuns: 120 })('finite and consistent over the whole domain', (b, dd, s, g, r0) => {
    checkConsistent(reportOrSteep({ beta: b, d: dd, sigma: s, gamma: g, rho0: r0 }));
  });

  fcTest.prop([fc.double({ min: 0, max: 4, noNaN: true }), fc.integer({ min: 2, max: 12 }), logUniform(0.05, 20), fc.oneof(fc.constant(0), logUniform(1e-3, 2)), logUniform(1e-3, 50)], {
    numRuns: 4,
  })('the finite-time law is a law, or the work budget is named', (b, dd, s, g, T) => {
    let r: TheoryReport;
    try {
      r = theoryReport({ beta: b, d: dd, sigma: s, gamma: g, horizon: T });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toMatch(/budget/);
      return;
    }
    checkConsistent(r);
    const f = r.finiteTime!;
    for (const p of [f.probBelowMinus099, f.probAbove099]) {
      expect(p).toBeGreaterThanOrEqual(-f.errorEstimate - 1e-9);
      expect(p).toBeLessThanOrEqual(1 + f.errorEstimate + 1e-9);
    }
    expect(f.probBelowMinus099 + f.probAbove099).toBeLessThanOrEqual(1 + 2 * f.errorEstimate + 1e-9);
    expect(Math.abs(f.meanRho)).toBeLessThanOrEqual(1 + f.errorEstimate + 1e-9);
  });

  // The inputs that used to give NaN, ±Infinity, a contradiction, a stack trace or a hang.
  const refused: [Parameters<typeof theoryReport>[0], RegExp][] = [
    [{ d: 3, beta: 1, sigma: 1e-300 }, /invalid sigma: got 1e-300; expected 0 or a number in \[1e-100, 1e\+100\]/],
    [{ d: 3, beta: 1, sigma: 1e308 }, /invalid sigma: got 1e\+308/],
    [{ d: 3, beta: 1, gamma: 1e308 }, /invalid gamma: got 1e\+308; expected a number in \[0, 1e\+100\]/],
    [{ d: 3, beta: 360 }, /invalid beta: got 360; expected a number in \[0, 350\]/],
    [{ d: 3, beta: 1e6 }, /invalid beta/],
    [{ d: 3, beta: 1e9 }, /invalid beta/],
    [{ d: 1e7, beta: 1 }, /invalid d/],
    [{ d: 3, beta: 1, horizon: 1e5 }, /invalid horizon: got 100000; .*budget/],
    [{ d: 3, beta: 1, horizon: 1e7 }, /invalid horizon: got 10000000; expected a number in \(0, 1000000\]/],
  ];
  test.each(refused)('%j is refused naming the limit', (input, re) => {
    const t0 = performance.now();
    expect(() => theoryReport(input)).toThrow(ConfigError);
    expect(() => theoryReport(input)).toThrow(re);
    expect(performance.now() - t0).toBeLessThan(5000); // refused up front, not after the work
  });

  test('the edges of the domain answer', () => {
    checkConsistent(theoryReport({ d: 3, beta: D.betaMax }));
    checkConsistent(theoryReport({ d: D.dMax, beta: D.betaMax, sigma: D.sigmaMax, gamma: D.gammaMax }));
    checkConsistent(theoryReport({ d: 2, beta: 0, sigma: D.sigmaMin, gamma: D.gammaMax }));
    // attracting with a collapse exponent past the quadrature's reach: refused, naming the limit
    expect(reportOrSteep({ d: 2, beta: D.betaMax, sigma: D.sigmaMin, gamma: D.gammaMax })).toBeNull();
    expect(FINITE_TIME_WORK_BUDGET).toBeGreaterThan(0);
  });
});
