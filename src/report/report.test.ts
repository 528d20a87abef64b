/** Unit tests of the report's pieces: rendering, id scoping, figure data, page escaping. */
import { describe, expect, test } from 'vitest';
import type { ClaimResult } from '../claims/claim.js';
import { ConfigError } from '../util/errors.js';
import { convergenceData } from './convergence.js';
import { escapeHtml, claimsTableHtml } from './html.js';
import { binomialTwoSidedPValue } from '../stats/index.js';
import { computePhaseGrid, criticalCurve, dimensionBand, type PhaseGrid } from './phaseGrid.js';
import { phaseDiagramSpec, phaseSlicesSpec } from './phaseDiagram.js';
import { renderSvg, scopeIds, svgToPng, type Spec } from './render.js';
import { phaseDepth, phaseDims, phaseHorizon, tierSettings } from './settings.js';
import { textWidth } from './textMetrics.js';

const grid: PhaseGrid = {
  settings: { ...tierSettings('smoke').phase, dims: [3, 4], betas: [0, 1] },
  rho0: 0,
  sampling: 'gram-state',
  curve: criticalCurve(2.5, 4.5, 20),
  cells: [3, 4].flatMap((d) =>
    [0, 1].map((beta) => ({ d, beta, horizon: 5 * d, depth: 50 * d, count: 5, paths: 40, frequency: 0.125, lower: 0.04, upper: 0.27, finiteTime: 0.1, longRun: 0.12, criticalBeta: d === 4 ? 0.658 : 0, attracting: d === 4 ? beta > 0.658 : beta > 0, pValue: 0.5 })),
  ),
};

/** The same small grid with a d = 64 row beyond the finite-time theory (finiteTheoryMaxD = 8). */
const wide: PhaseGrid = {
  ...grid,
  settings: { ...grid.settings, dims: [3, 4, 64] },
  curve: criticalCurve(2.5, 90, 40),
  cells: [
    ...grid.cells,
    ...[0, 1].map((beta) => ({ ...grid.cells[0], d: 64, beta, horizon: 320, depth: 3200, finiteTime: null, pValue: null, longRun: 0.01, criticalBeta: 2.41, attracting: false })),
  ],
};

/** The layers of a Vega-Lite spec (top level or the faceted spec). */
const layers = (spec: Spec) => ((spec.layer ?? (spec.spec as Spec).layer) as Record<string, any>[]);

describe('render', () => {
  test('a phase diagram renders to SVG without vega warnings, and to PNG', async () => {
    const { svg, warnings } = await renderSvg(phaseDiagramSpec(grid));
    expect(warnings).toEqual([]);
    expect(svg).toMatch(/^<svg [^>]*width="\d+"/);
    expect(svg).toContain('Phase diagram');
    expect(svg).toContain('critical curve cosh(2β) = d − 2');
    const png = svgToPng(svg, 1);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(Number(svg.match(/width="(\d+)"/)![1]));
  });

  test('the per-d panels render without warnings', async () => {
    expect((await renderSvg(phaseSlicesSpec(grid))).warnings).toEqual([]);
  });

  test('the heat map has a log d axis whose rows tile it; d beyond the finite-time theory gets the long-run curve and a note', async () => {
    const spec = phaseDiagramSpec(wide);
    const heat = layers(spec)[0];
    expect(heat.encoding.y.scale.type).toBe('log');
    expect(heat.encoding.y.title).toMatch(/log scale/);
    expect(heat.encoding.y.axis.values).toEqual([3, 4, 64]);
    const rows = heat.data.values as { d: number; d0: number; d1: number }[];
    expect(rows.find((r) => r.d === 64)!.d0).toBeCloseTo(16, 12); // √(4·64)
    expect(JSON.stringify(spec.title)).toContain('40 paths per cell (gram-state sampling)');
    expect(JSON.stringify(spec.title)).toContain('T = max(20, 5·d)');
    expect((await renderSvg(spec)).warnings).toEqual([]);
    const slices = phaseSlicesSpec(wide);
    const data = (slices.data as { values: { d: number; series: string }[] }).values;
    const finite = (d: number) => data.filter((r) => r.d === d && r.series.startsWith('theory P(ρ(T)')).length;
    expect([finite(3), finite(64)]).toEqual([2, 0]);
    expect(JSON.stringify(slices.title)).toContain('d > 8: long-run theory only');
    expect(JSON.stringify(slices.title)).toMatch(/at d = 4 by at most 0\.020/); // 0.12 − 0.1
    expect((await renderSvg(slices)).warnings).toEqual([]);
  });

  test('scopeIds prefixes ids and every reference to them', () => {
    const svg = '<svg><defs><clipPath id="clip1"/></defs><g clip-path="url(#clip1)"/><use href="#clip1"/></svg>';
    expect(scopeIds(svg, 'f3')).toBe('<svg><defs><clipPath id="f3-clip1"/></defs><g clip-path="url(#f3-clip1)"/><use href="#f3-clip1"/></svg>');
  });

  test('text widths follow DejaVu Sans (narrow i, wide m, bold wider)', () => {
    expect(textWidth('i', 10)).toBeCloseTo(2.78, 2);
    expect(textWidth('m', 10)).toBeCloseTo(9.74, 2);
    expect(textWidth('β = 1', 12, true)).toBeGreaterThan(textWidth('β = 1', 12));
  });
});

