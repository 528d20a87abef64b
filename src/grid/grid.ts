/**
 * The grid of an mc-grid run: per-cell model parameters (any of them can vary) plus run-wide
 * settings, expanded into an explicit, canonical list of cells. The canonical configuration is
 * what run.json stores and what a resumed or sharded run must match.
 *
 * Sources, later ones winning key by key: defaults, a grid file (JSON), command-line flags.
 * A grid file is either axes, expanded as a Cartesian product, or an explicit cell list:
 *
 *   { "beta": [0.5, 1, 2], "d": [3, 4, 6], "paths": 1000, "seed": 7 }
 *   { "cells": [{ "beta": 1, "d": 3 }, { "beta": 2, "d": 6, "n": 4 }], "depth": 2000 }
 *
 * Product order: n, d, sigma, gamma, law, depth, horizon, rho0, paths, beta (β varies fastest).
 *
 * @example
 * const config = buildGridConfig({ beta: [0.5, 1], d: [3, 4] }); // 4 cells, defaults elsewhere
 * config.cells[1]; // { n: 2, d: 3, beta: 1, sigma: 1, gamma: 0, depth: 2000, horizon: 20, law: 'gaussian', rho0: 0, paths: 1000 }
 */
import { ENTRY_LAWS, type EntryLaw } from '../rng/entryLaws.js';
import { resolveChain } from '../simulator/config.js';
import { ConfigError } from '../util/errors.js';

/** Parameters of one cell. rho0 is the starting cosine for n = 2; null means uniform random starts. */
export interface CellParams {
  n: number;
  d: number;
  beta: number;
  sigma: number;
  gamma: number;
  depth: number;
  horizon: number;
  law: EntryLaw;
  rho0: number | null;
  paths: number;
}

/** The canonical configuration of a run (stored in run.json and results.json). */
export interface GridConfig {
  /** Base seed: cell i uses deriveSeed(seed, [i]). */
  seed: number;
  /** n = 2: the event ρ_T < threshold is compared with the finite-time theory. */
  threshold: number;
  /** Classification tolerance ε of classifyFormation. */
  tolerance: number;
  /** Level of the Clopper–Pearson intervals (1 − α) and family-wise α of the Holm step. */
  alpha: number;
  /**
   * Cosine snapshots per cell for the time to formation (stride ⌈depth / snapshots⌉ layers: the
   * resolution of the times); 0 records none.
   */
  snapshots: number;
  /** Chain noise sampling (ChainConfig.sampling). */
  sampling: 'auto';
  cells: CellParams[];
}

/** Keys that may vary from cell to cell, in product order (last varies fastest). */
export const CELL_KEYS = ['n', 'd', 'sigma', 'gamma', 'law', 'depth', 'horizon', 'rho0', 'paths', 'beta'] as const;
/** Run-wide keys. */
export const RUN_KEYS = ['seed', 'threshold', 'tolerance', 'alpha', 'snapshots'] as const;

type CellKey = (typeof CELL_KEYS)[number];
type RunKey = (typeof RUN_KEYS)[number];
type Value = number | string | null;
/** A grid source: per-cell keys as one value or a list, run-wide keys as one value, or explicit cells. */
export type GridSpec = Partial<Record<CellKey, Value | Value[]>> & Partial<Record<RunKey, number>> & { cells?: Record<string, Value>[] };

const DEFAULTS: Record<CellKey, Value | undefined> & Record<RunKey, number> = {
  n: 2,
  d: undefined,
  beta: undefined,
  sigma: 1,
  gamma: 0,
  depth: 2000,
  horizon: 20,
  law: 'gaussian',
  rho0: 0,
  paths: 1000,
  seed: 0,
  threshold: -0.99,
  tolerance: 1e-3,
  alpha: 0.05,
  snapshots: 100,
};

const MAX_CELLS = 1_000_000;

