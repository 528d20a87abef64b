/**
 * The data of the phase diagram: on a (β, d) grid, one phase cell per point (../grid/phaseCell.ts:
 * the Monte Carlo frequency of ρ_T < threshold for two tokens started orthogonal, with its
 * Clopper–Pearson interval, the finite-time and long-run probabilities of the limit SDE), and the
 * critical curve cosh(2β) = d − 2. Cell i of the grid (d-major) has seed deriveSeed(seed, [i]).
 */
import { availableParallelism } from 'node:os';
import { countBelow, phaseCell, phaseCellSeed, phaseCellTheory, type PhaseCell as CellStatistics } from '../grid/phaseCell.js';
import { criticalBeta } from '../theory/index.js';
import { finalCosines } from './montecarlo.js';
import { mapPool, yieldToEventLoop } from './pool.js';
import type { PhaseGridSettings } from './settings.js';

/** One point (d, β) of the diagram. */
export interface PhaseCell extends CellStatistics {
  d: number;
  beta: number;
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

/** The critical curve β*(d) for real d in [dMin, dMax]. */
export function criticalCurve(dMin: number, dMax: number, points = 200): { d: number; beta: number }[] {
  return Array.from({ length: points + 1 }, (_, k) => {
    const d = dMin + ((dMax - dMin) * k) / points;
    return { d, beta: criticalBeta(d, PARAMS.sigma, PARAMS.gamma) };
  });
}

export async function computePhaseGrid(s: PhaseGridSettings, seed: number, progress: (f: number) => void = () => {}): Promise<PhaseGrid> {
  const grid = s.dims.flatMap((d) => s.betas.map((beta) => ({ d, beta, ...PARAMS, rho0: RHO0, horizon: s.horizon, threshold: s.threshold })));
  const total = 2 * grid.length;
  let done = 0;
  const tick = () => progress(++done / total);
  // Monte Carlo on worker threads while the main thread computes the theory.
  const mc = mapPool(grid, availableParallelism(), async (c, i) => {
    const rho = await finalCosines({ d: c.d, beta: c.beta, horizon: s.horizon, depth: s.depth, paths: s.paths, rho0: RHO0, seed: phaseCellSeed(seed, i) });
    tick();
    return countBelow(rho, s.threshold);
  });
  const theory: ReturnType<typeof phaseCellTheory>[] = [];
  for (const c of grid) {
    theory.push(phaseCellTheory(c));
    tick();
    await yieldToEventLoop();
  }
  const counts = await mc;
  const cells = grid.map((c, i): PhaseCell => ({ d: c.d, beta: c.beta, ...phaseCell(c, counts[i], s.paths, s.alpha, theory[i]) }));
  return { settings: s, rho0: RHO0, cells, curve: criticalCurve(Math.max(2, Math.min(...s.dims) - 0.5), Math.max(...s.dims) + 0.5) };
}
