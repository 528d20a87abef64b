/**
 * The general-n Gram-state layers in WebAssembly (WasmGramLayers, assembly/gramState.ts) against
 * the plain JS layers of GramState: the same coordinates, rank and generator state after every
 * layer, bit for bit — odd and even n, d below, at and above n (k' = 0, k' < r, k' = r), drift,
 * β = 0, identical tokens (earlier twins), a pivot below the tolerance, and the failure of a layer.
 */
import { describe, expect, test } from 'vitest';
import { streamRng } from '../../rng/streams.js';
import { GramState, type GramStateParams } from './gramState.js';

function pair(p: GramStateParams) {
  return [new GramState(p, 'js'), new GramState(p, 'wasm')] as const;
}

function expectSame(a: GramState, b: GramState, n: number) {
  expect(b.rank).toBe(a.rank);
  expect(Array.from(b.C)).toEqual(Array.from(a.C));
  const ca = new Float64Array((n * (n - 1)) / 2);
  const cb = ca.slice();
  a.cosines(ca, 0);
  b.cosines(cb, 0);
  expect(Array.from(cb)).toEqual(Array.from(ca));
}

describe('WasmGramLayers: the bits of the JS Gram-state layers', () => {
  test.each([
    [3, 5, 1.5, 0],
    [3, 3, 1, 0.2],
    [4, 6, 0, 0],
    [5, 2, 2, 0.5],
    [7, 40, 1, 0.3],
    [8, 4, 3, 0],
    [9, 13, 2, 0],
    [16, 256, 2, 0],
    [17, 30, 1, 0.1],
  ])('n = %i, d = %i, β = %s, hg = %s: layer by layer from uniform starts', (n, d, beta, hg) => {
    const p: GramStateParams = { n, d, beta, sd: 0.8 / Math.sqrt(d), hg };
    const [a, b] = pair(p);
    for (let path = 0; path < 3; path++) {
      a.initUniform(streamRng(5, [n, d, path]));
      b.initUniform(streamRng(5, [n, d, path]));
      const ga = streamRng(6, [n, d, path]);
      const gb = streamRng(6, [n, d, path]);
      // Several calls of different lengths: the state crosses the JS/wasm boundary in between.
      for (const count of [1, 7, 30]) {
        expect(b.layers([gb], count)).toBe(a.layers([ga], count));
        expectSame(a, b, n);
        expect(gb.nextUint32()).toBe(ga.nextUint32());
      }
    }
  });

  test('identical tokens keep their coordinates (rank drop and earlier twins), with the same bits', () => {
    const n = 6;
    const d = 9;
    const x = new Float64Array(n * d);
    // Tokens 0, 2, 3 identical; 1 and 4 identical; 5 apart.
    const rows = [0, 1, 0, 0, 1, 2];
    rows.forEach((k, i) => {
      x[i * d + k] = 0.6;
      x[i * d + k + 3] = 0.8;
    });
    const [a, b] = pair({ n, d, beta: 1, sd: 0.3, hg: 0 });
    a.initFromTokens(x);
    b.initFromTokens(x);
    expect(b.rank).toBe(3);
    const ga = streamRng(8, [1]);
    const gb = streamRng(8, [1]);
    expect(b.layers([gb], 20)).toBe(a.layers([ga], 20));
    expectSame(a, b, n);
    // Identical tokens stay identical: equal coordinates.
    const row = (i: number) => Array.from(b.C.subarray(i * n, i * n + n));
    for (const [i, j] of [[0, 2], [0, 3], [1, 4]]) expect(row(j)).toEqual(row(i));
    expect(row(5)).not.toEqual(row(0));
  });

  test('nearly identical tokens (a pivot below the tolerance: no new direction) give the same bits', () => {
    const n = 5;
    const d = 12;
    const x = new Float64Array(n * d);
    const g = streamRng(9, [0]);
    for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) x[i * d + a] = g.nextDouble() - 0.5;
    // Token 3 = token 1 moved by 1e-9 in one coordinate: 1e-18 of new squared length, below 64 ulp.
    for (let a = 0; a < d; a++) x[3 * d + a] = x[d + a];
    x[3 * d + 7] += 1e-9;
    for (let i = 0; i < n; i++) {
      let nn = 0;
      for (let a = 0; a < d; a++) nn += x[i * d + a] ** 2;
      for (let a = 0; a < d; a++) x[i * d + a] /= Math.sqrt(nn);
    }
    const [a, b] = pair({ n, d, beta: 2, sd: 0.05, hg: 0.1 });
    a.initFromTokens(x);
    b.initFromTokens(x);
    expect(b.rank).toBe(n - 1);
    const ga = streamRng(10, [0]);
    const gb = streamRng(10, [0]);
    for (let layer = 0; layer < 20; layer++) {
      expect(b.layers([gb], 1)).toBe(a.layers([ga], 1));
      expectSame(a, b, n);
      // The pair stays within the tolerance: every layer takes the no-new-direction branch.
      expect(b.rank).toBe(n - 1);
    }
  });

  test('a non-finite layer fails at the same layer in both', () => {
    const p: GramStateParams = { n: 4, d: 8, beta: 1, sd: Infinity, hg: 0 };
    const [a, b] = pair(p);
    a.initUniform(streamRng(2, [0]));
    b.initUniform(streamRng(2, [0]));
    expect(a.layers([streamRng(3, [0])], 5)).toBe(0);
    expect(b.layers([streamRng(3, [0])], 5)).toBe(0);
  });
});