describe('figure data', () => {
  test('the critical curve is ½ arccosh(d − 2), and 0 for d ≤ 3', () => {
    for (const p of criticalCurve(2, 9, 14)) {
      expect(p.beta).toBeCloseTo(p.d <= 3 ? 0 : 0.5 * Math.acosh(p.d - 2), 12);
    }
  });

  test('the report grid: d = 2 … 512 on a log axis, T = max(20, 5d), L = ⌈T/h⌉, the curve drawn to the top row', () => {
    const s = tierSettings('quick').phase;
    expect(s.dims).toEqual([2, 3, 4, 8, 32, 128, 512]);
    expect(tierSettings('full').phase.dims).toEqual([2, 3, 4, 8, 16, 32, 64, 128, 256, 512]);
    expect(phaseDims(3, 4)).toEqual([3, 4]);
    expect(phaseDims(5, 100)).toEqual([5, 8, 16, 32, 64, 100]);
    expect(phaseDims(7, 7)).toEqual([7]);
    expect([2, 4, 8, 512].map((d) => phaseHorizon(s, d))).toEqual([20, 20, 40, 2560]);
    expect(phaseDepth(s, 2560)).toBe(Math.round(2560 / s.step));
    expect(phaseHorizon({ ...s, horizon: 7 }, 512)).toBe(7);
    // Rows meet at geometric midpoints and contain their d.
    for (const [i, d] of s.dims.entries()) {
      const [lo, hi] = dimensionBand(s.dims, d);
      expect(lo < d && d < hi).toBe(true);
      if (i > 0) expect(lo).toBeCloseTo(dimensionBand(s.dims, s.dims[i - 1])[1], 12);
    }
    const curve = criticalCurve(2, dimensionBand(s.dims, 512)[1]);
    expect(curve.at(-1)!.d).toBeGreaterThan(512);
    expect(curve.find((p) => p.d >= 512)!.beta).toBeGreaterThan(0.5 * Math.acosh(510));
  });

  test('the phase grid estimates what its theory curve says: d = 2 and 16 against the finite-time law (binomial, α = 0.001 each)', async () => {
    // 2000 paths: SE ≤ 0.011; the chain's bias at h = 0.05 is below 0.004 (docs/report.md), so a
    // correct chain fails with probability ≈ 0.002. A d = 2 kernel that once drew a third
    // component (0.63 against 0.47) or a horizon mix-up (T = 20 vs 5d) fails by many SE.
    const s = { ...tierSettings('smoke').phase, dims: [2, 16], betas: [2], paths: 2000, step: 0.05, finiteTheoryMaxD: 16 };
    const g = await computePhaseGrid(s, 5);
    expect(g.sampling).toBe('gram-state');
    expect(g.cells.map((c) => [c.d, c.horizon, c.depth])).toEqual([[2, 20, 400], [16, 80, 1600]]);
    for (const c of g.cells) expect(binomialTwoSidedPValue(c.count, c.paths, c.finiteTime!), `d=${c.d}: ${c.frequency} vs ${c.finiteTime}`).toBeGreaterThan(0.001);
    const far = await computePhaseGrid({ ...s, dims: [64], paths: 10, step: 1, finiteTheoryMaxD: 16 }, 5);
    expect([far.cells[0].finiteTime, far.cells[0].pValue]).toEqual([null, null]);
  }, 120_000);

  const base = { group: 'c', title: '', kind: 'statistical', status: 'pass', alpha: 0.01, expected: null, sampleSize: 1, seconds: 0, seed: 0, summary: '' } as const;
  const strong: ClaimResult = { ...base, id: 'strong-order', estimate: 0.5, interval: [0.45, 0.55], evidence: { depths: [8, 16, 32], rmsError: [0.4, 0.283, 0.2], model: { horizon: 1 } } };
  const weak: ClaimResult = {
    ...base,
    id: 'weak-order',
    estimate: 1,
    interval: [0.9, 1.1],
    evidence: {
      model: { horizon: 1 },
      points: [4, 8, 16].map((depth) => ({ depth, bias: -0.36 / depth, standardError: 0.001 })),
      fit: { slope: 1, intercept: Math.log(0.36), slopeLower: 0.9, slopeUpper: 1.1 },
    },
  };

  test('convergence panels come from the claims evidence', () => {
    const c = convergenceData([strong, weak]);
    expect(c.strong.points.map((p) => p.depth)).toEqual([8, 16, 32]);
    expect(c.strong.order).toBe(0.5);
    expect(c.weak.points[0].error).toBeCloseTo(0.09, 12);
    expect(Math.exp(c.weak.intercept) * (1 / 4) ** c.weak.order).toBeCloseTo(0.09, 12);
  });

  test('a missing or failed-without-evidence claim is a one-line ConfigError', () => {
    expect(() => convergenceData([weak])).toThrow(ConfigError);
    const errored: ClaimResult = { id: 'strong-order', group: 'c', title: '', kind: 'statistical', status: 'error', alpha: 0.01, seconds: 0, seed: 0, summary: 'boom' };
    expect(() => convergenceData([errored, weak])).toThrow(/strong-order \(error: boom\)/);
    expect(() => convergenceData([{ ...strong, status: 'fail', evidence: {} }, weak])).toThrow(/strong-order \(fail/);
  });
});

describe('page', () => {
  test('escapes HTML in claim text', () => {
    expect(escapeHtml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    const html = claimsTableHtml([{ id: 'x', group: 'a', title: '<b>', kind: 'exact', status: 'fail', alpha: null, estimate: 1e-9, interval: null, expected: 'p < 1', sampleSize: 3, seconds: 0.5, seed: 1, summary: 'a < b', evidence: {} }]);
    expect(html).toContain('&lt;b&gt;');
    expect(html).toContain('a &lt; b');
    expect(html).toContain('1.00e-9');
    expect(html).toContain('0 passed, 1 failed');
  });
});
