/** Tests of the reference discrete chain: invariants, reproducibility, batching and validation. */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { runChain } from './chain.js';
import { pairwiseCosines, toRows, uniformOnSphere } from './tokens.js';
import { streamRng } from '../rng/streams.js';
import { attentionFlow } from '../sde/attentionFlow.js';
import { ConfigError } from '../util/errors.js';
import type { ChainConfig } from './config.js';

const matrixArb = (d: number) =>
  fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }), { minLength: d, maxLength: d });

const configArb = fc
  .record({
    n: fc.integer({ min: 1, max: 6 }),
    d: fc.integer({ min: 2, max: 6 }),
    depth: fc.integer({ min: 1, max: 40 }),
    horizon: fc.double({ min: 1e-3, max: 50, noNaN: true }),
    beta: fc.double({ min: 0, max: 1e3, noNaN: true }),
    sigma: fc.double({ min: 0, max: 5, noNaN: true }),
    gamma: fc.double({ min: 0, max: 5, noNaN: true }),
    law: fc.constantFrom('gaussian' as const, 'uniform' as const, 'rademacher' as const),
    seed: fc.nat({ max: 2 ** 40 }),
    withMatrices: fc.boolean(),
  })
  .chain((c) =>
    fc.record({ q: matrixArb(c.d), k: matrixArb(c.d), v: matrixArb(c.d) }).map(({ q, k, v }) => ({
      n: c.n,
      d: c.d,
      depth: c.depth,
      horizon: c.horizon,
      beta: c.beta,
      sigma: c.sigma,
      gamma: c.gamma,
      law: c.law,
      seed: c.seed,
      query: c.withMatrices ? q : null,
      key: c.withMatrices ? k : null,
      valueMatrix: c.withMatrices ? v : null,
    })),
  );

describe('discrete chain', () => {
  test('every token is on the unit sphere after every layer (property)', () => {
    fc.assert(
      fc.property(configArb, (cfg) => {
        const r = runChain({ ...cfg, snapshots: { stride: 1, record: 'tokens' } });
        const { data, size, layers } = r.snapshots!;
        expect(layers.length).toBe(cfg.depth + 1);
        for (let s = 0; s < data.length / cfg.d; s++) {
          let norm = 0;
          for (let a = 0; a < cfg.d; a++) norm += data[s * cfg.d + a] ** 2;
          expect(Math.abs(Math.sqrt(norm) - 1)).toBeLessThan(1e-12);
        }
        expect(size).toBe(cfg.n * cfg.d);
      }),
      { numRuns: 200 },
    );
  });

  test('the RMS sphere option returns tokens of norm √d and reads RMS input', () => {
    const d = 5;
    const init = [Array(d).fill(1), [1, -1, 1, -1, 1]]; // norm √5 = √d: already on the RMS sphere
    const unit = runChain({ n: 2, d, depth: 10, beta: 1, seed: 3, initialTokens: init });
    const rms = runChain({ n: 2, d, depth: 10, beta: 1, seed: 3, initialTokens: init, sphere: 'rms' });
    for (let i = 0; i < unit.finalTokens.length; i++) expect(rms.finalTokens[i]).toBeCloseTo(unit.finalTokens[i] * Math.sqrt(d), 12);
  });

  test('same seed gives identical bits; a different seed differs', () => {
    const cfg: ChainConfig = { n: 3, d: 4, depth: 50, beta: 1.5, seed: 7, paths: 3 };
    const a = runChain(cfg).finalTokens;
    const b = runChain(cfg).finalTokens;
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    const c = runChain({ ...cfg, seed: 8 }).finalTokens;
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  test('M paths in one call equal the same paths computed one at a time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.nat({ max: 1000 }), fc.constantFrom('gaussian' as const, 'rademacher' as const), (paths, seed, law) => {
        const cfg: ChainConfig = { n: 3, d: 3, depth: 20, beta: 2, seed, paths, law };
        const all = runChain(cfg).finalTokens;
        for (let p = 0; p < paths; p++) {
          const one = runChain({ ...cfg, paths: 1, firstPath: p }).finalTokens;
          expect(Array.from(one)).toEqual(Array.from(all.subarray(p * 9, (p + 1) * 9)));
        }
      }),
      { numRuns: 20 },
    );
  });

  test('explicit value matrices V_k and increments ΔW_k = √h·V_k give the same run', () => {
    const d = 3;
    const depth = 16;
    const h = 2 / depth;
    const values = new Float64Array(depth * d * d);
    const g = streamRng(99, [0]);
    for (let i = 0; i < values.length; i++) values[i] = g.nextDouble() - 0.5;
    const incr = values.map((v) => v * Math.sqrt(h));
    const base = { n: 2, d, depth, horizon: 2, beta: 1, initialTokens: [[1, 0, 0], [0, 1, 0]] };
    const a = runChain({ ...base, noise: { kind: 'values', data: values } }).finalTokens;
    const b = runChain({ ...base, noise: { kind: 'increments', data: incr } }).finalTokens;
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 13);
  });

  test('σ = 0 is the deterministic attention flow: Euler error shrinks like h against the RK4 flow', () => {
    const n = 4;
    const d = 3;
    const x0 = new Float64Array(n * d);
    uniformOnSphere(streamRng(5, [0]), x0, n, d);
    const init = toRows(x0, n, d);
    const T = 2;
    const exact = attentionFlow(x0, n, d, { beta: 1.5, gamma: 1, horizon: T });
    const err = (L: number) => {
      const r = runChain({ n, d, depth: L, horizon: T, beta: 1.5, sigma: 0, gamma: 1, initialTokens: init }).finalTokens;
      return Math.max(...Array.from(r, (v, i) => Math.abs(v - exact[i])));
    };
    const e1 = err(100);
    const e2 = err(200);
    const e3 = err(400);
    expect(e1).toBeLessThan(0.05);
    expect(e1 / e2).toBeGreaterThan(1.8);
    expect(e1 / e2).toBeLessThan(2.2);
    expect(e2 / e3).toBeGreaterThan(1.8);
    expect(e2 / e3).toBeLessThan(2.2);
  });

  test('σ = 0 uses no randomness: the seed does not matter', () => {
    const base = { n: 3, d: 3, depth: 30, beta: 1, sigma: 0, gamma: 1, initialTokens: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] };
    expect(Array.from(runChain({ ...base, seed: 1 }).finalTokens)).toEqual(Array.from(runChain({ ...base, seed: 2 }).finalTokens));
  });

  test('cosine snapshots agree with token snapshots', () => {
    const base = { n: 3, d: 4, depth: 12, beta: 1, seed: 4 };
    const t = runChain({ ...base, snapshots: { stride: 5, record: 'tokens' } }).snapshots!;
    const c = runChain({ ...base, snapshots: { stride: 5, record: 'cosines' } }).snapshots!;
    expect(t.layers).toEqual([0, 5, 10, 12]);
    const cos = new Float64Array(3);
    for (let s = 0; s < t.layers.length; s++) {
      pairwiseCosines(t.data, 3, 4, cos, s * t.size);
      for (let k = 0; k < 3; k++) expect(c.data[s * 3 + k]).toBeCloseTo(cos[k], 14);
    }
  });
});

