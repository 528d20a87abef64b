/**
 * Cosine paths ρ_t of two tokens (chain, cosine snapshots) for one β below and one above the
 * critical β*(d): sample paths, and the fraction of paths with ρ_t < −0.99 over time against the
 * finite-time law and the long-run probability P(ρ_∞ = −1).
 */
import { runChainParallel } from '../parallel/index.js';
import { twoTokenStart } from '../simulator/tokens.js';
import { deriveSeed } from '../rng/streams.js';
import { toRows } from '../simulator/tokens.js';
import { clopperPearson } from '../stats/index.js';
import { antipodalProbability, criticalBeta, finiteTimeCdf } from '../theory/index.js';
import { yieldToEventLoop } from './pool.js';
import type { Spec } from './render.js';
import type { CosineSettings } from './settings.js';

export type EndState = 'antipodal' | 'one cluster' | 'not yet decided';

export interface CosinePanel {
  beta: number;
  criticalBeta: number;
  longRun: number;
  /** Sample paths: ρ at the snapshot times. */
  paths: { path: number; end: EndState; t: number[]; rho: number[] }[];
  /** Fraction of all paths with ρ_t < threshold, with a 95% Clopper–Pearson interval. */
  frequency: { t: number; value: number; lower: number; upper: number }[];
  /** P(ρ_t < threshold) of the limit SDE. */
  theory: { t: number; value: number }[];
}

export interface CosineData {
  settings: CosineSettings;
  rho0: number;
  panels: CosinePanel[];
}

const RHO0 = 0;

function endState(rho: number): EndState {
  return rho < -0.99 ? 'antipodal' : rho > 0.99 ? 'one cluster' : 'not yet decided';
}

export async function computeCosineTrajectories(s: CosineSettings, seed: number, progress: (f: number) => void = () => {}): Promise<CosineData> {
  const panels: CosinePanel[] = [];
  for (const [i, beta] of s.betas.entries()) {
    const params = { d: s.d, beta, sigma: 1, gamma: 0 };
    const r = await runChainParallel({
      n: 2,
      d: s.d,
      beta,
      sigma: 1,
      gamma: 0,
      horizon: s.horizon,
      depth: s.depth,
      paths: s.paths,
      seed: deriveSeed(seed, [i]),
      initialTokens: toRows(twoTokenStart(RHO0, s.d), 2, s.d),
      snapshots: { stride: s.stride, record: 'cosines' },
    });
    const snap = r.snapshots!;
    const times = snap.layers.map((k) => (k * s.horizon) / s.depth);
    const K = times.length;
    const rhoAt = (p: number, j: number) => snap.data[p * K + j];
    const paths = Array.from({ length: Math.min(s.shown, s.paths) }, (_, p) => ({
      path: p,
      end: endState(rhoAt(p, K - 1)),
      t: times,
      rho: times.map((_, j) => rhoAt(p, j)),
    }));
    const frequency = times.map((t, j) => {
      let k = 0;
      for (let p = 0; p < s.paths; p++) if (rhoAt(p, j) < s.threshold) k++;
      const ci = clopperPearson(k, s.paths, 0.05);
      return { t, value: k / s.paths, lower: ci.lower, upper: ci.upper };
    });
    progress((i + 0.5) / s.betas.length);
    const theory: { t: number; value: number }[] = [{ t: 0, value: 0 }];
    for (let j = 1; j <= s.theoryTimes; j++) {
      const t = (j * s.horizon) / s.theoryTimes;
      theory.push({ t, value: finiteTimeCdf(s.threshold, RHO0, t, params) });
      await yieldToEventLoop();
    }
    panels.push({ beta, criticalBeta: criticalBeta(s.d, 1, 0), longRun: antipodalProbability(RHO0, params), paths, frequency, theory });
    progress((i + 1) / s.betas.length);
  }
  return { settings: s, rho0: RHO0, panels };
}

const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);

