/**
 * runChainParallel: bit-identical to runChain for any worker count, errors forwarded with the
 * same message. Workers run dist/src/parallel/worker.js: `npm test` builds first.
 */
import { describe, expect, test } from 'vitest';
import { runChain } from '../simulator/chain.js';
import type { ChainConfig } from '../simulator/config.js';
import { streamRng } from '../rng/streams.js';
import { fillNormal } from '../rng/normal.js';
import { runChainParallel, splitPaths } from './index.js';

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
