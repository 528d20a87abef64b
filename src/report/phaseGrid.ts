/**
 * The data of the phase diagram: on a (β, d) grid, the Monte Carlo frequency of ρ_T < −0.99 for
 * two tokens started orthogonal (with its Clopper–Pearson interval), the exact finite-time
 * probability of the limit SDE, the long-run probability P(ρ_∞ = −1), and the critical curve
 * cosh(2β) = d − 2.
 */
import { availableParallelism } from 'node:os';
import { deriveSeed } from '../rng/streams.js';
import { clopperPearson } from '../stats/index.js';
import { antipodalProbability, criticalBeta, finiteTimeCdf } from '../theory/index.js';
import { finalCosines } from './montecarlo.js';
import { mapPool, yieldToEventLoop } from './pool.js';
import type { PhaseGridSettings } from './settings.js';

export interface PhaseCell {
  d: number;
  beta: number;
  /** Paths with ρ_T < threshold, out of `paths`. */
  count: number;
  paths: number;
  frequency: number;
  lower: number;
  upper: number;
  /** P(ρ_T < threshold) of the limit SDE (finite-time law). */
  theory: number;
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

/** The critical curve β*(d) for real d in [dMin, dMax]. */
export function criticalCurve(dMin: number, dMax: number, points = 200): { d: number; beta: number }[] {
  return Array.from({ length: points + 1 }, (_, k) => {
    const d = dMin + ((dMax - dMin) * k) / points;
    return { d, beta: criticalBeta(d, PARAMS.sigma, PARAMS.gamma) };
  });
}

export async function computePhaseGrid(s: PhaseGridSettings, seed: number, progress: (f: number) => void = () => {}): Promise<PhaseGrid> {
  const grid = s.dims.flatMap((d) => s.betas.map((beta) => ({ d, beta })));
  const total = 2 * grid.length;
  let done = 0;
  const tick = () => progress(++done / total);
  // Monte Carlo on worker threads while the main thread computes the theory.
  const mc = mapPool(grid, availableParallelism(), async (c) => {
    // The seed depends on the cell, not on its position in the grid.
    const rho = await finalCosines({ ...c, horizon: s.horizon, depth: s.depth, paths: s.paths, rho0: RHO0, seed: deriveSeed(seed, [c.d, Math.round(c.beta * 1e6)]) });
    tick();
    let k = 0;
    for (const r of rho) if (r < s.threshold) k++;
    return k;
  });
  const theory: { theory: number; longRun: number }[] = [];
  for (const c of grid) {
    const params = { ...PARAMS, ...c };
    theory.push({ theory: finiteTimeCdf(s.threshold, RHO0, s.horizon, params), longRun: antipodalProbability(RHO0, params) });
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
  return { settings: s, rho0: RHO0, cells, curve: criticalCurve(Math.max(2, Math.min(...s.dims) - 0.5), Math.max(...s.dims) + 0.5) };
}
