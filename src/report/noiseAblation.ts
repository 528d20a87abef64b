/**
 * Noise-ablation figure: test accuracy against depth per arm with 95% intervals (top), and the
 * paired gaps A − B and A − C with their 95% intervals (bottom), one column per regime and task.
 */
import { analyzeNoiseAblation, type CellSummary } from '../training/analysis.js';
import { NOISE_ABLATION, type TierSizes } from '../training/design.js';
import { runNoiseAblation } from '../training/experiment.js';
import type { Spec } from './render.js';

export interface NoiseAblationData {
  tier: string;
  seed: number;
  cells: CellSummary[];
}

const REGIME_TITLE: Record<string, string> = { frozen: 'frozen (proxy)', trained: 'trained' };
const ARM_TITLE: Record<string, string> = { A: 'A: noise (σ = 1, √h)', B: 'B: no noise (σ = 0)', C: 'C: noise × h' };

/** One row per (panel, depth, arm) and per (panel, depth, contrast). */
export function noiseAblationRows(cells: readonly CellSummary[]) {
  const panel = (c: CellSummary) => `${REGIME_TITLE[c.regime]}: ${c.task}`;
  const accuracy = cells.flatMap((c) =>
    c.arms.map((a) => ({ panel: panel(c), depth: String(c.depth), arm: ARM_TITLE[a.arm] ?? a.arm, mean: a.mean, lower: a.lower ?? a.mean, upper: a.upper ?? a.mean })),
  );
  const gaps = cells.flatMap((c) =>
    c.contrasts.map((k) => ({
      panel: panel(c),
      depth: String(c.depth),
      contrast: k.contrast.replace('-', ' − '),
      mean: k.gap.mean,
      lower: k.gap.lower ?? k.gap.mean,
      upper: k.gap.upper ?? k.gap.mean,
      verdict: k.verdict,
    })),
  );
  return { accuracy, gaps };
}

export function noiseAblationSpec(data: NoiseAblationData): Spec {
  const { accuracy, gaps } = noiseAblationRows(data.cells);
  const panels = [...new Set(accuracy.map((r) => r.panel))];
  const depths = [...new Set(accuracy.map((r) => r.depth))];
  const x = { field: 'depth', type: 'ordinal', title: 'depth L (T fixed)', sort: depths, axis: { labelAngle: 0 } };
  const column = { field: 'panel', type: 'nominal', title: null, sort: panels };
  const armColor = { field: 'arm', type: 'nominal', title: 'arm', scale: { range: ['#0072B2', '#D55E00', '#009E73'] }, legend: { orient: 'right' } };
  const gapColor = { field: 'contrast', type: 'nominal', title: 'paired gap', scale: { range: ['#D55E00', '#009E73'] }, legend: { orient: 'right' } };
  const pctAxis = { format: '.0%' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Does suppressing the noise degrade accuracy?',
      subtitle: `test accuracy and paired gaps with 95% t intervals over seeds (${data.tier} tier, seed ${data.seed}; design: docs/noise-ablation.md)`,
      anchor: 'start',
    },
    vconcat: [
      {
        data: { values: accuracy },
        facet: { column },
        spec: {
          width: 200,
          height: 170,
          layer: [
            { mark: { type: 'point', filled: true, size: 50 }, encoding: { x, xOffset: { field: 'arm' }, y: { field: 'mean', type: 'quantitative', title: 'test accuracy', scale: { zero: false }, axis: pctAxis }, color: armColor } },
            { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, xOffset: { field: 'arm' }, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, color: armColor } },
          ],
        },
        resolve: { scale: { y: 'independent' } },
      },
      {
        data: { values: gaps },
        facet: { column },
        spec: {
          width: 200,
          height: 130,
          layer: [
            { mark: { type: 'rule', color: '#444', strokeDash: [4, 3] }, encoding: { y: { datum: 0, type: 'quantitative' } } },
            { mark: { type: 'point', filled: true, size: 50 }, encoding: { x, xOffset: { field: 'contrast' }, y: { field: 'mean', type: 'quantitative', title: 'gap (A minus other arm)', axis: pctAxis }, color: gapColor } },
            { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, xOffset: { field: 'contrast' }, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, color: gapColor } },
          ],
        },
        resolve: { scale: { y: 'independent' } },
      },
    ],
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  };
}

/** Runs the noise-ablation experiment at `sizes` and analyzes it (the figure's data). */
export function computeNoiseAblation(sizes: TierSizes, tier: string, seed: number, progress?: (fraction: number) => void): NoiseAblationData {
  const records = runNoiseAblation(NOISE_ABLATION, { seed, sizes, onProgress: (done, total) => progress?.(done / total) });
  return { tier, seed, cells: analyzeNoiseAblation(NOISE_ABLATION, records) };
}
