/**
 * The phase cell: two tokens started at cosine ρ0, run to horizon T; the Monte Carlo frequency of
 * the event ρ_T < threshold with its exact (Clopper–Pearson) interval, next to the limit SDE's
 * finite-time probability of that event (docs/model.md#finite-time-law), its long-run probability
 * P(ρ_∞ = −1 | ρ0) (docs/model.md#long-run-probability), the critical β* and whether antipodes
 * attract (docs/model.md#phase-transition), and the exact binomial p-value of the count under the
 * finite-time probability. One definition for the phase-transition claim, the report's phase
 * diagram and the Monte Carlo grids.
 *
 * One seed convention: cell i of a grid run with seed s simulates with seed deriveSeed(s, [i]).
 *
 * @example
 * const cell = phaseCell({ d: 4, beta: 1.5, sigma: 1, gamma: 0, rho0: 0, horizon: 20, threshold: -0.99 }, 212, 500, 0.05);
 * cell.frequency; // 0.424, with cell.lower, cell.upper and cell.finiteTime to compare
 */
import { deriveSeed } from '../rng/streams.js';
import { binomialTwoSidedPValue, clopperPearson } from '../stats/index.js';
import { antipodalAttracts, antipodalProbability, criticalBeta, finiteTimeCdf } from '../theory/index.js';

export interface PhaseCellParams {
  d: number;
  beta: number;
  sigma: number;
  gamma: number;
  /** Starting cosine of the two tokens. */
  rho0: number;
  horizon: number;
  threshold: number;
}

/**
 * The statistics of a phase cell. F is the type of the finite-time side: `number` when the
 * finite-time law was computed (the claim, the grids), `number | null` where a caller may skip it.
 */
export interface PhaseCell<F extends number | null = number> {
  /** Paths with ρ_T < threshold, out of `paths`. */
  count: number;
  paths: number;
  frequency: number;
  /** Clopper–Pearson interval at level 1 − α. */
  lower: number;
  upper: number;
  /** P(ρ_T < threshold | ρ0) of the limit SDE (null: not computed). */
  finiteTime: F;
  /** P(ρ_∞ = −1 | ρ0) of the limit SDE. */
  longRun: number;
  /** β*: antipodes attract iff β > β* (Infinity when they never do). */
  criticalBeta: number;
  attracting: boolean;
  /** Exact two-sided binomial p-value of `count` under p = finiteTime (null without it). */
  pValue: F;
}

/** The theory side of a phase cell. */
export type PhaseCellTheory<F extends number | null = number> = Pick<PhaseCell<F>, 'finiteTime' | 'longRun' | 'criticalBeta' | 'attracting'>;

/** The seed of cell `index` in a run with seed `seed`. */
export function phaseCellSeed(seed: number, index: number): number {
  return deriveSeed(seed, [index]);
}

/** How many of the cosines are below the threshold. */
export function countBelow(rho: ArrayLike<number>, threshold: number): number {
  let k = 0;
  for (let i = 0; i < rho.length; i++) if (rho[i] < threshold) k++;
  return k;
}

/**
 * The theory of a phase cell (independent of the Monte Carlo). With `finiteTime = false` the
 * finite-time law is skipped (null): it is a PDE solve whose cost grows with the horizon, about a
 * second per cell at d = 512, T = 5d, while the long-run side costs milliseconds.
 */
export function phaseCellTheory(p: PhaseCellParams): PhaseCellTheory;
export function phaseCellTheory(p: PhaseCellParams, finiteTime: boolean): PhaseCellTheory<number | null>;
export function phaseCellTheory(p: PhaseCellParams, finiteTime = true): PhaseCellTheory<number | null> {
  const params = { d: p.d, beta: p.beta, sigma: p.sigma, gamma: p.gamma };
  return {
    finiteTime: finiteTime ? finiteTimeCdf(p.threshold, p.rho0, p.horizon, params) : null,
    longRun: antipodalProbability(p.rho0, params),
    criticalBeta: criticalBeta(p.d, p.sigma, p.gamma),
    attracting: antipodalAttracts(params),
  };
}

/** The phase cell from `count` of `paths` below the threshold, with intervals at level 1 − α. */
export function phaseCell<F extends number | null = number>(p: PhaseCellParams, count: number, paths: number, alpha: number, theory?: PhaseCellTheory<F>): PhaseCell<F> {
  const t = theory ?? (phaseCellTheory(p) as PhaseCellTheory<F>);
  const ci = clopperPearson(count, paths, alpha);
  return {
    count,
    paths,
    frequency: count / paths,
    lower: ci.lower,
    upper: ci.upper,
    ...t,
    pValue: (t.finiteTime === null ? null : binomialTwoSidedPValue(count, paths, t.finiteTime)) as F,
  };
}
