/**
 * The n-token figures, drawn from an mc-grid run (results.json; the repository's is
 * docs/n-token/results.json, made by the command in docs/n-token.md): the frequency of
 * two-antipodal-group end states against β per n, one panel per d, with exact intervals and the
 * predicted frontiers; and the distribution of the two group sizes. Running (mc-grid) and
 * reporting stay apart: the report reads the run, it does not repeat it.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { packageInfo } from '../util/version.js';
import { criticalBeta } from '../theory/lyapunov.js';
import { groupCriticalBeta } from '../theory/antipodalGroups.js';
import { ConfigError } from '../util/errors.js';
import type { GridResults } from '../grid/results.js';
import type { Spec } from './render.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export interface NTokenPoint {
  n: number;
  d: number;
  beta: number;
  paths: number;
  twoGroups: { count: number; estimate: number; lower: number; upper: number };
  /** Fraction of runs in neither one cluster nor two groups (k clusters or not clustered). */
  other: number;
}

export interface NTokenData {
  /** Where the run was read from, and its horizon, depth, tolerance and interval level. */
  source: string;
  horizon: number;
  depth: number;
  tolerance: number;
  alpha: number;
  points: NTokenPoint[];
  /** Two-group ends by n and smaller group size k, pooled over the cells of that n. */
  groupSizes: { n: number; k: number; count: number }[];
  /** Predicted frontiers per (n, d): equal groups (½ arccosh(d − 2)) and the most equal unequal split. */
  frontiers: { n: number; d: number; equal: number | null; unequal: number | null }[];
}

/** Read an mc-grid results.json and keep its n > 2 cells (σ = 1, γ = 0 model). */
export function loadNTokenData(file: string): NTokenData {
  let r: GridResults;
  try {
    r = JSON.parse(readFileSync(file, 'utf8')) as GridResults;
  } catch {
    throw new ConfigError('n-token results', file, 'a readable results.json written by mc-grid');
  }
  const cells = (r.cells ?? []).filter((c) => c.params.n > 2 && c.endStates);
  if (cells.length === 0) throw new ConfigError('n-token results', file, 'an mc-grid run with n > 2 cells and end-state statistics');
  const points = cells.map((c) => {
    const e = c.endStates;
    return {
      n: c.params.n,
      d: c.params.d,
      beta: c.params.beta,
      paths: c.params.paths,
      twoGroups: { count: e.twoGroups.count, estimate: e.twoGroups.estimate, lower: e.twoGroups.lower, upper: e.twoGroups.upper },
      other: (e.clusters.count + e.undecided.count) / c.params.paths,
    };
  });
  const sizes = new Map<string, { n: number; k: number; count: number }>();
  for (const c of cells) {
    for (const g of c.endStates.groupSizes) {
      const key = `${c.params.n}:${g.sizes[0]}`;
      const cur = sizes.get(key) ?? { n: c.params.n, k: g.sizes[0], count: 0 };
      cur.count += g.frequency.count;
      sizes.set(key, cur);
    }
  }
  const pairs = [...new Set(points.map((p) => `${p.n}:${p.d}`))].map((s) => s.split(':').map(Number));
  const frontiers = pairs.map(([n, d]) => {
    const equal = criticalBeta(d, 1, 0);
    const k = Math.floor(n / 2);
    const unequal = n % 2 === 1 ? groupCriticalBeta({ n, k, d, sigma: 1, gamma: 0 }) : null;
    return { n, d, equal: Number.isFinite(equal) ? equal : null, unequal: unequal !== null && Number.isFinite(unequal) ? unequal : null };
  });
  const first = cells[0].params;
  const inPackage = relative(packageInfo().root, file);
  return {
    source: inPackage.startsWith('..') || isAbsolute(inPackage) ? file : inPackage,
    horizon: first.horizon,
    depth: first.depth,
    tolerance: r.config.tolerance,
    alpha: r.config.alpha,
    points: points.sort((a, b) => a.n - b.n || a.d - b.d || a.beta - b.beta),
    groupSizes: [...sizes.values()].sort((a, b) => a.n - b.n || a.k - b.k),
    frontiers,
  };
}