describe('validation', () => {
  const ok: ChainConfig = { n: 2, d: 3, depth: 10, beta: 1 };
  const cases: [string, Partial<ChainConfig> | Record<string, unknown>, RegExp][] = [
    ['n not a positive integer', { n: 0 }, /invalid n: got 0; expected an integer in \[1, 4096\]/],
    ['n fractional', { n: 2.5 }, /invalid n: got 2.5/],
    ['d < 2', { d: 1 }, /invalid d: got 1; expected an integer in \[2, 4096\]/],
    ['L < 1', { depth: 0 }, /invalid depth: got 0/],
    ['T ≤ 0', { horizon: 0 }, /invalid horizon: got 0; expected a finite number > 0/],
    ['T infinite', { horizon: Infinity }, /invalid horizon: got Infinity/],
    ['β negative', { beta: -1 }, /invalid beta: got -1; expected a finite number >= 0/],
    ['β NaN', { beta: NaN }, /invalid beta: got NaN/],
    ['σ negative', { sigma: -0.1 }, /invalid sigma: got -0.1/],
    ['γ infinite', { gamma: Infinity }, /invalid gamma: got Infinity/],
    ['unknown law', { law: 'cauchy' }, /invalid law: got "cauchy"; expected one of "gaussian", "uniform", "rademacher"/],
    ['bad seed', { seed: -3 }, /invalid seed: got -3/],
    ['bad paths', { paths: 0 }, /invalid paths: got 0/],
    ['bad sphere', { sphere: 'torus' }, /invalid sphere: got "torus"/],
    ['Q wrong shape', { query: [[1, 0], [0, 1]] }, /invalid query: got an array of length 2; expected a 3x3 matrix/],
    ['K non-finite entry', { key: [[1, 0, 0], [0, NaN, 0], [0, 0, 1]] }, /invalid key\[1\]\[1\]: got NaN; expected a finite number/],
    ['V̄ ragged', { valueMatrix: [[1, 0, 0], [0, 1], [0, 0, 1]] }, /invalid valueMatrix\[1\]/],
    ['tokens wrong shape', { initialTokens: [[1, 0, 0]] }, /invalid initialTokens: got an array of length 1; expected a 2x3 matrix/],
    ['zero token', { initialTokens: [[1, 0, 0], [0, 0, 0]] }, /invalid initialTokens\[1\]: got "a zero vector"; expected a non-zero finite vector/],
    ['non-finite token', { initialTokens: [[1, 0, Infinity], [0, 1, 0]] }, /invalid initialTokens\[0\]\[2\]: got Infinity/],
    ['snapshot stride', { snapshots: { stride: 0, record: 'tokens' } }, /invalid snapshots.stride: got 0/],
    ['noise wrong length', { noise: { kind: 'increments', data: new Float64Array(5) } }, /invalid noise.data: got a typed array of length 5; expected a Float64Array of length paths·depth·d·d = 90/],
  ];
  test.each(cases)('%s', (_name, patch, message) => {
    expect(() => runChain({ ...ok, ...(patch as Partial<ChainConfig>) })).toThrow(ConfigError);
    expect(() => runChain({ ...ok, ...(patch as Partial<ChainConfig>) })).toThrow(message);
  });

  test('a run that blows up names the layer', () => {
    // Huge γ with V̄ = −I sends y_i through zero exactly: 1 − hγ = 0 at h = 1/10, γ = 10.
    const minusI = [[-1, 0, 0], [0, -1, 0], [0, 0, -1]];
    expect(() =>
      runChain({ n: 1, d: 3, depth: 10, beta: 0, sigma: 0, gamma: 10, valueMatrix: minusI, initialTokens: [[1, 0, 0]] }),
    ).toThrow(/non-finite or zero token 0 at layer 1 of path 0/);
  });
});

