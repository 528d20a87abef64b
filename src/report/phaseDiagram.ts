/**
 * Figures of the (β, d) phase transition: a heat map of the Monte Carlo antipodal frequency with
 * the critical curve cosh(2β) = d − 2, and one panel per d comparing the frequency (with its
 * interval) with the finite-time and long-run theory.
 */
import { dimensionBand, type PhaseGrid } from './phaseGrid.js';
import type { Spec } from './render.js';
import { phaseDepth, type PhaseGridSettings } from './settings.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const pct = (a: number) => `${Math.round(100 * (1 - a))}%`;
/** A number with a typographic minus sign. */
export const minus = (x: number) => String(x).replace('-', '−');

/** Half the spacing of a sorted list of grid values (the half-width of a heat-map cell). */
function halfStep(values: number[]): number {
  const v = [...new Set(values)].sort((a, b) => a - b);
  return v.length > 1 ? (v[1] - v[0]) / 2 : 0.5;
}

/** The horizon and depth in words: "T = max(20, 5·d) …, L = T/0.1 layers" or "T = 20, L = 2000 layers". */
export function horizonText(s: PhaseGridSettings): string {
  return s.horizon === undefined
    ? `T = max(${s.minHorizon}, ${s.horizonPerDimension}·d) (the cosine's time scale is d/σ²), L = T/${s.step} layers`
    : `T = ${s.horizon}, L = ${phaseDepth(s, s.horizon)} layers`;
}

function setup(g: PhaseGrid): string {
  const s = g.settings;
  return `n = 2 tokens, ρ(0) = ${g.rho0}, σ = 1, γ = 0, ${horizonText(s)}, ${s.paths} paths per cell (${g.sampling} sampling)`;
}

