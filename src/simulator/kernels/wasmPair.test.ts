/**
 * The WebAssembly pair kernel (assembly/pair.ts, dist/wasm/pair.wasm): its generator
 * (xoshiro256**, one 64-bit output per ziggurat normal) validated like the JS one in
 * src/rng/rng.test.ts (fixed seeds, α = 1e-3 each; moments on 1e5 draws, KS on 3e4, the tail
 * mass on 2e6 with an exact binomial test), and the kernel's arithmetic checked against a plain
 * JS transcription of the pair layer fed with the same normals.
 */
import { describe, expect, test } from 'vitest';
import { standardNormalChecks } from '../../rng/normalChecks.js';
import binomialTest from '@stdlib/stats-binomial-test';
import normal from '@stdlib/random-base-normal';
import { ksTwoSample } from '../../stats/index.js';
import { streamRng } from '../../rng/streams.js';
import { seedState256, wasmNormals, xoshiro256Outputs } from '../wasm/module.js';
import { WasmPairKernel } from './wasmPair.js';
import { runChain } from '../chain.js';
import type { ChainConfig } from '../config.js';

const ALPHA = 1e-3;
const N = 100_000;
const N_KS = 30_000;

const stateOf = (seed: number, ids: number[]) => seedState256(streamRng(seed, ids));

describe('xoshiro256** in wasm', () => {
  test('matches the reference outputs of the C implementation for state (1, 2, 3, 4)', () => {
    // First outputs of xoshiro256starstar.c (Blackman & Vigna) from s = {1, 2, 3, 4}, computed
    // by a direct Python transcription with 64-bit masking (independent of this code).
    const state = new Uint32Array([1, 0, 2, 0, 3, 0, 4, 0]);
    expect(xoshiro256Outputs(state, 6)).toEqual([11520n, 0n, 1509978240n, 1215971899390074240n, 1216172134540287360n, 607988272756665600n]);
  });

  test('the 256-bit state of a path is the first 8 outputs of its JS stream (low word first)', () => {
    const g = streamRng(7, [0, 3]);
    const want = Array.from({ length: 8 }, () => g.nextUint32());
    expect(Array.from(stateOf(7, [0, 3]))).toEqual(want);
    expect(Array.from(stateOf(7, [0, 4]))).not.toEqual(want);
  });

  test('same state, same normals; the state advances', () => {
    const a = stateOf(1, [0]);
    const b = Uint32Array.from(a);
    const x = wasmNormals(a, 1000);
    expect(Array.from(wasmNormals(b, 1000))).toEqual(Array.from(x));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(wasmNormals(a, 1000))).not.toEqual(Array.from(x));
  });
});

describe('ziggurat normals on xoshiro256** (one output per normal)', () => {
  test('pass a KS test against N(0,1) and have the right moments', () => {
    const x = wasmNormals(stateOf(11, [0]), N);
    const c = standardNormalChecks(x, N_KS);
    expect(c.ksPValue).toBeGreaterThan(ALPHA);
    for (const r of c.momentRatios) expect(r).toBeLessThan(1);
  });

  test('the tail beyond the base layer is sampled with the right mass', () => {
    const n = 2_000_000;
    const x = wasmNormals(stateOf(12, [0]), n);
    let k = 0;
    for (const z of x) if (Math.abs(z) > 3.6541528853610088) k++;
    const p = 2 * 0.0001290155; // 2·(1 − Φ(r)), r = 3.6541528853610088
    expect(binomialTest(k, n, { p }).pValue).toBeGreaterThan(ALPHA);
  });

  test('the sign is fair and independent of the layer (exact binomial tests)', () => {
    const x = wasmNormals(stateOf(13, [0]), N);
    let plus = 0;
    let plusInner = 0;
    let inner = 0;
    for (const z of x) {
      if (z > 0) plus++;
      if (Math.abs(z) < 0.5) {
        inner++;
        if (z > 0) plusInner++;
      }
    }
    expect(binomialTest(plus, N, { p: 0.5 }).pValue).toBeGreaterThan(ALPHA);
    expect(binomialTest(plusInner, inner, { p: 0.5 }).pValue).toBeGreaterThan(ALPHA);
  });

  test('have the law of @stdlib/random-base-normal (two-sample KS)', () => {
    const ours = wasmNormals(stateOf(16, [0]), N_KS);
    const theirs = normal.factory(0, 1, { seed: 16 });
    const ref = Float64Array.from({ length: N_KS }, () => theirs());
    expect(ksTwoSample(ours, ref).pValue).toBeGreaterThan(ALPHA);
  });

  test('adjacent path streams are uncorrelated (|r| < 4/√n)', () => {
    const a = wasmNormals(stateOf(1, [0, 0]), N);
    const b = wasmNormals(stateOf(1, [0, 1]), N);
    let s = 0;
    for (let i = 0; i < N; i++) s += a[i] * b[i];
    expect(Math.abs(s / N)).toBeLessThan(4 / Math.sqrt(N));
  });
});

