/**
 * Assembling the finished cells of a run into results.json and results.csv. Both are pure
 * functions of (configuration, code identity, cell files), so an unsharded run, a merge of
 * shards and a resumed run give the same bytes.
 *
 * For a complete grid the n = 2 p-values get Holm's step-down adjustment at family-wise α = alpha
 * (strong control of the chance that any cell is flagged when the chain matches theory).
 */
import { holm } from '../stats/index.js';
import type { CellResult, Frequency } from './cell.js';
import type { FormationTimes } from './endStates.js';
import type { GridConfig } from './grid.js';
import type { CodeIdentity } from './provenance.js';

export const FORMAT = 'dst-verify mc-grid results v1';

export interface HolmEntry {
  adjustedPValue: number;
  rejected: boolean;
}

export interface GridResults {
  format: string;
  config: GridConfig;
  code: CodeIdentity;
  /** Every cell of the grid is present. */
  complete: boolean;
  cellsDone: number;
  cellsTotal: number;
  /** Complete grids only: Holm over the cells with a p-value (null otherwise or when there are none). */
  holm: { alpha: number; tests: number; rejected: number[] } | null;
  cells: (CellResult & { holm: HolmEntry | null })[];
}

export function assembleResults(config: GridConfig, code: CodeIdentity, cells: CellResult[]): GridResults {
  const sorted = [...cells].sort((a, b) => a.index - b.index);
  const complete = sorted.length === config.cells.length;
  const tested = sorted.filter((c) => c.twoTokens?.pValue != null);
  let family: GridResults['holm'] = null;
  const entries = new Map<number, HolmEntry>();
  if (complete && tested.length > 0) {
    const h = holm(tested.map((c) => c.twoTokens!.pValue!), config.alpha);
    tested.forEach((c, i) => entries.set(c.index, { adjustedPValue: h.adjusted[i], rejected: h.rejected[i] }));
    family = { alpha: config.alpha, tests: tested.length, rejected: tested.filter((_, i) => h.rejected[i]).map((c) => c.index) };
  }
  return {
    format: FORMAT,
    config,
    code,
    complete,
    cellsDone: sorted.length,
    cellsTotal: config.cells.length,
    holm: family,
    cells: sorted.map((c) => ({ ...c, holm: entries.get(c.index) ?? null })),
  };
}

const freqColumns = (prefix: string) => [`${prefix}`, `${prefix}_freq`, `${prefix}_lower`, `${prefix}_upper`];
export const CSV_COLUMNS = [
  'index', 'n', 'd', 'beta', 'sigma', 'gamma', 'depth', 'horizon', 'law', 'rho0', 'paths', 'seed',
  ...freqColumns('antipodal'), ...freqColumns('one_cluster'), ...freqColumns('undecided'),
  'threshold', ...freqColumns('below_threshold'),
  'theory_finite_time', 'theory_long_run', 'critical_beta', 'attracting', 'p_value', 'holm_adjusted_p', 'holm_rejected',
  // The finer end states (appended, so the columns above keep their places).
  ...freqColumns('k_clusters'), ...freqColumns('unclustered'), 'cluster_counts', 'group_sizes',
  'formation_stride_time', ...quantileColumns('t_one_cluster'), ...quantileColumns('t_two_groups'),
  // The chain's sampling as resolved; empty for a cell written before it was recorded.
  'sampling',
];

function quantileColumns(prefix: string): string[] {
  return [`${prefix}_runs`, `${prefix}_q10`, `${prefix}_median`, `${prefix}_median_lower`, `${prefix}_median_upper`, `${prefix}_q90`];
}

function quantileValues(t: FormationTimes | null | undefined): unknown[] {
  if (!t) return [null, null, null, null, null, null];
  const at = (q: number) => t.quantiles.find((x) => x.q === q);
  return [t.runs, at(0.1)?.time, at(0.5)?.time, at(0.5)?.lower, at(0.5)?.upper, at(0.9)?.time];
}

