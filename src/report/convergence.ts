/**
 * Convergence figure: strong and weak error of the chain against the depth L (log–log), from the
 * evidence of the strong-order and weak-order claims, with the fitted orders, their intervals and
 * reference slopes ½ and 1.
 */
import { measurementOf, type ClaimResult, type Measurement } from '../claims/claim.js';
import { ConfigError } from '../util/errors.js';
import type { Spec } from './render.js';

export interface ConvergencePanel {
  /** Claim id the data come from. */
  claim: string;
  horizon: number;
  /** Measured points: error (and a ± interval where the claim measured one). */
  points: { depth: number; error: number; lower?: number; upper?: number }[];
  /** Fitted order (slope in h = T/L) with its interval and level. */
  order: number;
  interval: [number, number];
  alpha: number;
  /** Fitted line: error = exp(intercept)·(T/L)^order. */
  intercept: number;
  reference: number;
}

export interface ConvergenceData {
  strong: ConvergencePanel;
  weak: ConvergencePanel;
}

const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function find(results: readonly ClaimResult[], id: string): ClaimResult & Measurement {
  const r = results.find((x) => x.id === id);
  const m = r ? measurementOf(r) : null;
  if (!r || !m || !m.evidence || Object.keys(m.evidence).length === 0 || !m.interval || !num(m.estimate)) {
    throw new ConfigError('claim results', r ? `${id} (${r.status}: ${r.summary})` : `no ${id} result`, `a ${id} result with its evidence (run the claim)`);
  }
  return { ...r, ...m };
}

/** The two panels' data from claim results (e.g. `verify --report` JSON or a fresh run). */
export function convergenceData(results: readonly ClaimResult[]): ConvergenceData {
  const s = find(results, 'strong-order');
  const se = s.evidence as { depths: number[]; rmsError: number[]; model: { horizon: number } };
  const T = se.model.horizon;
  const logH = se.depths.map((L) => Math.log(T / L));
  const logE = se.rmsError.map(Math.log);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  // The batch-mean slope is not a single least-squares fit: draw it through the centroid.
  const strong: ConvergencePanel = {
    claim: s.id,
    horizon: T,
    points: se.depths.map((depth, i) => ({ depth, error: se.rmsError[i] })),
    order: s.estimate!,
    interval: s.interval!,
    alpha: s.alpha ?? 0.01,
    intercept: mean(logE) - s.estimate! * mean(logH),
    reference: 0.5,
  };
  const w = find(results, 'weak-order');
  const we = w.evidence as {
    model: { horizon: number };
    points: { depth: number; bias: number; standardError: number }[];
    fit: { slope: number; intercept: number; slopeLower: number; slopeUpper: number };
  };
  const z = 1.96;
  const weak: ConvergencePanel = {
    claim: w.id,
    horizon: we.model.horizon,
    points: we.points.map((p) => ({
      depth: p.depth,
      error: Math.abs(p.bias),
      lower: Math.max(Math.abs(p.bias) - z * p.standardError, Math.abs(p.bias) / 10),
      upper: Math.abs(p.bias) + z * p.standardError,
    })),
    order: we.fit.slope,
    interval: [we.fit.slopeLower, we.fit.slopeUpper],
    alpha: w.alpha ?? 0.01,
    intercept: we.fit.intercept,
    reference: 1,
  };
  return { strong, weak };
}

const FRACTION: Record<number, string> = { 0.5: '½', 1: '1' };
const f3 = (x: number) => x.toFixed(3);

function panelSpec(p: ConvergencePanel, title: string, yTitle: string): Spec {
  const depths = p.points.map((q) => q.depth);
  const lo = Math.min(...depths);
  const hi = Math.max(...depths);
  const ref = `reference order ${FRACTION[p.reference] ?? p.reference} (slope −${FRACTION[p.reference] ?? p.reference})`;
  const fit = `fit: order ${f3(p.order)}, ${Math.round(100 * (1 - p.alpha))}% CI [${f3(p.interval[0])}, ${f3(p.interval[1])}]`;
  const measured = p.points[0].lower !== undefined ? 'measured (± 1.96 standard errors)' : 'measured';
  const line = (kind: string, order: number, at: (L: number) => number) =>
    [lo, hi].map((L) => ({ depth: L, error: at(L), series: kind, order }));
  // The reference line goes through the first point, so its slope reads against the data.
  const e0 = p.points[0].error;
  const rows = [
    ...p.points.map((q) => ({ ...q, series: measured })),
    ...line(fit, p.order, (L) => Math.exp(p.intercept) * (p.horizon / L) ** p.order),
    ...line(ref, p.reference, (L) => e0 * (lo / L) ** p.reference),
  ];
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: [measured, fit, ref], range: ['#000000', '#0072B2', '#777777'] }, legend: { orient: 'bottom', direction: 'vertical', symbolType: 'stroke' } };
  const x = { field: 'depth', type: 'quantitative', title: 'depth L (layers); step h = T/L', scale: { type: 'log', base: 2, domain: [lo / 1.3, hi * 1.3], nice: false }, axis: { values: depths, format: 'd' } };
  const y = { field: 'error', type: 'quantitative', title: yTitle, scale: { type: 'log', nice: true }, axis: { format: '~g', tickCount: 6 } };
  const only = (names: string[]) => ({ filter: { field: 'series', oneOf: names } });
  const layer: Spec[] = [
    { transform: [only([ref])], mark: { type: 'line', strokeWidth: 2, strokeDash: [6, 4] }, encoding: { x, y, color } },
    { transform: [only([fit])], mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color } },
    { transform: [only([measured])], mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y, color } },
  ];
  if (p.points[0].lower !== undefined) {
    layer.push({ transform: [only([measured])], mark: { type: 'rule', strokeWidth: 1.2 }, encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, color } });
  }
  return { title: { text: title, subtitle: `claim ${p.claim}` }, width: 330, height: 260, data: { values: rows }, layer };
}

/** Strong (left) and weak (right) error against L, log–log. */
export function convergenceSpec(c: ConvergenceData): Spec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Convergence of the chain to the limit SDE', subtitle: 'log–log in the depth L; error ∝ h^order with h = T/L', anchor: 'start' },
    hconcat: [
      panelSpec(c.strong, 'Strong error, coupled Brownian paths', 'RMS error (E‖X_L − X(T)‖²)^½'),
      panelSpec(c.weak, 'Weak error against the exact law', '|E ρ_L − E ρ(T)|'),
    ],
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  };
}