/** The pair layer of assembly/pair.ts, transcribed plainly (Math.expm1), on given normals. */
function referenceLayers(x: Float64Array, d: number, beta: number, sd: number, hg: number, vbar: readonly (readonly number[])[] | null, normals: Float64Array, layers: number): void {
  for (let k = 0; k < layers; k++) {
    const z = normals.subarray(2 * d * k, 2 * d * (k + 1));
    let ss = 0;
    let tt = 0;
    for (let a = 0; a < d; a++) {
      ss += (x[a] + x[d + a]) ** 2;
      tt += (x[a] - x[d + a]) ** 2;
    }
    const em = Math.expm1(-0.5 * beta * tt);
    const delta = -em / (2 + em);
    const A = 0.5 * sd * Math.sqrt(ss);
    const B = 0.5 * sd * delta * Math.sqrt(tt);
    const m = Array.from({ length: 2 * d }, (_, i) => {
      const a = i % d;
      const s = x[a] + x[d + a];
      const t = x[a] - x[d + a];
      return i < d ? 0.5 * (s + delta * t) : 0.5 * (s - delta * t);
    });
    for (let i = 0; i < 2; i++) {
      for (let a = 0; a < d; a++) {
        const drift = vbar ? vbar[a].reduce((acc, v, b) => acc + v * m[i * d + b], 0) : m[i * d + a];
        x[i * d + a] += hg * drift + A * z[a] + (i === 0 ? B : -B) * z[d + a];
      }
      const r = Math.hypot(...x.subarray(i * d, (i + 1) * d));
      for (let a = 0; a < d; a++) x[i * d + a] /= r;
    }
  }
}

describe('pair kernel arithmetic', () => {
  test.each([
    ['γ = 0', 0, null],
    ['γ = 0.4', 0.4, null],
    ['γ = 0.4, V̄ ≠ I', 0.4, [[1, 0.5, 0], [0, 1, 0], [0.2, 0, 1]]],
  ] as const)('agrees with a plain transcription on the same normals (%s)', (_name, hg, vbar) => {
    const d = 3;
    const L = 40;
    const x0 = Float64Array.from([1, 0, 0, 0.6, 0.8, 0]);
    const state = stateOf(5, [0, 0]);
    const normals = wasmNormals(Uint32Array.from(state), 2 * d * L);
    const want = Float64Array.from(x0);
    referenceLayers(want, d, 2, 0.3, hg, vbar, normals, L);
    const got = Float64Array.from(x0);
    const k = new WasmPairKernel(d, vbar ? Float64Array.from(vbar.flat()) : null);
    expect(k.layers(got, state, 2, 0.3, hg, L)).toBe(-1);
    for (let i = 0; i < 2 * d; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-12);
    // The kernel consumed exactly 2d normals per layer (slow draws included).
    const after = stateOf(5, [0, 0]);
    wasmNormals(after, 2 * d * L);
    expect(Array.from(state)).toEqual(Array.from(after));
  });

  test('four paths at a time give each path the bits of one at a time, over blocks and a remainder', () => {
    const d = 4;
    const L = 37; // two blocks of 16 layers and a remainder
    const k = new WasmPairKernel(d, null);
    for (const hg of [0, 0.3]) {
      const xs = [0, 1, 2, 3].map((p) => Float64Array.from([1, 0, 0, 0, Math.cos(p), Math.sin(p), 0, 0]));
      const ss = [0, 1, 2, 3].map((p) => stateOf(9, [0, p]));
      const singles = xs.map((x, p) => {
        const y = Float64Array.from(x);
        const s = stateOf(9, [0, p]);
        expect(k.layers(y, s, 1.5, 0.4, hg, L)).toBe(-1);
        return y;
      });
      expect(k.layers4(xs, ss, 1.5, 0.4, hg, L)).toBe(-1);
      for (let p = 0; p < 4; p++) expect(Array.from(xs[p])).toEqual(Array.from(singles[p]));
    }
  });

  test('identical tokens stay identical, antipodal stay antipodal, bit for bit (one and four at a time)', () => {
    const d = 4;
    const t = [0.5, -0.5, 0.5, 0.5];
    const k = new WasmPairKernel(d, null);
    const same = Float64Array.from([...t, ...t]);
    const anti = Float64Array.from([...t, ...t.map((v) => -v)]);
    expect(k.layers(same, stateOf(2, [0, 0]), 2, 0.5, 0.3, 300)).toBe(-1);
    expect(k.layers(anti, stateOf(2, [0, 1]), 2, 0.5, 0, 300)).toBe(-1);
    for (let a = 0; a < d; a++) {
      expect(same[a]).toBe(same[d + a]);
      expect(anti[a]).toBe(-anti[d + a]);
    }
    const xs = [0, 1, 2, 3].map((p) => Float64Array.from(p % 2 ? [...t, ...t.map((v) => -v)] : [...t, ...t]));
    expect(k.layers4(xs, [0, 1, 2, 3].map((p) => stateOf(3, [0, p])), 2, 0.5, 0, 300)).toBe(-1);
    for (let p = 0; p < 4; p++) for (let a = 0; a < d; a++) expect(xs[p][a]).toBe(p % 2 ? -xs[p][d + a] : xs[p][d + a]);
  });

  test('reports the first bad token (non-finite input: both tokens go bad at layer 1, token 0 first)', () => {
    const k = new WasmPairKernel(2, null);
    expect(k.layers(Float64Array.from([1, 0, NaN, 0]), stateOf(1, [0, 0]), 1, 0.1, 0, 5)).toBe(0);
    const xs = [0, 1, 2, 3].map((p) => Float64Array.from(p === 2 ? [1, 0, NaN, 0] : [1, 0, 0, 1]));
    expect(k.layers4(xs, [0, 1, 2, 3].map((p) => stateOf(1, [0, p])), 1, 0.1, 0, 5)).toBe(0);
  });
});