/** "k:count" pairs joined by ";" (e.g. "1:12;2:30"). */
const pairsText = (items: { key: number; count: number }[]) => items.map((x) => `${x.key}:${x.count}`).join(';');

function csvValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const freq = (f: Frequency | undefined) => (f ? [f.count, f.estimate, f.lower, f.upper] : [null, null, null, null]);

/** One row per finished cell; numbers in JavaScript's shortest round-trip form, empty for "none". */
export function resultsCsv(r: GridResults): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const c of r.cells) {
    const p = c.params;
    const t = c.twoTokens;
    const e = c.endStates;
    const row = [
      c.index, p.n, p.d, p.beta, p.sigma, p.gamma, p.depth, p.horizon, p.law, p.rho0 === null ? 'uniform' : p.rho0, p.paths, c.seed,
      ...freq(c.antipodal), ...freq(c.oneCluster), ...freq(c.undecided),
      t?.threshold ?? null, ...freq(t?.below),
      t?.finiteTime ?? null, t?.longRun ?? null, t?.criticalBeta ?? null, t?.attracting ?? null, t?.pValue ?? null,
      c.holm?.adjustedPValue ?? null, c.holm?.rejected ?? null,
      ...freq(e?.clusters), ...freq(e?.undecided),
      e ? pairsText(e.clusterCounts.map((x) => ({ key: x.k, count: x.count }))) : null,
      e ? pairsText(e.groupSizes.map((x) => ({ key: x.sizes[0], count: x.frequency.count }))) : null,
      e?.formationTime?.resolution ?? null,
      ...quantileValues(e?.formationTime?.oneCluster), ...quantileValues(e?.formationTime?.twoGroups),
      c.sampling ?? null,
    ];
    lines.push(row.map(csvValue).join(','));
  }
  return lines.join('\n') + '\n';
}

/** A short human-readable table for the terminal. */
export function formatTable(r: GridResults): string {
  const f = (x: number | null | undefined, k = 3) => (x == null ? '—' : x.toFixed(k));
  const lines = [
    `${r.cellsDone}/${r.cellsTotal} cells${r.complete ? '' : ' (incomplete)'}; intervals: exact ${100 * (1 - r.config.alpha)}% Clopper–Pearson`,
    ['cell', 'n', 'd', 'beta', 'paths', 'antipodal [CI]', 'one-cluster', 'undecided', 'P(rho_T<thr) [CI]', 'theory T', 'long run', 'p', 'Holm', 'group sizes', 'median t (2 groups)'].join('\t'),
  ];
  for (const c of r.cells) {
    const t = c.twoTokens;
    lines.push(
      [
        c.index, c.params.n, c.params.d, c.params.beta, c.params.paths,
        `${f(c.antipodal.estimate)} [${f(c.antipodal.lower)}, ${f(c.antipodal.upper)}]`,
        f(c.oneCluster.estimate), f(c.undecided.estimate),
        t ? `${f(t.below.estimate)} [${f(t.below.lower)}, ${f(t.below.upper)}]` : '—',
        f(t?.finiteTime), f(t?.longRun), t?.pValue == null ? '—' : t.pValue.toPrecision(3),
        c.holm ? (c.holm.rejected ? 'REJECT' : 'ok') : '—',
        c.endStates?.groupSizes.filter((g) => g.frequency.count > 0).map((g) => `${g.sizes.join('+')}:${g.frequency.count}`).join(' ') || '—',
        f(c.endStates?.formationTime?.twoGroups?.quantiles.find((q) => q.q === 0.5)?.time, 2),
      ].join('\t'),
    );
  }
  if (r.holm) lines.push(`Holm at family-wise α = ${r.holm.alpha} over ${r.holm.tests} cells: ${r.holm.rejected.length ? `rejected cells ${r.holm.rejected.join(', ')}` : 'no cell disagrees with theory'}`);
  return lines.join('\n');
}
