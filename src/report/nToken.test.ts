/**
 * The n-token figures read an mc-grid run faithfully (frontiers from the theory oracle, group
 * sizes adding up to the two-group counts), and the sphere figure never draws one run twice and
 * says which end state no candidate reached.
 */
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadNTokenData, nTokenFrequencySpec, nTokenGroupSizesSpec } from './nToken.js';
import { computeSphereTrajectories, sphereNote, sphereTrajectoriesSpec } from './sphereTrajectories.js';
import { renderSvg } from './render.js';
import { criticalBeta } from '../theory/lyapunov.js';
import { groupCriticalBeta } from '../theory/antipodalGroups.js';

const RESULTS = join(import.meta.dirname, '..', '..', 'docs', 'n-token', 'results.json');

describe('n-token figures', () => {
  const g = loadNTokenData(RESULTS);
  const raw = JSON.parse(readFileSync(RESULTS, 'utf8'));

  test('read the run: every n > 2 cell, pooled group sizes, frontiers from the theory', () => {
    expect(g.source).toBe('docs/n-token/results.json');
    expect(g.points).toHaveLength(raw.cells.filter((c: { params: { n: number } }) => c.params.n > 2).length);
    for (const n of new Set(g.points.map((p) => p.n))) {
      const twoGroups = g.points.filter((p) => p.n === n).reduce((s, p) => s + p.twoGroups.count, 0);
      expect(g.groupSizes.filter((s) => s.n === n).reduce((s, x) => s + x.count, 0)).toBe(twoGroups);
    }
    for (const f of g.frontiers) {
      expect(f.equal).toBe(criticalBeta(f.d, 1, 0));
      expect(f.unequal).toBe(f.n % 2 === 1 ? groupCriticalBeta({ n: f.n, k: (f.n - 1) / 2, d: f.d, sigma: 1, gamma: 0 }) : null);
    }
  });

  test('render without warnings', async () => {
    for (const spec of [nTokenFrequencySpec(g), nTokenGroupSizesSpec(g)]) {
      const { svg, warnings } = await renderSvg(spec);
      expect(warnings).toEqual([]);
      expect(svg).toMatch(/^<svg /);
    }
  });

  test('an unreadable file is a ConfigError naming it', () => {
    expect(() => loadNTokenData('/nonexistent/results.json')).toThrow(/nonexistent/);
  });
});

describe('sphere trajectories', () => {
  test('one run per end state, never the same run twice', async () => {
    const c = await computeSphereTrajectories({ n: 6, beta: 2, horizon: 20, depth: 600, stride: 4, candidates: 16 }, 3);
    expect(new Set(c.runs.map((r) => r.path)).size).toBe(c.runs.length);
    expect(c.runs.map((r) => r.state.kind)).toEqual(['one-cluster', 'two-groups'].filter((k) => !c.missing.includes(k as never)));
    expect(c.counts['one-cluster'] + c.counts['two-groups'] + c.counts.other).toBe(16);
  });

  test('a state no candidate reached is named, not replaced', async () => {
    // T = 0.5 from uniform starts: nothing has converged, so neither state is reached.
    const c = await computeSphereTrajectories({ n: 4, beta: 1, horizon: 0.5, depth: 50, stride: 5, candidates: 4 }, 1);
    expect(c.runs).toEqual([]);
    expect(c.missing).toEqual(['one-cluster', 'two-groups']);
    expect(sphereNote(c)).toMatch(/No candidate ended in one cluster or two antipodal groups/);
    const { warnings } = await renderSvg(sphereTrajectoriesSpec(c));
    expect(warnings).toEqual([]);
  });
});