/** Heat map of P̂(ρ_T < −0.99) over (β, d) with the critical curve β*(d) = ½ arccosh(d − 2). */
export function phaseDiagramSpec(g: PhaseGrid): Spec {
  const hb = halfStep(g.cells.map((c) => c.beta));
  const dims = [...new Set(g.cells.map((c) => c.d))].sort((a, b) => a - b);
  const cells = g.cells.map((c) => {
    const [d0, d1] = dimensionBand(dims, c.d);
    return { ...c, b0: Math.max(0, c.beta - hb), b1: c.beta + hb, d0, d1 };
  });
  const betaMax = Math.max(...g.cells.map((c) => c.beta)) + hb;
  const dMin = Math.min(...cells.map((c) => c.d0));
  const dMax = Math.max(...cells.map((c) => c.d1));
  const curve = g.curve.filter((p) => p.beta <= betaMax);
  const label = 'critical curve cosh(2β) = d − 2';
  return {
    $schema: SCHEMA,
    title: {
      text: 'Phase diagram of antipodal end states (two tokens)',
      subtitle: [`Monte Carlo frequency of ρ(T) < ${minus(g.settings.threshold)}; antipodes attract only right of the curve`, setup(g)],
    },
    width: 520,
    height: 400,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect', stroke: 'white', strokeWidth: 0.3 },
        encoding: {
          x: { field: 'b0', type: 'quantitative', title: 'inverse temperature β', scale: { domain: [0, betaMax], nice: false, zero: true }, axis: { values: Array.from({ length: Math.floor(betaMax / 0.5) + 1 }, (_, k) => k * 0.5), format: '.1f' } },
          x2: { field: 'b1' },
          y: { field: 'd0', type: 'quantitative', title: 'dimension d (log scale)', scale: { type: 'log', domain: [dMin, dMax], nice: false }, axis: { values: dims, format: 'd' } },
          y2: { field: 'd1' },
          color: {
            field: 'frequency',
            type: 'quantitative',
            title: `P̂(ρ(T) < ${minus(g.settings.threshold)})`,
            scale: { scheme: 'viridis', domain: [0, 0.5] },
            legend: { orient: 'right', gradientLength: 220, format: '.1f' },
          },
        },
      },
      {
        data: { values: curve },
        mark: { type: 'line', color: 'white', strokeWidth: 3.5 },
        encoding: { x: { field: 'beta', type: 'quantitative' }, y: { field: 'd', type: 'quantitative' }, order: { field: 'd', type: 'quantitative' } },
      },
      {
        data: { values: curve },
        mark: { type: 'line', color: '#D55E00', strokeWidth: 2 },
        encoding: {
          x: { field: 'beta', type: 'quantitative' },
          y: { field: 'd', type: 'quantitative' },
          order: { field: 'd', type: 'quantitative' },
          strokeDash: { datum: label, type: 'nominal', scale: { domain: [label], range: [[6, 3]] }, legend: { title: null, orient: 'bottom', symbolStrokeColor: '#D55E00', symbolSize: 400 } },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
}

/** Long-format rows for the per-d panels. */
function sliceRows(g: PhaseGrid, series: Record<'mc' | 'finite' | 'longRun' | 'critical', string>) {
  const rows: Record<string, unknown>[] = [];
  for (const c of g.cells) {
    rows.push({ d: c.d, beta: c.beta, series: series.mc, value: c.frequency, lower: c.lower, upper: c.upper });
    if (c.finiteTime !== null) rows.push({ d: c.d, beta: c.beta, series: series.finite, value: c.finiteTime });
    rows.push({ d: c.d, beta: c.beta, series: series.longRun, value: c.longRun });
  }
  for (const d of new Set(g.cells.map((c) => c.d))) {
    const b = g.cells.find((c) => c.d === d)!.criticalBeta;
    if (b > 0) rows.push({ d, beta: b, series: series.critical });
  }
  return rows;
}

/** " for d ≤ D" when the finite-time law was skipped for larger d, else "". */
function finiteOnly(g: PhaseGrid): string {
  const skipped = g.cells.some((c) => c.finiteTime === null);
  return skipped ? `, d ≤ ${g.settings.finiteTheoryMaxD}` : '';
}

/**
 * Where only the long-run curve is drawn, what the frequency is to be read against: the largest
 * gap between the long-run and the finite-time probability at the largest d that has both.
 */
function longRunNote(g: PhaseGrid): string[] {
  if (!g.cells.some((c) => c.finiteTime === null)) return [];
  const both = g.cells.filter((c) => c.finiteTime !== null);
  const s = g.settings;
  const head = `d > ${s.finiteTheoryMaxD}: long-run theory only; the frequency estimates P(ρ(T) < ${minus(s.threshold)}), which lies below it`;
  if (both.length === 0) return [head];
  const d = Math.max(...both.map((c) => c.d));
  const gap = Math.max(0, ...both.filter((c) => c.d === d).map((c) => c.longRun - c.finiteTime!));
  return [`${head} (at d = ${d} by at most ${gap.toFixed(3)})`];
}

/** One panel per d: frequency with its interval against β, theory curves, and β*(d). */
export function phaseSlicesSpec(g: PhaseGrid): Spec {
  const s = g.settings;
  const series = {
    mc: `Monte Carlo, ${pct(s.alpha)} Clopper–Pearson interval`,
    finite: `theory P(ρ(T) < ${minus(s.threshold)})${finiteOnly(g)}`,
    longRun: 'theory P(ρ(∞) = −1)',
    critical: 'β*(d) = ½ arccosh(d − 2)',
  };
  const domain = [series.mc, series.finite, series.longRun, series.critical];
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain, range: ['#000000', '#0072B2', '#D55E00', '#777777'] }, legend: { orient: 'bottom', columns: 2 } };
  const only = (name: string) => ({ filter: { field: 'series', equal: name } });
  const bMax = Math.max(...s.betas);
  const ticks = Array.from({ length: Math.floor(bMax / 0.5) + 1 }, (_, k) => k * 0.5);
  const x = { field: 'beta', type: 'quantitative', title: 'β', scale: { domain: [-0.08 * bMax, 1.08 * bMax], nice: false }, axis: { values: ticks, format: '.1f' } };
  const yMax = Math.ceil(10 * Math.max(0.5, ...g.cells.map((c) => c.upper))) / 10;
  const y = { field: 'value', type: 'quantitative', title: 'probability', scale: { domain: [0, yMax] } };
  const dims = [...new Set(g.cells.map((c) => c.d))];
  return {
    $schema: SCHEMA,
    title: { text: 'Antipodal probability against β, one panel per dimension d', subtitle: [setup(g), ...longRunNote(g)] },
    data: { values: sliceRows(g, series) },
    facet: { field: 'd', type: 'ordinal', sort: dims, header: { title: null, labelExpr: "'d = ' + datum.value" } },
    columns: Math.min(4, dims.length),
    spec: {
      width: 170,
      height: 130,
      layer: [
        { transform: [only(series.critical)], mark: { type: 'rule', strokeDash: [2, 2], strokeWidth: 1.5 }, encoding: { x, color } },
        { transform: [only(series.longRun)], mark: { type: 'line', strokeDash: [6, 3], strokeWidth: 2 }, encoding: { x, y, color } },
        { transform: [only(series.finite)], mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color } },
        { transform: [only(series.mc)], mark: { type: 'rule', strokeWidth: 1 }, encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, color } },
        { transform: [only(series.mc)], mark: { type: 'point', filled: true, size: 18 }, encoding: { x, y, color } },
      ],
    },
    resolve: { axis: { x: 'independent', y: 'independent' } },
  };
}