const setup = (g: NTokenData) =>
  `uniform random starts, σ = 1, γ = 0, T = ${g.horizon}, L = ${g.depth}; two groups: cross cosines ≤ −1 + ${g.tolerance}, within ≥ 1 − ${g.tolerance}; ${Math.round(100 * (1 - g.alpha))}% Clopper–Pearson intervals`;

/** Frequency of two-group end states against β, a line per n, a panel per d, with the predicted frontiers. */
export function nTokenFrequencySpec(g: NTokenData): Spec {
  const dims = [...new Set(g.points.map((p) => p.d))].sort((a, b) => a - b);
  const ns = [...new Set(g.points.map((p) => p.n))].sort((a, b) => a - b);
  const color = { field: 'n', type: 'ordinal', title: 'n tokens', scale: { domain: ns, scheme: 'viridis' }, legend: { orient: 'right' } };
  const panel = (d: number) => {
    const rows = g.points.filter((p) => p.d === d).map((p) => ({ n: p.n, beta: p.beta, value: p.twoGroups.estimate, lower: p.twoGroups.lower, upper: p.twoGroups.upper }));
    const equal = g.frontiers.find((f) => f.d === d)?.equal ?? null;
    const unequal = [...new Set(g.frontiers.filter((f) => f.d === d && f.unequal !== null).map((f) => `${f.n}:${f.unequal}`))].map((s) => s.split(':').map(Number));
    const rules = [
      ...(equal !== null ? [{ beta: equal, label: 'equal groups and n = 2: ½ arccosh(d − 2)' }] : []),
      ...unequal.map(([n, b]) => ({ beta: b, label: `n = ${n}: (${Math.floor(n / 2)}, ${n - Math.floor(n / 2)}) groups, Λ = 0` })),
    ];
    const x = { field: 'beta', type: 'quantitative', title: 'β', scale: { zero: false } };
    return {
      title: { text: `d = ${d}`, fontSize: 13 },
      width: 260,
      height: 200,
      layer: [
        {
          data: { values: rules },
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: { x, strokeDash: { field: 'label', type: 'nominal', title: 'predicted frontier', legend: { orient: 'bottom', direction: 'vertical' } }, color: { value: '#555' } },
        },
        { data: { values: rows }, mark: { type: 'rule', strokeWidth: 1 }, encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, color } },
        { data: { values: rows }, mark: { type: 'line', strokeWidth: 1.5, point: { filled: true, size: 25 } }, encoding: { x, y: { field: 'value', type: 'quantitative', title: 'P(two antipodal groups at T)' }, color } },
      ],
    };
  };
  return {
    $schema: SCHEMA,
    title: { text: 'Two antipodal groups for n tokens: frequency against β', subtitle: [setup(g), `data: ${g.source}`] },
    hconcat: dims.map(panel),
    resolve: { scale: { color: 'shared', strokeDash: 'independent' } },
  };
}

/** Distribution of the smaller group size k among two-group end states, one panel per n. */
export function nTokenGroupSizesSpec(g: NTokenData): Spec {
  const ns = [...new Set(g.groupSizes.map((s) => s.n))].sort((a, b) => a - b);
  const rows = g.groupSizes.filter((s) => s.count > 0).map((s) => ({ ...s, share: s.k / s.n }));
  return {
    $schema: SCHEMA,
    title: { text: 'Sizes of the two antipodal groups (k and n − k, k ≤ n − k)', subtitle: [`two-group end states pooled over every (β, d) cell of each n; ${setup(g)}`, `data: ${g.source}`] },
    data: { values: rows },
    facet: { field: 'n', type: 'ordinal', sort: ns, header: { title: null, labelExpr: "'n = ' + datum.value" } },
    columns: Math.min(5, Math.max(1, ns.length)),
    spec: {
      width: 150,
      height: 120,
      mark: { type: 'bar', color: '#0072B2' },
      encoding: {
        x: { field: 'k', type: 'ordinal', title: 'smaller group size k' },
        y: { field: 'count', type: 'quantitative', title: 'runs' },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
}
