/** Tests of the Brownian coupling and the limit-SDE solver. */
import { describe, expect, test } from 'vitest';
import { blockSums, brownianIncrements } from './brownian.js';
import { runSde } from './solver.js';
import { runChain } from '../simulator/chain.js';
import { fillNormal } from '../rng/normal.js';
import { STREAM_BROWNIAN, streamRng } from '../rng/streams.js';

const X0 = [
  [1, 0, 0],
  [0, 1, 0],
  [0.6, 0, 0.8],
];

describe('Brownian coupling', () => {
  test('block sums are the exact in-order sums of the fine increments', () => {
    const d = 3;
    const steps = 64;
    const fine = brownianIncrements({ d, sigma: 1.3, horizon: 2, steps, seed: 1 });
    for (const factor of [1, 2, 8, 64]) {
      const coarse = blockSums(fine, d, steps, factor);
      expect(coarse.length).toBe((steps / factor) * d * d);
      for (let k = 0; k < steps / factor; k++) {
        for (let e = 0; e < d * d; e++) {
          let s = 0;
          for (let j = k * factor; j < (k + 1) * factor; j++) s += fine[j * d * d + e];
          expect(coarse[k * d * d + e]).toBe(s); // bit-identical, not approximately equal
        }
      }
    }
    expect(Array.from(blockSums(fine, d, steps, 1))).toEqual(Array.from(fine));
  });

  test('increments have variance s²·h (s² = σ²/d)', () => {
    const d = 4;
    const steps = 20_000;
    const sigma = 2;
    const fine = brownianIncrements({ d, sigma, horizon: 3, steps, seed: 2 });
    const expected = ((sigma * sigma) / d) * (3 / steps);
    let s2 = 0;
    for (const v of fine) s2 += v * v;
    const n = fine.length;
    expect(Math.abs(s2 / n - expected)).toBeLessThan(5 * expected * Math.sqrt(2 / n));
  });

  test('the chain on block sums sees the same path as the chain on its own seeded noise would with V_k = ΔW_k/√h', () => {
    // A chain driven by the increments must equal the chain driven by V_k = ΔW_k/√h.
    const d = 3;
    const fine = brownianIncrements({ d, sigma: 1, horizon: 1, steps: 256, seed: 4 });
    const coarse = blockSums(fine, d, 256, 16);
    const L = 16;
    const values = coarse.map((v) => v / Math.sqrt(1 / L));
    const a = runChain({ n: 3, d, depth: L, beta: 1, initialTokens: X0, noise: { kind: 'increments', data: coarse } }).finalTokens;
    const b = runChain({ n: 3, d, depth: L, beta: 1, initialTokens: X0, noise: { kind: 'values', data: values } }).finalTokens;
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 12);
  });

  test('the seeded SDE path is brownianIncrements of the same (seed, path)', () => {
    const d = 3;
    const cfg = { n: 3, d, beta: 1, steps: 100, seed: 9, initialTokens: X0 };
    const seeded = runSde({ ...cfg, paths: 2 }).finalTokens;
    const p1 = brownianIncrements({ d, sigma: 1, horizon: 1, steps: 100, seed: 9, path: 1 });
    const explicit = runSde({ ...cfg, increments: p1 }).finalTokens;
    expect(Array.from(explicit)).toEqual(Array.from(seeded.subarray(9, 18)));
    // and drawing the same stream by hand gives the same increments
    const hand = new Float64Array(100 * 9);
    fillNormal(streamRng(9, [STREAM_BROWNIAN, 1]), hand, Math.sqrt(1 / 100 / 3));
    expect(Array.from(hand)).toEqual(Array.from(p1));
  });
});

describe('limit SDE solver', () => {
  test('tokens stay on the sphere and an antipodal pair stays antipodal', () => {
    const r = runSde({ n: 2, d: 4, beta: 2, sigma: 1.5, steps: 500, horizon: 3, seed: 1, initialTokens: [[1, 0, 0, 0], [-1, 0, 0, 0]], snapshots: { stride: 1, record: 'cosines' } });
    for (const c of r.snapshots!.data) expect(c).toBeCloseTo(-1, 12);
  });

  test('the chain on block sums of a fine path converges to the SDE on that path at strong order ½', () => {
    // RMS error over 40 coupled paths at L = 8 … 128 against the SDE with 4096 steps. Strong order
    // ½ means the error halves when L grows 4×: we require a fitted log-log slope in [0.35, 0.65]
    // and an error at L = 128 below 0.1 (measured: slope ≈ 0.5, error ≈ 0.03).
    const d = 3;
    const F = 4096;
    const depths = [8, 16, 32, 64, 128];
    const sq = depths.map(() => 0);
    const P = 40;
    for (let p = 0; p < P; p++) {
      const fine = brownianIncrements({ d, sigma: 1, horizon: 1, steps: F, seed: 21, path: p });
      const sde = runSde({ n: 3, d, beta: 1, steps: F, increments: fine, initialTokens: X0 }).finalTokens;
      depths.forEach((L, i) => {
        const ch = runChain({ n: 3, d, beta: 1, depth: L, initialTokens: X0, noise: { kind: 'increments', data: blockSums(fine, d, F, F / L) } }).finalTokens;
        for (let a = 0; a < ch.length; a++) sq[i] += (ch[a] - sde[a]) ** 2 / P;
      });
    }
    const logH = depths.map((L) => Math.log(1 / L));
    const logE = sq.map((s) => 0.5 * Math.log(s));
    const mx = logH.reduce((a, b) => a + b) / logH.length;
    const my = logE.reduce((a, b) => a + b) / logE.length;
    let num = 0;
    let den = 0;
    logH.forEach((x, i) => {
      num += (x - mx) * (logE[i] - my);
      den += (x - mx) ** 2;
    });
    const slope = num / den;
    expect(slope).toBeGreaterThan(0.35);
    expect(slope).toBeLessThan(0.65);
    expect(Math.sqrt(sq[sq.length - 1])).toBeLessThan(0.1);
  });

  test('validates its inputs', () => {
    expect(() => runSde({ n: 2, d: 3, beta: 1, steps: 0 })).toThrow(/invalid steps: got 0/);
    expect(() => runSde({ n: 2, d: 3, beta: 1, steps: 4, increments: new Float64Array(3) })).toThrow(/invalid increments/);
    expect(() => blockSums(new Float64Array(18), 3, 2, 3)).toThrow(/invalid factor: got 3; expected a divisor/);
    expect(() => brownianIncrements({ d: 3, sigma: -1, horizon: 1, steps: 2, seed: 0 })).toThrow(/invalid sigma/);
  });
});