describe('pair kernel paths (n = 2)', () => {
  test.each([0, 0.7])('two paths at a time give each path the bits of one at a time (γ = %s, odd path count)', (gamma) => {
    const base: ChainConfig = { n: 2, d: 4, beta: 2, sigma: 1, gamma, horizon: 40, depth: 300, seed: 5 };
    const all = runChain({ ...base, paths: 7 }).finalTokens;
    for (let p = 0; p < 7; p++) {
      const one = runChain({ ...base, paths: 1, firstPath: p }).finalTokens;
      expect(Array.from(one)).toEqual(Array.from(all.subarray(p * 8, p * 8 + 8)));
    }
  });

  test('snapshots (one path at a time) and no snapshots (two at a time) end in the same bits', () => {
    const base: ChainConfig = { n: 2, d: 3, beta: 1, depth: 100, seed: 8, paths: 4 };
    const plain = runChain(base).finalTokens;
    const snap = runChain({ ...base, snapshots: { stride: 7, record: 'tokens' } });
    expect(Array.from(snap.finalTokens)).toEqual(Array.from(plain));
    const layers = snap.snapshots!.layers;
    const last = snap.snapshots!.data.subarray((layers.length - 1) * 6, layers.length * 6);
    expect(Array.from(last)).toEqual(Array.from(plain.subarray(0, 6)));
  });

  test('nearly identical tokens keep an accurate, nonzero separation', () => {
    // |x₁ − x₂| ≈ 1e-9: the pair kernel computes t = x₁ − x₂ directly, so the tokens neither
    // collapse nor get rounding-sized separation noise; their distance stays of the order of the
    // initial one. (Their cosine is 1 − O(1e-18): it rounds to 1 or to 1 − 2^-53, so it is not
    // a usable check.)
    const e = 1e-9;
    for (const seed of [3, 4, 5]) {
      const r = runChain({ n: 2, d: 3, beta: 1, depth: 50, seed, initialTokens: [[1, 0, 0], [Math.sqrt(1 - e * e), e, 0]] }).finalTokens;
      const dist = Math.hypot(r[0] - r[3], r[1] - r[4], r[2] - r[5]);
      expect(dist).toBeGreaterThan(1e-11);
      expect(dist).toBeLessThan(1e-7);
    }
  });
});
