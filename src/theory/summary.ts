/**
 * One-call summary of the theory for a parameter set, as a plain JSON-able object with stable keys,
 * and its terminal rendering. Keys (all numbers finite; "none" is null, never Infinity/NaN):
 *
 *   kind                  "theory-report" (constant), version 1
 *   d, beta, sigma, gamma, rho0, horizon   the inputs (horizon null when not requested)
 *   s2                    σ²/d, the per-entry variance rate of the common noise
 *   lambdaPlus            λ₊, Lyapunov exponent at collapse ρ = +1 (< 0)
 *   lambdaMinus           λ₋, Lyapunov exponent at the antipode ρ = −1
 *   antipodalMargin       ε₋ = ½[1 − (d − 2 + (γd/σ²)(1 + e^{−2β})) sech 2β]; > 0 iff antipodes attract
 *   antipodalAttracts     λ₋ < 0
 *   criticalBeta          β* (attracts iff β > β*), null when no β attracts (σ = 0)
 *   criticalDimension     real d* (attracts iff d < d*)
 *   maxAttractingDimension largest integer d ≥ 2 that attracts at this β, null when none
 *   antipodalProbability  P(ρ_∞ = −1 | ρ₀)
 *   collapseProbability   P(ρ_∞ = +1 | ρ₀) = 1 − antipodalProbability
 *   finiteTime            null, or { horizon, probBelowMinus099, probAbove099, meanRho, errorEstimate }
 *                         = P(ρ_T < −0.99), P(ρ_T > 0.99), E[ρ_T], and the solver's error estimate
 */
import { validateCosineParams, requireCosineOpen, requireHorizon } from './params.js';
import {
  lyapunovExponentAtCollapse,
  lyapunovExponentAtAntipode,
  antipodalExponentMargin,
  criticalBeta,
  criticalDimension,
} from './lyapunov.js';
import { antipodalProbability } from './antipodalProbability.js';
import { finiteTimeLaw } from './finiteTime.js';
import { ConfigError, NumericalError } from '../util/errors.js';

/** Input of {@link theoryReport}; sigma defaults to 1, gamma to 0, rho0 to 0. */
export interface TheoryReportInput {
  readonly d: number;
  readonly beta: number;
  readonly sigma?: number;
  readonly gamma?: number;
  readonly rho0?: number;
  readonly horizon?: number;
}

/** The JSON-able theory report (see the module doc for the meaning of each key). */
export interface TheoryReport {
  readonly kind: 'theory-report';
  readonly version: 1;
  readonly d: number;
  readonly beta: number;
  readonly sigma: number;
  readonly gamma: number;
  readonly rho0: number;
  readonly horizon: number | null;
  readonly s2: number;
  readonly lambdaPlus: number;
  readonly lambdaMinus: number;
  readonly antipodalMargin: number | null;
  readonly antipodalAttracts: boolean;
  readonly criticalBeta: number | null;
  readonly criticalDimension: number | null;
  readonly maxAttractingDimension: number | null;
  readonly antipodalProbability: number;
  readonly collapseProbability: number;
  readonly finiteTime: {
    readonly horizon: number;
    readonly probBelowMinus099: number;
    readonly probAbove099: number;
    readonly meanRho: number;
    readonly errorEstimate: number;
  } | null;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x + 0 : null); // + 0 turns −0 into 0

