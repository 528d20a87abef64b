/** Unit tests of the report's pieces: rendering, id scoping, figure data, page escaping. */
import { describe, expect, test } from 'vitest';
import type { ClaimResult } from '../claims/claim.js';
import { ConfigError } from '../util/errors.js';
import { convergenceData } from './convergence.js';
import { escapeHtml, claimsTableHtml } from './html.js';
import { criticalCurve, type PhaseGrid } from './phaseGrid.js';
import { phaseDiagramSpec, phaseSlicesSpec } from './phaseDiagram.js';
import { renderSvg, scopeIds, svgToPng } from './render.js';
import { tierSettings } from './settings.js';
import { textWidth } from './textMetrics.js';

const grid: PhaseGrid = {
  settings: { ...tierSettings('smoke').phase, dims: [3, 4], betas: [0, 1] },
  rho0: 0,
  curve: criticalCurve(2.5, 4.5, 20),
  cells: [3, 4].flatMap((d) =>
    [0, 1].map((beta) => ({ d, beta, count: 5, paths: 40, frequency: 0.125, lower: 0.04, upper: 0.27, finiteTime: 0.1, longRun: 0.12, criticalBeta: d === 4 ? 0.658 : 0, attracting: d === 4 ? beta > 0.658 : beta > 0, pValue: 0.5 })),
  ),
};

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
