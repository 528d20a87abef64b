/**
 * The Gram kernel (./gram.ts): it agrees with Gram–Schmidt on the means (./projected.ts, the
 * kernel that runs when Q = K = I are given explicitly) to rounding, with the same draws. Its law
 * is checked with every other kernel's in ./table.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { runChain } from '../chain.js';
import type { ChainConfig } from '../config.js';

const eye = (d: number) => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));

describe('Cholesky-of-Gram layer (general n, Q = K = I)', () => {
  test('agrees with Gram–Schmidt on the means (the path with Q = K = I given) to rounding, same draws', () => {
    const base: ChainConfig = { n: 16, d: 32, beta: 1, depth: 20, seed: 4, paths: 3, gamma: 0.4 };
    const fast = runChain(base).finalTokens;
    const general = runChain({ ...base, query: eye(32), key: eye(32) }).finalTokens;
    for (let i = 0; i < fast.length; i++) expect(Math.abs(fast[i] - general[i])).toBeLessThan(1e-11);
  });
});
