/**
 * The WebAssembly general-n projected layer (WasmGramKernel, assembly/gram.ts) against the JS
 * kernel it replaces when h·γ = 0 (./gram.ts gramLayer): the same bits, the same return value
 * and the same generator state after every layer, including odd n, d not a multiple of 4, β = 0
 * and a nearly singular layer (GRAM_FALLBACK, nothing drawn).
 */
import { describe, expect, test } from 'vitest';
import { streamRng } from '../../rng/streams.js';
import { uniformOnSphere } from '../tokens.js';
import { gramLayer, PIVOT_TOLERANCE } from './gram.js';
import { Workspace } from '../workspace.js';
import { WasmGramKernel } from './wasmGram.js';

describe('WasmGramKernel', () => {
  test.each([
    [3, 5, 4],
    [4, 9, 0],
    [7, 10, 1.5],
    [9, 12, 0.5],
    [16, 32, 1],
    [16, 33, 2],
  ])('n = %i, d = %i, β = %s: the bits of gramLayer, layer by layer', (n, d, beta) => {
    const x0 = new Float64Array(n * d);
    uniformOnSphere(streamRng(3, [n, d]), x0, n, d);
    const xa = x0.slice();
    const xb = x0.slice();
    const ga = streamRng(4, [n, d]);
    const gb = streamRng(4, [n, d]);
    const ws = new Workspace(n, d);
    const k = new WasmGramKernel(n, d);
    const sd = 0.3 / Math.sqrt(d);
    for (let layer = 0; layer < 40; layer++) {
      const ra = gramLayer(xa, n, d, beta, 0, null, sd, ga, ws);
      const rb = k.layer(xb, beta, sd, gb, PIVOT_TOLERANCE);
      expect(rb).toBe(ra);
      expect(Array.from(xb)).toEqual(Array.from(xa));
      expect(gb.nextUint32()).toBe(ga.nextUint32());
    }
  });

  test('identical tokens: the fallback, x untouched and nothing drawn', () => {
    const n = 4;
    const d = 6;
    const x = new Float64Array(n * d);
    for (let i = 0; i < n; i++) x[i * d] = 1;
    const g = streamRng(1, [0]);
    const h = streamRng(1, [0]);
    const r = new WasmGramKernel(n, d).layer(x, 1, 0.1, g, PIVOT_TOLERANCE);
    expect(r).toBe(-2);
    expect(Array.from(x)).toEqual(Array.from({ length: n * d }, (_, k) => (k % d === 0 ? 1 : 0)));
    expect(g.nextUint32()).toBe(h.nextUint32());
  });
});
