/**
 * One grid cell: simulate its paths with runChainParallel (bit-identical for any worker count),
 * classify each end state, and put exact intervals and, for n = 2, the theory next to them.
 *
 * The result depends only on the cell's parameters, the run-wide settings and its seed
 * deriveSeed(seed, [cellIndex]) — never on the other cells, the shard or the number of workers.
 *
 * @example
 * const r = await runCell(config, 0, { workers: 2 });
 * r.antipodal; // { count, estimate, lower, upper }: two-antipodal-group end states
 */
import { runChainParallel } from '../parallel/index.js';
import { EndStateTally, frequency, type EndStateSummary, type Frequency } from './endStates.js';
import { snapshotLayers } from '../simulator/workspace.js';
import { pairCount, toRows, twoTokenStart } from '../simulator/tokens.js';
import { phaseCell, phaseCellSeed } from './phaseCell.js';
import type { CellParams, GridConfig } from './grid.js';

export type { Frequency };

/** n = 2 only: the event ρ_T < threshold against the theory of the limit SDE. */
export interface TwoTokenComparison {
  threshold: number;
  /** Paths with ρ_T < threshold, with the exact interval. */
  below: Frequency;
  /** P(ρ_T < threshold | ρ_0) of the limit SDE (null without theory: σ = 0 or uniform starts). */
  finiteTime: number | null;
  /** P(ρ_∞ = −1 | ρ_0) (null without theory). */
  longRun: number | null;
  /** β*: antipodes attract iff β > β* (null when none does). */
  criticalBeta: number | null;
  attracting: boolean | null;
  /** Exact two-sided binomial p-value of `below.count` under p = finiteTime. */
  pValue: number | null;
  /** Why there is no theory, when there is none. */
  note: string | null;
}

export interface CellResult {
  index: number;
  params: CellParams;
  seed: number;
  /** End states in two antipodal groups, in one cluster, and neither (undecided). */
  antipodal: Frequency;
  oneCluster: Frequency;
  undecided: Frequency;
  /** The finer picture: k clusters, undecided, group sizes, time to formation. */
  endStates: EndStateSummary;
  twoTokens: TwoTokenComparison | null;
  /**
   * The chain's sampling as the simulator resolved it (the cell asks for final cosines only, so
   * 'gram-state' wherever it applies). Absent from cells written before it was recorded.
   */
  sampling?: string;
}

/** Paths per runChainParallel call: bounds the memory of final tokens (counts don't depend on it). */
const MAX_NUMBERS_PER_CALL = 1 << 22;

/** The seed of cell `index` (the phase cell's convention, ./phaseCell.ts). */
export function cellSeed(config: GridConfig, index: number): number {
  return phaseCellSeed(config.seed, index);
}

/** Snapshot stride of a cell (null: no snapshots): the resolution of the formation times. */
export function formationStride(config: GridConfig, depth: number): number | null {
  return config.snapshots > 0 ? Math.max(1, Math.ceil(depth / config.snapshots)) : null;
}

/** Finite numbers as they are, anything else as null (JSON has no Infinity). */
function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export interface CellRunOptions {
  workers?: number;
  /** Paths of this cell done so far. */
  onPaths?: (done: number) => void;
}

export async function runCell(config: GridConfig, index: number, options: CellRunOptions = {}): Promise<CellResult> {
  const c = config.cells[index];
  const seed = cellSeed(config, index);
  const { n, d } = c;
  const initialTokens = c.rho0 === null ? null : toRows(twoTokenStart(c.rho0, d), 2, d);
  const tally = new EndStateTally(n, config.tolerance);
  let below = 0;
  const pairs = pairCount(n);
  const cos = new Float64Array(pairs);
  const stride = formationStride(config, c.depth);
  const layers = stride === null ? null : snapshotLayers(c.depth, stride);
  const perPath = pairs + (layers ? layers.length * pairs : 0);
  const chunk = Math.max(1, Math.floor(MAX_NUMBERS_PER_CALL / perPath));
  let sampling = '';
  for (let first = 0; first < c.paths; first += chunk) {
    const paths = Math.min(chunk, c.paths - first);
    const r = await runChainParallel(
      {
        n,
        d,
        beta: c.beta,
        sigma: c.sigma,
        gamma: c.gamma,
        depth: c.depth,
        horizon: c.horizon,
        law: c.law,
        initialTokens,
        seed,
        firstPath: first,
        paths,
        sampling: config.sampling,
        output: 'cosines',
        snapshots: stride === null ? null : { stride, record: 'cosines' },
      },
      { workers: options.workers, onPath: (done) => options.onPaths?.(first + done) },
    );
    sampling = String(r.config.sampling);
    for (let p = 0; p < paths; p++) {
      cos.set(r.finalCosines!.subarray(p * pairs, (p + 1) * pairs));
      const snaps = r.snapshots?.data;
      tally.add(cos, snaps, layers?.length ?? 0, layers ? p * layers.length * pairs : 0);
      if (n === 2 && cos[0] < config.threshold) below++;
    }
  }
  const a = config.alpha;
  const k = tally.counts;
  return {
    index,
    params: c,
    seed,
    antipodal: frequency(k['two-groups'], c.paths, a),
    oneCluster: frequency(k['one-cluster'], c.paths, a),
    undecided: frequency(k.clusters + k.undecided, c.paths, a),
    endStates: tally.summary({ alpha: a, layers, horizon: c.horizon, depth: c.depth }),
    twoTokens: n === 2 ? twoTokenTheory(config, c, below) : null,
    sampling,
  };
}

function twoTokenTheory(config: GridConfig, c: CellParams, below: number): TwoTokenComparison {
  const base = { threshold: config.threshold, below: frequency(below, c.paths, config.alpha) };
  const none = (note: string): TwoTokenComparison => ({ ...base, finiteTime: null, longRun: null, criticalBeta: null, attracting: null, pValue: null, note });
  if (c.rho0 === null) return none('uniform random starts: the theory is stated for a fixed starting cosine rho0');
  if (c.sigma === 0) return none('sigma = 0: no noise, the theory of the stochastic limit does not apply');
  try {
    const cell = phaseCell({ d: c.d, beta: c.beta, sigma: c.sigma, gamma: c.gamma, rho0: c.rho0, horizon: c.horizon, threshold: config.threshold }, below, c.paths, config.alpha);
    return {
      ...base,
      finiteTime: cell.finiteTime,
      longRun: cell.longRun,
      criticalBeta: finite(cell.criticalBeta),
      attracting: cell.attracting,
      pValue: cell.pValue,
      note: null,
    };
  } catch (e) {
    // Keep the simulated counts; say why there is no theory instead of losing the cell.
    return none(`theory failed: ${(e as Error).message}`);
  }
}
