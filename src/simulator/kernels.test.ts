/**
 * The fast projected-sampling kernels (kernels.ts): the interleaved two-path pair kernel gives
 * every path the bits of the one-path kernel; the Cholesky-of-Gram layer agrees with Gram–Schmidt
 * on the mean vectors to rounding (same draws) and has the law of the matrix sampling.
 * Law tests: two-sample KS at α = 1e-3 with fixed seeds (deterministic).
 */
import { describe, expect, test } from 'vitest';
import { runChain } from './chain.js';
import type { ChainConfig } from './config.js';
import { pairwiseCosines } from './tokens.js';
import { ksTwoSample } from '../stats/ks.js';

const ALPHA = 1e-3;
const eye = (d: number) => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));

describe('pair kernel (n = 2)', () => {
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

describe('Cholesky-of-Gram layer (general n, Q = K = I)', () => {
  test('agrees with Gram–Schmidt on the means (the path with Q = K = I given) to rounding, same draws', () => {
    const base: ChainConfig = { n: 16, d: 32, beta: 1, depth: 20, seed: 4, paths: 3, gamma: 0.4 };
    const fast = runChain(base).finalTokens;
    const general = runChain({ ...base, query: eye(32), key: eye(32) }).finalTokens;
    for (let i = 0; i < fast.length; i++) expect(Math.abs(fast[i] - general[i])).toBeLessThan(1e-11);
  });

  test('has the law of the matrix sampling (n = 5, d = 8, β = 1.5; KS on a cosine and a coordinate)', () => {
    const cfg: ChainConfig = { n: 5, d: 8, depth: 12, horizon: 1, beta: 1.5, paths: 3000, initialTokens: eye(8).slice(0, 5).map((r, i) => r.map((v, j) => v + (j === (i + 1) % 8 ? 0.5 : 0))) };
    const stats = (c: ChainConfig) => {
      const r = runChain(c).finalTokens;
      const cos = new Float64Array(3000);
      const coord = new Float64Array(3000);
      const pc = new Float64Array(10);
      for (let p = 0; p < 3000; p++) {
        pairwiseCosines(r, 5, 8, pc, p * 40);
        cos[p] = pc[0];
        coord[p] = r[p * 40];
      }
      return { cos, coord };
    };
    const a = stats({ ...cfg, seed: 31, sampling: 'matrix' });
    const b = stats({ ...cfg, seed: 32, sampling: 'projected' });
    expect(ksTwoSample(a.cos, b.cos).pValue).toBeGreaterThan(ALPHA);
    expect(ksTwoSample(a.coord, b.coord).pValue).toBeGreaterThan(ALPHA);
  });
});
