/** Tests of the end-state classifier (clusters and antipodal groups). */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { classifyFormation, endStateOf, formationSnapshot } from './classify.js';
import { pairCount, pairwiseCosines, rmsNormalize } from './tokens.js';

const cosinesOf = (rows: number[][]) => {
  const n = rows.length;
  const d = rows[0].length;
  const x = Float64Array.from(rows.flat());
  rmsNormalize(x, n, d);
  const c = new Float64Array(pairCount(n));
  pairwiseCosines(x, n, d, c);
  return c;
};

describe('classifyFormation', () => {
  test('one cluster, two antipodal groups, and other formations', () => {
    expect(classifyFormation(cosinesOf([[1, 0], [1, 1e-3], [1, -1e-3]]), 3).formation).toBe('one-cluster');
    const anti = classifyFormation(cosinesOf([[1, 0, 0], [-1, 0, 0], [1, 1e-3, 0], [-1, 0, 1e-3]]), 4);
    expect(anti.formation).toBe('antipodal');
    expect(anti.clusters).toBe(2);
    expect(anti.antipodalPairs).toBe(4);
    expect(anti.labels[0]).toBe(anti.labels[2]);
    expect(anti.labels[1]).toBe(anti.labels[3]);
    expect(classifyFormation(cosinesOf([[1, 0], [0, 1]]), 2).formation).toBe('other'); // orthogonal: not converged
    expect(classifyFormation(cosinesOf([[1, 0, 0], [-1, 0, 0], [0, 1, 0]]), 3).formation).toBe('other'); // three clusters
    expect(classifyFormation(new Float64Array(0), 1).formation).toBe('one-cluster');
  });

  test('a chain of near neighbours that is not a clique is not a cluster', () => {
    // angles 0, 0.04, 0.08 rad: neighbours within ε = 1e-3 (1 − cos 0.04 = 8e-4) but ends are not.
    const rows = [0, 0.04, 0.08].map((t) => [Math.cos(t), Math.sin(t)]);
    const c = classifyFormation(cosinesOf(rows), 3);
    expect(c.clusters).toBe(1);
    expect(c.formation).toBe('other');
    expect(c.labels).toEqual([-1, -1, -1]);
  });

  test('the tolerance decides: cos exactly at the boundary counts', () => {
    expect(classifyFormation([1 - 0.01], 2, 0.01).formation).toBe('one-cluster');
    expect(classifyFormation([1 - 0.0101], 2, 0.01).formation).toBe('other');
    expect(classifyFormation([-1 + 0.01], 2, 0.01).formation).toBe('antipodal');
    expect(() => classifyFormation([0], 2, 0)).toThrow(/invalid epsilon/);
  });

  test('invariant under relabelling tokens (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(1, -1), fc.double({ min: -1e-3, max: 1e-3, noNaN: true })), { minLength: 2, maxLength: 7 }),
        (spec) => {
          const rows = spec.map(([s, e]) => [s, e, 0]);
          const perm = rows.map((_, i) => rows[(i + 1) % rows.length]);
          const a = classifyFormation(cosinesOf(rows), rows.length);
          const b = classifyFormation(cosinesOf(perm), rows.length);
          expect(b.formation).toBe(a.formation);
          expect(b.clusters).toBe(a.clusters);
          const signs = new Set(spec.map(([s]) => s));
          expect(a.formation).toBe(signs.size === 1 ? 'one-cluster' : 'antipodal');
        },
      ),
    );
  });
});

describe('endStateOf and formationSnapshot', () => {
  test('one cluster, two groups with their sizes, k clusters, undecided', () => {
    const e = (rows: number[][]) => endStateOf(classifyFormation(cosinesOf(rows), rows.length));
    expect(e([[1, 0, 0], [1, 1e-3, 0]])).toEqual({ kind: 'one-cluster' });
    expect(e([[1, 0, 0], [-1, 0, 0], [-1, 1e-3, 0]])).toEqual({ kind: 'two-groups', sizes: [1, 2] });
    expect(e([[-1, 0, 0], [1, 0, 0], [1, 0, 1e-3], [1, 1e-3, 0]])).toEqual({ kind: 'two-groups', sizes: [1, 3] });
    expect(e([[1, 0, 0], [-1, 0, 0], [0, 1, 0]])).toEqual({ kind: 'clusters', k: 3 });
    expect(e([[1, 0], [0, 1]])).toEqual({ kind: 'clusters', k: 2 }); // two tight clusters, not antipodal
    const chain = [0, 0.04, 0.08].map((t) => [Math.cos(t), Math.sin(t)]);
    expect(e(chain)).toEqual({ kind: 'undecided' });
  });

  test('the formation time is the first snapshot from which the final formation holds to the end', () => {
    const snap = (rows: number[][]) => Array.from(cosinesOf(rows));
    const apart = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const groups = [[1, 0, 0], [-1, 0, 0], [-1, 1e-3, 0]];
    const other = [[1, 0, 0], [1, 1e-3, 0], [-1, 0, 0]]; // same kind and sizes, another partition
    const all = (...s: number[][][]) => s.flatMap(snap);
    expect(formationSnapshot(all(apart, groups, apart, groups, groups), 5, 3)).toBe(3);
    expect(formationSnapshot(all(other, groups, groups), 3, 3)).toBe(1);
    expect(formationSnapshot(all(groups, groups), 2, 3)).toBe(0);
    expect(formationSnapshot(all(groups, [[0, 0.04, 0.08].map((t) => [Math.cos(t), Math.sin(t), 0])].flat()), 2, 3)).toBe(null);
  });
});
