/**
 * runChainParallel: bit-identical to runChain for any worker count, errors forwarded with the
 * same message; runChainsParallel: each result is runChain of its configuration, in input order,
 * for any worker count. Workers run dist/src/parallel/worker.js: `npm test` builds first.
 */
import { describe, expect, test } from 'vitest';
import { runChain } from '../simulator/chain.js';
import type { ChainConfig } from '../simulator/config.js';
import { streamRng } from '../rng/streams.js';
import { fillNormal } from '../rng/normal.js';
import { balanceBatches, runChainParallel, runChainsParallel, splitPaths } from './index.js';

const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('runChainParallel', () => {
  const configs: [string, ChainConfig][] = [
    ['n=2 d=4 projected, snapshots', { n: 2, d: 4, depth: 300, horizon: 10, beta: 2, seed: 11, paths: 7, firstPath: 3, snapshots: { stride: 50, record: 'cosines' } }],
    ['n=5 d=3 matrix, rademacher, γ', { n: 5, d: 3, depth: 100, beta: 1, gamma: 0.5, seed: 12, paths: 5, law: 'rademacher', snapshots: { stride: 40, record: 'tokens' } }],
    ['n=3 d=6 projected, general kernel', { n: 3, d: 6, depth: 100, beta: 1.5, seed: 13, paths: 4 }],
  ];
  test.each(configs)('%s: same bits with 1, 2 and 3 workers', async (_name, cfg) => {
    const ref = runChain(cfg);
    for (const workers of [1, 2, 3]) {
      const r = await runChainParallel(cfg, { workers });
      expect(bits(r.finalTokens).equals(bits(ref.finalTokens))).toBe(true);
      expect(r.config).toEqual(ref.config);
      if (ref.snapshots) {
        expect(r.snapshots!.layers).toEqual(ref.snapshots.layers);
        expect(bits(r.snapshots!.data).equals(bits(ref.snapshots.data))).toBe(true);
      }
    }
  });

  test('explicit noise is split by path range: same bits', async () => {
    const paths = 5;
    const depth = 20;
    const d = 3;
    const data = new Float64Array(paths * depth * d * d);
    fillNormal(streamRng(4, [0]), data, 0.1);
    const cfg: ChainConfig = { n: 2, d, depth, beta: 1, paths, noise: { kind: 'increments', data }, initialTokens: [[1, 0, 0], [0, 1, 0]] };
    const ref = runChain(cfg).finalTokens;
    for (const workers of [2, 3]) expect(bits((await runChainParallel(cfg, { workers })).finalTokens).equals(bits(ref))).toBe(true);
    expect(data[0]).not.toBe(0); // the caller's array is not detached or changed
  });

  test('a NumericalError in a worker reaches the caller with the same message', async () => {
    const minusI = [[-1, 0, 0], [0, -1, 0], [0, 0, -1]];
    const cfg: ChainConfig = { n: 1, d: 3, depth: 10, beta: 0, sigma: 0, gamma: 10, valueMatrix: minusI, initialTokens: [[1, 0, 0]], paths: 4, firstPath: 2 };
    let expected = '';
    try {
      runChain(cfg);
    } catch (e) {
      expected = (e as Error).message;
    }
    expect(expected).toMatch(/non-finite or zero token 0 at layer 1 of path 2/);
    await expect(runChainParallel(cfg, { workers: 2 })).rejects.toThrow(expected);
    await expect(runChainParallel(cfg, { workers: 2 })).rejects.toHaveProperty('name', 'NumericalError');
  });

  test('configuration errors are thrown before any worker starts', async () => {
    await expect(runChainParallel({ n: 0, d: 3, depth: 1, beta: 1 }, { workers: 2 })).rejects.toThrow(/invalid n: got 0/);
    await expect(runChainParallel({ n: 2, d: 3, depth: 1, beta: 1 }, { workers: 0 })).rejects.toThrow(/invalid workers: got 0/);
  });

  test('splitPaths gives contiguous near-equal ranges', () => {
    expect(splitPaths(7, 3)).toEqual([{ start: 0, count: 3 }, { start: 3, count: 2 }, { start: 5, count: 2 }]);
    expect(splitPaths(2, 3)).toEqual([{ start: 0, count: 1 }, { start: 1, count: 1 }]);
  });
});

describe('runChainsParallel', () => {
  // Costs a hundredfold apart, as in the report's phase grid; token and cosine output, snapshots.
  const configs: ChainConfig[] = [
    { n: 2, d: 512, depth: 400, beta: 4, seed: 1, paths: 30, output: 'cosines', initialTokens: null },
    { n: 2, d: 3, depth: 4, beta: 1, seed: 2, paths: 3, output: 'cosines' },
    { n: 3, d: 5, depth: 50, beta: 1.5, seed: 3, paths: 4, snapshots: { stride: 10, record: 'cosines' } },
    { n: 2, d: 4, depth: 20, beta: 2, seed: 4, paths: 2, law: 'uniform' },
  ];
  test('each result is runChain of its configuration, in input order, with 1, 2 and 3 workers', async () => {
    const refs = configs.map((c) => runChain(c));
    for (const workers of [1, 2, 3]) {
      let done = 0;
      const rs = await runChainsParallel(configs, { workers, onDone: (k, total) => ((done = k), expect(total).toBe(configs.length)) });
      expect(done).toBe(configs.length);
      rs.forEach((r, i) => {
        expect(r.config).toEqual(refs[i].config);
        expect(bits(r.finalTokens).equals(bits(refs[i].finalTokens))).toBe(true);
        if (refs[i].finalCosines) expect(bits(r.finalCosines!).equals(bits(refs[i].finalCosines!))).toBe(true);
        if (refs[i].snapshots) expect(bits(r.snapshots!.data).equals(bits(refs[i].snapshots!.data))).toBe(true);
      });
    }
    expect(refs[0].config.sampling).toBe('gram-state');
  });

  test('errors: configuration errors before any worker starts, a worker error with its message', async () => {
    await expect(runChainsParallel([configs[1], { n: 0, d: 3, depth: 1, beta: 1 }])).rejects.toThrow(/invalid n: got 0/);
    const minusI = [[-1, 0, 0], [0, -1, 0], [0, 0, -1]];
    const broken: ChainConfig = { n: 1, d: 3, depth: 10, beta: 0, sigma: 0, gamma: 10, valueMatrix: minusI, initialTokens: [[1, 0, 0]], paths: 1 };
    await expect(runChainsParallel([configs[1], broken], { workers: 2 })).rejects.toHaveProperty('name', 'NumericalError');
  });

  test('balanceBatches: every index once, sorted within a batch, the largest cost alone when it dominates', () => {
    const costs = [1, 100, 1, 1, 5, 5];
    const b = balanceBatches(costs, 2);
    expect(b.flat().sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const g of b) expect(g).toEqual([...g].sort((x, y) => x - y));
    expect(b).toContainEqual([1]);
    expect(balanceBatches([5, 5], 4)).toHaveLength(2);
    expect(balanceBatches([], 3)).toEqual([]);
  });
});