/** Merge grid sources (later wins per key; `cells` of a later source replaces earlier axes and cells). */
export function mergeSpecs(...specs: GridSpec[]): GridSpec {
  const out: GridSpec = {};
  for (const s of specs) {
    for (const [k, v] of Object.entries(s)) {
      if (v === undefined) continue;
      if (k !== 'cells' && !(CELL_KEYS as readonly string[]).includes(k) && !(RUN_KEYS as readonly string[]).includes(k)) {
        throw new ConfigError(`grid key "${k}"`, v, `one of ${[...CELL_KEYS, ...RUN_KEYS, 'cells'].join(', ')}`);
      }
      (out as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}

function runNumber(spec: GridSpec, key: RunKey): number {
  const v = spec[key] ?? DEFAULTS[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(key, v, 'a finite number');
  return v;
}

/** Validate and expand a grid spec into the canonical configuration. */
export function buildGridConfig(spec: GridSpec): GridConfig {
  const seed = runNumber(spec, 'seed');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new ConfigError('seed', seed, 'a non-negative safe integer');
  const threshold = runNumber(spec, 'threshold');
  if (!(threshold > -1 && threshold < 1)) throw new ConfigError('threshold', threshold, 'a cosine in (−1, 1)');
  const tolerance = runNumber(spec, 'tolerance');
  if (!(tolerance > 0 && tolerance < 1)) throw new ConfigError('tolerance', tolerance, 'a number in (0, 1)');
  const alpha = runNumber(spec, 'alpha');
  if (!(alpha > 0 && alpha < 1)) throw new ConfigError('alpha', alpha, 'a number in (0, 1)');
  const snapshots = runNumber(spec, 'snapshots');
  if (!Number.isSafeInteger(snapshots) || snapshots < 0) throw new ConfigError('snapshots', snapshots, 'a non-negative integer');

  const raw: Record<string, Value>[] = [];
  if (spec.cells !== undefined) {
    if (!Array.isArray(spec.cells) || spec.cells.length === 0) throw new ConfigError('cells', spec.cells, 'a non-empty array of cell objects');
    for (const key of CELL_KEYS) {
      if (Array.isArray(spec[key])) throw new ConfigError(key, spec[key], 'a single value when "cells" lists the cells');
    }
    spec.cells.forEach((c, i) => {
      if (c === null || typeof c !== 'object' || Array.isArray(c)) throw new ConfigError(`cells[${i}]`, c, 'an object');
      for (const k of Object.keys(c)) {
        if (!(CELL_KEYS as readonly string[]).includes(k)) throw new ConfigError(`cells[${i}].${k}`, c[k], `a key among ${CELL_KEYS.join(', ')}`);
      }
      const cell: Record<string, Value> = {};
      for (const key of CELL_KEYS) cell[key] = (c[key] ?? spec[key] ?? DEFAULTS[key]) as Value;
      raw.push(cell);
    });
  } else {
    const axes = CELL_KEYS.map((key) => {
      const v = spec[key] ?? DEFAULTS[key];
      if (v === undefined) throw new ConfigError(key, v, `a value or a list (--${key} or "${key}" in the grid file)`);
      const list = Array.isArray(v) ? v : [v];
      if (list.length === 0) throw new ConfigError(key, v, 'a non-empty list');
      return list;
    });
    const total = axes.reduce((a, l) => a * l.length, 1);
    if (total > MAX_CELLS) throw new ConfigError('grid', `${total} cells`, `at most ${MAX_CELLS} cells`);
    for (let i = 0; i < total; i++) {
      const cell: Record<string, Value> = {};
      let rest = i;
      for (let k = CELL_KEYS.length - 1; k >= 0; k--) {
        const list = axes[k];
        cell[CELL_KEYS[k]] = list[rest % list.length];
        rest = Math.floor(rest / list.length);
      }
      raw.push(cell);
    }
  }
  const cells = raw.map((c, i) => validateCell(c, i));
  return { seed, threshold, tolerance, alpha, snapshots, sampling: 'auto', cells };
}

/** A cell in canonical key order, validated by the chain's own configuration checks. */
function validateCell(c: Record<string, Value>, index: number): CellParams {
  const where = (k: string) => `cell ${index} ${k}`;
  const num = (k: CellKey): number => {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(where(k), v, 'a finite number');
    return v;
  };
  const law = c.law;
  if (typeof law !== 'string' || !(ENTRY_LAWS as readonly string[]).includes(law)) throw new ConfigError(where('law'), law, ENTRY_LAWS.join(' | '));
  const n = num('n');
  let rho0: number | null = null;
  if (n === 2 && c.rho0 !== 'uniform' && c.rho0 !== null) {
    rho0 = num('rho0');
    if (!(rho0 > -1 && rho0 < 1)) throw new ConfigError(where('rho0'), rho0, 'a cosine in (−1, 1), or "uniform"');
  } else if (c.rho0 !== 'uniform' && c.rho0 !== null && typeof c.rho0 !== 'number') {
    throw new ConfigError(where('rho0'), c.rho0, 'a number or "uniform"');
  }
  const cell: CellParams = {
    n,
    d: num('d'),
    beta: num('beta'),
    sigma: num('sigma'),
    gamma: num('gamma'),
    depth: num('depth'),
    horizon: num('horizon'),
    law: law as EntryLaw,
    rho0,
    paths: num('paths'),
  };
  try {
    resolveChain({ ...cell, seed: 0, initialTokens: null });
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(where(e.parameter), e.value, e.accepted);
    throw e;
  }
  return cell;
}

/** Short label of a cell for progress lines and tables, e.g. "n=2 d=3 β=1 σ=1 L=2000 T=20". */
export function cellLabel(c: CellParams): string {
  const extra = [c.gamma !== 0 ? `γ=${c.gamma}` : '', c.law !== 'gaussian' ? c.law : ''].filter(Boolean).join(' ');
  return `n=${c.n} d=${c.d} β=${c.beta} σ=${c.sigma} L=${c.depth} T=${c.horizon}${extra ? ' ' + extra : ''}`;
}
