/**
 * Paired analysis of the noise-ablation runs: per regime, task and depth, the mean test accuracy
 * of every arm with its 95% t interval, and for every contrast the per-seed gaps, the exact
 * one-sided signed-rank p-value (H1: the first arm is more accurate), the 95% t interval of the
 * mean gap, Holm-adjusted p-values over all cells, and the verdict.
 */
import { holm } from '../stats/multiplicity.js';
import { meanInterval } from '../stats/moments.js';
import { signedRankTest } from '../stats/signedRank.js';
import { CONTRASTS, type ArmId, type ContrastId, type Design, type Regime } from './design.js';
import type { RunRecord } from './experiment.js';
import type { TaskName } from './tasks.js';

export interface Interval {
  mean: number;
  /** Two-sided 95% t interval; null with fewer than two seeds. */
  lower: number | null;
  upper: number | null;
}

export interface ArmSummary extends Interval {
  arm: ArmId;
  accuracies: number[];
  /** Hyperparameter chosen on validation, per seed (λ or learning rate). */
  chosen: number[];
}

export type Verdict = 'reproduced' | 'not reproduced';

export interface ContrastSummary {
  contrast: ContrastId;
  /** Per-seed gaps acc_better − acc_worse, in replicate order. */
  gaps: number[];
  gap: Interval;
  /** Exact one-sided signed-rank p-value and Holm-adjusted p over all cells of the run. */
  pValue: number;
  pHolm: number;
  verdict: Verdict;
}

export interface CellSummary {
  regime: Regime;
  task: TaskName;
  depth: number;
  seeds: number;
  arms: ArmSummary[];
  contrasts: ContrastSummary[];
}

function interval(xs: number[]): Interval {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  if (xs.length < 2) return { mean, lower: null, upper: null };
  const ci = meanInterval(xs, 0.05);
  return { mean, lower: ci.lower, upper: ci.upper };
}

/** The analysis of `records` (any subset of the design), cells in design order. */
export function analyzeNoiseAblation(design: Design, records: readonly RunRecord[]): CellSummary[] {
  const cells: CellSummary[] = [];
  for (const regime of ['frozen', 'trained'] as const) {
    for (const task of design.tasks) {
      for (const depth of design.depths) {
        const mine = records.filter((r) => r.regime === regime && r.task === task && r.depth === depth);
        if (mine.length === 0) continue;
        const byArm = new Map<ArmId, RunRecord[]>();
        for (const arm of design.arms) {
          const rs = mine.filter((r) => r.arm === arm.id).sort((a, b) => a.replicate - b.replicate);
          if (rs.length > 0) byArm.set(arm.id, rs);
        }
        const arms = [...byArm.entries()].map(([arm, rs]) => ({
          arm,
          accuracies: rs.map((r) => r.testAccuracy),
          chosen: rs.map((r) => r.chosen),
          ...interval(rs.map((r) => r.testAccuracy)),
        }));
        const contrasts: ContrastSummary[] = [];
        for (const c of CONTRASTS) {
          const better = byArm.get(c.better);
          const worse = byArm.get(c.worse);
          if (!better || !worse) continue;
          const gaps = better.map((r, k) => r.testAccuracy - worse[k].testAccuracy);
          const pValue = signedRankTest(gaps, 'greater').pValue;
          contrasts.push({ contrast: c.id, gaps, gap: interval(gaps), pValue, pHolm: pValue, verdict: pValue <= design.alpha ? 'reproduced' : 'not reproduced' });
        }
        cells.push({ regime, task, depth, seeds: arms[0]?.accuracies.length ?? 0, arms, contrasts });
      }
    }
  }
  const all = cells.flatMap((c) => c.contrasts);
  if (all.length > 0) {
    const adjusted = holm(all.map((c) => c.pValue), design.alpha).adjusted;
    all.forEach((c, k) => (c.pHolm = adjusted[k]));
  }
  return cells;
}

/** The primary endpoint: trained regime, relational task, deepest depth, A − B. */
export function primaryEndpoint(design: Design, cells: readonly CellSummary[]): ContrastSummary | null {
  const depth = Math.max(...design.depths);
  const cell = cells.find((c) => c.regime === 'trained' && c.task === 'relational' && c.depth === depth);
  return cell?.contrasts.find((c) => c.contrast === 'A-B') ?? null;
}