/** Computes the report. Example: theoryReport({d: 3, beta: 1}).antipodalProbability ≈ 0.2224. */
export function theoryReport(input: TheoryReportInput): TheoryReport {
  if (typeof input !== 'object' || input === null) throw new ConfigError('input', input, 'an object {d, beta, sigma?, gamma?, rho0?, horizon?}');
  const params = validateCosineParams({ d: input.d, beta: input.beta, sigma: input.sigma ?? 1, gamma: input.gamma ?? 0 });
  const rho0 = requireCosineOpen('rho0', input.rho0 ?? 0);
  const horizon = input.horizon === undefined ? null : requireHorizon('horizon', input.horizon);
  const margin = antipodalExponentMargin(params);
  const pAnti = antipodalProbability(rho0, params);
  const crit = criticalDimension(params.beta, params.sigma, params.gamma);
  let finiteTime: TheoryReport['finiteTime'] = null;
  if (horizon !== null) {
    const law = finiteTimeLaw(rho0, horizon, params);
    finiteTime = {
      horizon,
      probBelowMinus099: law.probBelowMinus099,
      probAbove099: law.probAbove099,
      meanRho: law.meanRho,
      errorEstimate: law.errorEstimate,
    };
  }
  return requireFiniteReport({
    kind: 'theory-report',
    version: 1,
    d: params.d,
    beta: params.beta + 0,
    sigma: params.sigma + 0,
    gamma: params.gamma + 0,
    rho0: rho0 + 0,
    horizon,
    s2: (params.sigma * params.sigma) / params.d,
    lambdaPlus: lyapunovExponentAtCollapse(params) + 0,
    lambdaMinus: lyapunovExponentAtAntipode(params) + 0,
    antipodalMargin: finiteOrNull(margin),
    antipodalAttracts: margin > 0,
    criticalBeta: finiteOrNull(criticalBeta(params.d, params.sigma, params.gamma)),
    criticalDimension: finiteOrNull(crit.dCritical),
    maxAttractingDimension: crit.maxAttractingDimension === null ? null : finiteOrNull(crit.maxAttractingDimension),
    antipodalProbability: pAnti,
    collapseProbability: 1 - pAnti,
    finiteTime,
  });
}

/** Inside the domain every number is finite; anything else is a bug, never printed as an answer. */
function requireFiniteReport(r: TheoryReport): TheoryReport {
  const entries = [...Object.entries(r), ...Object.entries(r.finiteTime ?? {}).map(([k, v]) => [`finiteTime.${k}`, v] as const)];
  for (const [key, value] of entries) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new NumericalError(`theory: ${key} is ${value} at d=${r.d} beta=${r.beta} sigma=${r.sigma} gamma=${r.gamma} rho0=${r.rho0}`);
    }
  }
  return r;
}

const fmt = (x: number | null, digits = 6): string => (x === null ? 'none' : Number.isInteger(x) ? String(x) : x.toPrecision(digits));

/** Human-readable multi-line rendering of a {@link TheoryReport}. */
export function formatTheoryReport(report: TheoryReport): string {
  const r = report;
  const rows: Array<[string, string]> = [
    ['parameters', `d=${fmt(r.d)} beta=${fmt(r.beta)} sigma=${fmt(r.sigma)} gamma=${fmt(r.gamma)} rho0=${fmt(r.rho0)}`],
    ['s^2 = sigma^2/d', fmt(r.s2)],
    ['lambda+ (collapse)', fmt(r.lambdaPlus)],
    ['lambda- (antipode)', `${fmt(r.lambdaMinus)}  (${r.antipodalAttracts ? 'attracting' : 'not attracting'})`],
    ['critical beta', r.criticalBeta === null ? 'none (never attracts)' : `${fmt(r.criticalBeta)}  (attracts iff beta > critical)`],
    ['critical dimension', `${fmt(r.criticalDimension)}  (largest attracting integer d: ${fmt(r.maxAttractingDimension)})`],
    ['P(rho_inf = -1)', fmt(r.antipodalProbability, 10)],
    ['P(rho_inf = +1)', fmt(r.collapseProbability, 10)],
  ];
  if (r.finiteTime) {
    const f = r.finiteTime;
    rows.push(
      [`P(rho_T < -0.99), T=${fmt(f.horizon)}`, fmt(f.probBelowMinus099, 8)],
      [`P(rho_T > 0.99), T=${fmt(f.horizon)}`, fmt(f.probAbove099, 8)],
      [`E[rho_T], T=${fmt(f.horizon)}`, fmt(f.meanRho, 8)],
      ['finite-time error estimate', f.errorEstimate.toExponential(1)],
    );
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  return ['Two-token theory (unit sphere, Q = K = V = I)', ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
}
