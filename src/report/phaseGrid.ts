/**
 * The data of the phase diagram: on a (β, d) grid, one phase cell per point (../grid/phaseCell.ts:
 * the Monte Carlo frequency of ρ_T < threshold for two tokens started orthogonal, with its
 * Clopper–Pearson interval, the finite-time and long-run probabilities of the limit SDE), and the
 * critical curve cosh(2β) = d − 2. Cell i of the grid (d-major) has seed deriveSeed(seed, [i]).
 * Cell d runs to T(d) with L = ⌈T/h⌉ layers (./settings.ts: phaseHorizon, phaseDepth).
 */
import { countBelow, phaseCell, phaseCellSeed, phaseCellTheory, type PhaseCell as CellStatistics, type PhaseCellTheory } from '../grid/phaseCell.js';
import { runChainsParallel } from '../parallel/index.js';
import { criticalBeta } from '../theory/index.js';
import { pairRunConfig } from './montecarlo.js';
import { yieldToEventLoop } from './pool.js';
import { phaseDepth, phaseHorizon, type PhaseGridSettings } from './settings.js';

/** One point (d, β) of the diagram; finiteTime and pValue are null beyond settings.finiteTheoryMaxD. */
export interface PhaseCell extends CellStatistics<number | null> {
  d: number;
  beta: number;
  horizon: number;
  depth: number;
}

export interface PhaseGrid {
  settings: PhaseGridSettings;
  rho0: number;
  /** The sampling the chain used ('gram-state' wherever it applies), as the simulator resolved it. */
  sampling: string;
  cells: PhaseCell[];
  /** β*(d) on a fine grid of real d (the critical curve), geometrically spaced for a log axis. */
  curve: { d: number; beta: number }[];
}

const RHO0 = 0;
const PARAMS = { sigma: 1, gamma: 0 };

/** The critical curve β*(d) for real d in [dMin, dMax], geometrically spaced. */
export function criticalCurve(dMin: number, dMax: number, points = 200): { d: number; beta: number }[] {
  return Array.from({ length: points + 1 }, (_, k) => {
    const d = dMin * (dMax / dMin) ** (k / points);
    return { d, beta: criticalBeta(d, PARAMS.sigma, PARAMS.gamma) };
  });
}

/**
 * The band [lower, upper] of dimension d's row of the heat map: halfway (geometrically) to its
 * neighbours in `dims`, mirrored at the ends, so that the rows tile a log axis.
 */
export function dimensionBand(dims: readonly number[], d: number): [number, number] {
  const v = [...new Set(dims)].sort((a, b) => a - b);
  const i = v.indexOf(d);
  const mid = (a: number, b: number) => Math.sqrt(a * b);
  const below = i > 0 ? mid(v[i - 1], d) : v.length > 1 ? d / Math.sqrt(v[1] / d) : d / Math.SQRT2;
  const above = i < v.length - 1 ? mid(d, v[i + 1]) : v.length > 1 ? d * Math.sqrt(d / v[i - 1]) : d * Math.SQRT2;
  return [below, above];
}

export async function computePhaseGrid(s: PhaseGridSettings, seed: number, progress: (f: number) => void = () => {}): Promise<PhaseGrid> {
  const grid = s.dims.flatMap((d) => {
    const horizon = phaseHorizon(s, d);
    return s.betas.map((beta) => ({ d, beta, ...PARAMS, rho0: RHO0, horizon, depth: phaseDepth(s, horizon), threshold: s.threshold }));
  });
  const total = 2 * grid.length;
  let done = 0;
  const tick = () => progress(++done / total);
  // Monte Carlo on worker threads (a few batches balanced by cost: large d run many more layers)
  // while the main thread computes the theory.
  const runs = runChainsParallel(
    grid.map((c, i) => pairRunConfig({ d: c.d, beta: c.beta, horizon: c.horizon, depth: c.depth, paths: s.paths, rho0: RHO0, seed: phaseCellSeed(seed, i) })),
    { onDone: tick },
  );
  const theory: PhaseCellTheory<number | null>[] = [];
  for (const c of grid) {
    theory.push(phaseCellTheory(c, c.d <= s.finiteTheoryMaxD));
    tick();
    await yieldToEventLoop();
  }
  const results = await runs;
  const cells = grid.map((c, i): PhaseCell => ({
    d: c.d,
    beta: c.beta,
    horizon: c.horizon,
    depth: c.depth,
    ...phaseCell(c, countBelow(results[i].finalCosines!, s.threshold), s.paths, s.alpha, theory[i]),
  }));
  const sampling = [...new Set(results.map((r) => String(r.config.sampling)))].join(', ');
  const lo = dimensionBand(s.dims, Math.min(...s.dims))[0];
  const hi = dimensionBand(s.dims, Math.max(...s.dims))[1];
  return { settings: s, rho0: RHO0, sampling, cells, curve: criticalCurve(Math.max(2, lo), hi) };
}
