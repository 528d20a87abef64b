/**
 * The data of the phase diagram: on a (β, d) grid, the Monte Carlo frequency of ρ_T < −0.99 for
 * two tokens started orthogonal (with its Clopper–Pearson interval), the exact finite-time
 * probability of the limit SDE, the long-run probability P(ρ_∞ = −1), and the critical curve
 * cosh(2β) = d − 2.
 */
import { deriveSeed } from '../rng/streams.js';
import { clopperPearson } from '../stats/index.js';
import { antipodalProbability, criticalBeta, finiteTimeCdf } from '../theory/index.js';
import { runChainsParallel } from '../parallel/index.js';
import { pairRunConfig } from './montecarlo.js';
import { yieldToEventLoop } from './pool.js';
import type { PhaseGridSettings } from './settings.js';

export interface PhaseCell {
  d: number;
  beta: number;
  /** Horizon T of this cell (settings.horizon, or horizonPerDimension·d). */
  horizon: number;
  /** Paths with ρ_T < threshold, out of `paths`. */
  count: number;
  paths: number;
  frequency: number;
  lower: number;
  upper: number;
  /** P(ρ_T < threshold) of the limit SDE (finite-time law); null beyond settings.finiteTheoryMaxD. */
  theory: number | null;
  /** P(ρ_∞ = −1) of the limit SDE. */
  longRun: number;
  /** β*(d) = ½ arccosh(d − 2) (0 when d ≤ 3). */
  criticalBeta: number;
}

export interface PhaseGrid {
  settings: PhaseGridSettings;
  rho0: number;
  cells: PhaseCell[];
  /** β*(d) on a fine grid of real d (the critical curve). */
  curve: { d: number; beta: number }[];
}

const RHO0 = 0;
const PARAMS = { sigma: 1, gamma: 0 };

/** The critical curve β*(d) for real d in [dMin, dMax], geometrically spaced (for a log axis). */
export function criticalCurve(dMin: number, dMax: number, points = 200): { d: number; beta: number }[] {
  return Array.from({ length: points + 1 }, (_, k) => {
    const d = dMin * (dMax / dMin) ** (k / points);
    return { d, beta: criticalBeta(d, PARAMS.sigma, PARAMS.gamma) };
  });
}

/** The horizon of dimension d under settings s. */
export function cellHorizon(s: PhaseGridSettings, d: number): number {
  return s.horizonPerDimension === undefined ? s.horizon : s.horizonPerDimension * d;
}

export async function computePhaseGrid(s: PhaseGridSettings, seed: number, progress: (f: number) => void = () => {}): Promise<PhaseGrid> {
  const grid = s.dims.flatMap((d) => s.betas.map((beta) => ({ d, beta, horizon: cellHorizon(s, d) })));
  const total = 2 * grid.length;
  let done = 0;
  const tick = () => progress(++done / total);
  // Monte Carlo on worker threads (the cells in a few batches) while the main thread computes the
  // theory. The seed depends on the cell, not on its position in the grid.
  const mc = runChainsParallel(
    grid.map((c) => pairRunConfig({ ...c, depth: s.depth, paths: s.paths, rho0: RHO0, seed: deriveSeed(seed, [c.d, Math.round(c.beta * 1e6)]) })),
    { onDone: tick },
  ).then((results) =>
    results.map((r) => {
      let k = 0;
      for (const x of r.finalCosines!) if (x < s.threshold) k++;
      return k;
    }),
  );
  const theory: { theory: number | null; longRun: number }[] = [];
  for (const c of grid) {
    const params = { ...PARAMS, d: c.d, beta: c.beta };
    const finite = c.d <= (s.finiteTheoryMaxD ?? Infinity) ? finiteTimeCdf(s.threshold, RHO0, c.horizon, params) : null;
    theory.push({ theory: finite, longRun: antipodalProbability(RHO0, params) });
    tick();
    await yieldToEventLoop();
  }
  const counts = await mc;
  const cells = grid.map((c, i): PhaseCell => {
    const ci = clopperPearson(counts[i], s.paths, s.alpha);
    return {
      ...c,
      count: counts[i],
      paths: s.paths,
      frequency: counts[i] / s.paths,
      lower: ci.lower,
      upper: ci.upper,
      ...theory[i],
      criticalBeta: criticalBeta(c.d, PARAMS.sigma, PARAMS.gamma),
    };
  });
  const lo = dimensionBand(s.dims, Math.min(...s.dims))[0];
  const top = dimensionBand(s.dims, Math.max(...s.dims))[1];
  return { settings: s, rho0: RHO0, cells, curve: criticalCurve(Math.max(2, lo), top) };
}

/**
 * The band [lower, upper] of the heat-map row of dimension d: halfway (geometrically) to its
 * neighbours in `dims`, mirrored at the ends, so that rows tile a log axis.
 */
export function dimensionBand(dims: readonly number[], d: number): [number, number] {
  const v = [...new Set(dims)].sort((a, b) => a - b);
  const i = v.indexOf(d);
  const mid = (a: number, b: number) => Math.sqrt(a * b);
  const below = i > 0 ? mid(v[i - 1], d) : v.length > 1 ? d * Math.sqrt(d / v[1]) : d / Math.SQRT2;
  const above = i < v.length - 1 ? mid(d, v[i + 1]) : v.length > 1 ? d * Math.sqrt(d / v[i - 1]) : d * Math.SQRT2;
  return [below, above];
}
