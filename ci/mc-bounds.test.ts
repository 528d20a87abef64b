/** ci/mc-bounds: the grid it runs and the verdict on results that agree or disagree with theory. */
import { describe, expect, it } from 'vitest';
import { assembleResults } from '../src/grid/results.js';
import type { CellResult } from '../src/grid/cell.js';
import { binomialTwoSidedPValue } from '../src/stats/index.js';
import { EndStateTally } from '../src/grid/endStates.js';
import { boundsGrid, judge, PHASE_ALPHA } from './mc-bounds.js';

const code = { package: 'dst-verify', version: 'test', commit: null, node: process.version };

/** Fake cells: the n = 2 ones hit theory × `factor`, the n = 4 one has `antipodal` antipodal ends. */
function fakeCells(factor: number, antipodal: number): CellResult[] {
  const config = boundsGrid(0, 1000);
  return config.cells.map((p, index) => {
    const f = (count: number) => ({ count, estimate: count / p.paths, lower: 0, upper: 1 });
    const theory = [0.2, 0.0066, 0.16, 0.0006, 0.125, 0.0002, 0.043][index] ?? 0;
    const below = Math.round(theory * factor * p.paths);
    return {
      index,
      params: p,
      seed: 0,
      antipodal: f(p.n === 2 ? below : antipodal),
      oneCluster: f(0),
      undecided: f(0),
      endStates: oneClusterSummary(p.n, p.paths, p.horizon, p.depth),
      twoTokens: p.n === 2
        ? { threshold: -0.99, below: f(below), finiteTime: theory, longRun: theory, criticalBeta: 0, attracting: true, pValue: binomialTwoSidedPValue(below, p.paths, theory), note: null }
        : null,
    };
  });
}

/** The end-state block of a cell whose runs all ended in one cluster (the judge does not read it). */
function oneClusterSummary(n: number, paths: number, horizon: number, depth: number) {
  const t = new EndStateTally(n);
  const together = new Float64Array((n * (n - 1)) / 2).fill(1);
  for (let p = 0; p < paths; p++) t.add(together);
  return t.summary({ alpha: 0.05, layers: null, horizon, depth });
}

describe('mc-bounds', () => {
  it('runs the 7 phase-transition cells and one n = 4 cell, Holm at α = 0.01', () => {
    const c = boundsGrid(3, 2000);
    expect(c.alpha).toBe(PHASE_ALPHA);
    expect(c.cells.filter((x) => x.n === 2 && x.rho0 === 0 && x.paths === 2000)).toHaveLength(7);
    expect(c.cells.filter((x) => x.n === 4 && x.rho0 === null)).toHaveLength(1);
  });
  it('passes results that match theory and fails a shifted cell or no antipodal n = 4 ends', () => {
    const config = boundsGrid(0, 1000);
    expect(judge(assembleResults(config, code, fakeCells(1, 40))).pass).toBe(true);
    const shifted = judge(assembleResults(config, code, fakeCells(1.4, 40)));
    expect(shifted.pass).toBe(false);
    expect(shifted.lines[0]).toMatch(/^FAIL phase transition.*rejected cells 0/);
    const collapsed = judge(assembleResults(config, code, fakeCells(1, 0)));
    expect(collapsed.pass).toBe(false);
    expect(collapsed.lines.at(-1)).toMatch(/^FAIL non-collapse n=4/);
    // An incomplete grid never passes.
    expect(judge(assembleResults(config, code, fakeCells(1, 40).slice(1))).pass).toBe(false);
  });
});