function panelLabel(p: CosinePanel, d: number): string {
  const side = p.beta > p.criticalBeta ? `> β*(${d}) = ${f3(p.criticalBeta)}: antipodes attract` : `< β*(${d}) = ${f3(p.criticalBeta)}: collapse`;
  return `β = ${p.beta} ${side}`;
}

export function cosineTrajectoriesSpec(c: CosineData): Spec {
  const s = c.settings;
  const labels = c.panels.map((p) => panelLabel(p, s.d));
  const pathRows = c.panels.flatMap((p, i) => p.paths.flatMap((q) => q.t.map((t, j) => ({ panel: labels[i], path: q.path, end: q.end, t, rho: q.rho[j] }))));
  const thr = s.threshold.toFixed(2).replace('-', '−');
  const series = {
    mc: `fraction of ${s.paths} paths with ρ(t) < ${thr} (95% CI band)`,
    finite: `theory P(ρ(t) < ${thr})`,
    longRun: 'theory P(ρ(∞) = −1)',
  };
  const freqRows = c.panels.flatMap((p, i) => [
    ...p.frequency.map((f) => ({ panel: labels[i], series: series.mc, ...f })),
    ...p.theory.map((f) => ({ panel: labels[i], series: series.finite, ...f })),
    { panel: labels[i], series: series.longRun, value: p.longRun, label: `P(ρ(∞) = −1) = ${f2(p.longRun)}` },
  ]);
  const x = { field: 't', type: 'quantitative', title: 'depth time t = k·h', scale: { domain: [0, s.horizon], nice: false } };
  const facet = { field: 'panel', type: 'nominal', sort: labels, title: null, header: { labelFontSize: 13 } };
  const ends: EndState[] = ['antipodal', 'one cluster', 'not yet decided'];
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: [series.mc, series.finite, series.longRun], range: ['#000000', '#0072B2', '#D55E00'] }, legend: { orient: 'bottom', direction: 'vertical', symbolType: 'stroke' } };
  const only = (name: string) => ({ filter: { field: 'series', equal: name } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Cosine ρ(t) = ⟨x₁, x₂⟩ of two tokens along the depth',
      subtitle: `d = ${s.d}, ρ(0) = ${c.rho0}, σ = 1, γ = 0, T = ${s.horizon}, L = ${s.depth} layers; top: ${c.panels[0].paths.length} sample paths, coloured by end state`,
    },
    vconcat: [
      {
        data: { values: pathRows },
        facet: { column: facet },
        spec: {
          width: 330,
          height: 200,
          mark: { type: 'line', strokeWidth: 1.2, opacity: 0.85 },
          encoding: {
            x,
            y: { field: 'rho', type: 'quantitative', title: 'cosine ρ(t)', scale: { domain: [-1, 1] } },
            detail: { field: 'path', type: 'nominal' },
            color: { field: 'end', type: 'nominal', title: 'end state ρ(T)', scale: { domain: ends, range: ['#D55E00', '#0072B2', '#999999'] }, legend: { orient: 'right' } },
          },
        },
      },
      {
        data: { values: freqRows },
        facet: { column: { ...facet, header: { labels: false } } },
        spec: {
          width: 330,
          height: 170,
          layer: [
            { transform: [only(series.mc)], mark: { type: 'area', opacity: 0.2, color: '#000000' }, encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } } },
            { transform: [only(series.mc)], mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: { field: 'value', type: 'quantitative', title: 'probability', scale: { domain: [0, 0.5] } }, color } },
            { transform: [only(series.finite)], mark: { type: 'line', strokeWidth: 2, point: { size: 25, filled: true } }, encoding: { x, y: { field: 'value', type: 'quantitative' }, color } },
            { transform: [only(series.longRun)], mark: { type: 'rule', strokeWidth: 2, strokeDash: [6, 3] }, encoding: { y: { field: 'value', type: 'quantitative' }, color } },
            {
              transform: [only(series.longRun)],
              mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -4, dy: -3, fontSize: 12, color: '#D55E00' },
              encoding: { y: { field: 'value', type: 'quantitative' }, x: { datum: s.horizon, type: 'quantitative' }, text: { field: 'label' } },
            },
          ],
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
}
