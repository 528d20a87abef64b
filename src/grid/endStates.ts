/**
 * Per-cell statistics of end states over many runs: frequencies of one cluster, two antipodal
 * groups, k ≥ 2 other clusters and undecided states with exact (Clopper–Pearson) intervals, the
 * distribution of the two-group sizes, and the time to formation with quantiles and their exact
 * order-statistic intervals.
 *
 * Time to formation is measured on cosine snapshots every `strideLayers` layers: it is the time
 * of the first snapshot from which the end formation holds to the last layer (classify.ts,
 * `formationSnapshot`), so it is resolved to strideLayers·h in time (it lies in the interval of
 * one stride before the value reported). Formation times are reported for the one-cluster and
 * two-group end states.
 *
 * @example
 * const t = new EndStateTally(4);
 * t.add(cosines, snapshots, snapshotCount); // once per path
 * const s = t.summary({ alpha: 0.05, tolerance: 1e-3, layers, horizon, depth });
 * s.twoGroups; // { count, estimate, lower, upper }
 */
import {
  classifyFormation, DEFAULT_CLASSIFY_TOLERANCE, endStateOf, formationSnapshot, type EndState,
} from '../simulator/classify.js';
import { clopperPearson, quantileWithInterval } from '../stats/index.js';

/** A frequency with its exact (Clopper–Pearson) two-sided 1 − α interval. */
export interface Frequency {
  count: number;
  estimate: number;
  lower: number;
  upper: number;
}

export interface FormationQuantile {
  q: number;
  /** Time (layer × h) of the empirical quantile, and its exact 1 − α interval (null: unbounded). */
  time: number;
  lower: number | null;
  upper: number | null;
}

export interface FormationTimes {
  /** Runs that ended in this state (the sample of formation times). */
  runs: number;
  /** Quantiles 0.1, 0.25, 0.5, 0.75, 0.9. */
  quantiles: FormationQuantile[];
}

export interface EndStateSummary {
  /** Classification tolerance ε (together: cos ≥ 1 − ε; antipodal: cos ≤ −1 + ε). */
  tolerance: number;
  paths: number;
  oneCluster: Frequency;
  twoGroups: Frequency;
  /** k ≥ 2 tight clusters that are not two antipodal groups. */
  clusters: Frequency;
  undecided: Frequency;
  /** Runs ending in k ≥ 2 clusters (not two antipodal groups), by k. */
  clusterCounts: { k: number; count: number }[];
  /** Two-group end states by sizes [k, n − k], k ≤ n − k: frequency among all runs. */
  groupSizes: { sizes: [number, number]; frequency: Frequency }[];
  /** Null when the run recorded no snapshots. */
  formationTime: {
    /** Layers between snapshots, and the same in time: the resolution of the times below. */
    strideLayers: number;
    resolution: number;
    oneCluster: FormationTimes | null;
    twoGroups: FormationTimes | null;
  } | null;
}

export const FORMATION_QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9] as const;

export function frequency(count: number, total: number, alpha: number): Frequency {
  const ci = clopperPearson(count, total, alpha);
  return { count, estimate: ci.estimate, lower: ci.lower, upper: ci.upper };
}

/** Accumulates the end states (and formation snapshots) of the runs of one cell. */
export class EndStateTally {
  paths = 0;
  readonly counts = { 'one-cluster': 0, 'two-groups': 0, clusters: 0, undecided: 0 };
  /** Index k: runs in k clusters (not two groups). */
  readonly clusterCounts: number[];
  /** Index k (smaller group): two-group runs with sizes [k, n − k]. */
  readonly groupSizes: number[];
  /** Snapshot index of formation, per end state. */
  readonly formation = { 'one-cluster': [] as number[], 'two-groups': [] as number[] };

  constructor(
    readonly n: number,
    readonly tolerance = DEFAULT_CLASSIFY_TOLERANCE,
  ) {
    this.clusterCounts = new Array<number>(n + 1).fill(0);
    this.groupSizes = new Array<number>(Math.floor(n / 2) + 1).fill(0);
  }

  /**
   * Add one run from its final pairwise cosines and, optionally, its `count` cosine snapshots
   * (from `offset` in `snapshots`; the last one is the final state). Returns its end state.
   */
  add(cosines: ArrayLike<number>, snapshots?: ArrayLike<number>, count = 0, offset = 0): EndState {
    const state = endStateOf(classifyFormation(cosines, this.n, this.tolerance));
    this.paths++;
    this.counts[state.kind]++;
    if (state.kind === 'clusters') this.clusterCounts[state.k]++;
    if (state.kind === 'two-groups') this.groupSizes[state.sizes[0]]++;
    if (snapshots && count > 0 && (state.kind === 'one-cluster' || state.kind === 'two-groups')) {
      const i = formationSnapshot(snapshots, count, this.n, this.tolerance, offset);
      if (i !== null) this.formation[state.kind].push(i);
    }
    return state;
  }

  /**
   * Frequencies and formation-time quantiles. `layers` are the snapshot layers (null: no
   * snapshots were recorded); h = horizon / depth converts layers to time.
   */
  summary(o: { alpha: number; layers: number[] | null; horizon: number; depth: number }): EndStateSummary {
    const f = (c: number) => frequency(c, this.paths, o.alpha);
    const h = o.horizon / o.depth;
    const times = (snaps: number[]): FormationTimes | null => {
      if (!o.layers || snaps.length === 0) return null;
      const sorted = snaps.map((i) => o.layers![i] * h).sort((a, b) => a - b);
      return {
        runs: sorted.length,
        quantiles: FORMATION_QUANTILES.map((q) => {
          const e = quantileWithInterval(sorted, q, o.alpha);
          return { q, time: e.value, lower: e.lower, upper: e.upper };
        }),
      };
    };
    const stride = o.layers && o.layers.length > 1 ? o.layers[1] - o.layers[0] : 0;
    return {
      tolerance: this.tolerance,
      paths: this.paths,
      oneCluster: f(this.counts['one-cluster']),
      twoGroups: f(this.counts['two-groups']),
      clusters: f(this.counts.clusters),
      undecided: f(this.counts.undecided),
      clusterCounts: this.clusterCounts.flatMap((count, k) => (count > 0 ? [{ k, count }] : [])),
      groupSizes: this.groupSizes.flatMap((count, k) => (k >= 1 ? [{ sizes: [k, this.n - k] as [number, number], frequency: f(count) }] : [])),
      formationTime: o.layers
        ? { strideLayers: stride, resolution: stride * h, oneCluster: times(this.formation['one-cluster']), twoGroups: times(this.formation['two-groups']) }
        : null,
    };
  }
}
