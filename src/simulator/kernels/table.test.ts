/**
 * Every layer kernel of the table (./table.ts) keeps its contract (./kernel.ts):
 * - "same bits as X": on the kernel's example configuration, the kernel and X (forced to run the
 *   same configuration) give identical final tokens, bit for bit;
 * - "same law as X": the kernel and X, on the example with independent seeds, give final pairwise
 *   cosines (and, with token output, the first coordinate of every token) with the same law by
 *   two-sample Kolmogorov–Smirnov tests, each at α = 1e-3 / (number of statistics) (Bonferroni:
 *   α = 1e-3 per kernel), N = 2000 paths per side, fixed seeds (deterministic). At this size a
 *   KS test rejects a difference of about 0.07 between the two distribution functions, which the
 *   negative control below (noise scale off by a factor 1.5, the kind of error a kernel with a
 *   wrong covariance makes) exceeds many times over.
 * Dispatch: each configuration below goes to the kernel named.
 */
import { describe, expect, test } from 'vitest';
import { resolveChain, type ChainConfig } from '../config.js';
import { pairCount, pairwiseCosines } from '../tokens.js';
import { ksTwoSample } from '../../stats/ks.js';
import type { KernelRun } from './kernel.js';
import { KERNELS, kernelFor, kernelNamed } from './table.js';

const ALPHA = 1e-3;
const PATHS = 2000;

/** The statistics compared: every pairwise cosine, and the first coordinate of every token when tokens are returned. */
function statistics(r: KernelRun, n: number, d: number, paths: number): Float64Array[] {
  const m = pairCount(n);
  const cos = Array.from({ length: m }, () => new Float64Array(paths));
  const coord = r.finalTokens.length ? Array.from({ length: n }, () => new Float64Array(paths)) : [];
  const pc = new Float64Array(m);
  for (let p = 0; p < paths; p++) {
    if (r.finalCosines) pc.set(r.finalCosines.subarray(p * m, (p + 1) * m));
    else pairwiseCosines(r.finalTokens, n, d, pc, p * n * d);
    for (let k = 0; k < m; k++) cos[k][p] = pc[k];
    for (let i = 0; i < coord.length; i++) coord[i][p] = r.finalTokens[(p * n + i) * d];
  }
  return [...cos, ...coord];
}

/** The smallest KS p-value over the statistics, times their number (Bonferroni), of two runs. */
function lawPValue(a: KernelRun, b: KernelRun, n: number, d: number): number {
  const sa = statistics(a, n, d, PATHS);
  const sb = statistics(b, n, d, PATHS);
  const k = Math.min(sa.length, sb.length);
  let min = 1;
  for (let i = 0; i < k; i++) min = Math.min(min, ksTwoSample(sa[i], sb[i]).pValue);
  return Math.min(1, min * k);
}

describe('kernel table', () => {
  test('names are unique, contracts refer to kernels of the table, and the matrix kernel (the definition) is last', () => {
    const names = KERNELS.map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
    for (const k of KERNELS) {
      const c = k.contract;
      if (c.kind !== 'definition') expect(names).toContain(c.as);
    }
    expect(KERNELS[KERNELS.length - 1].contract.kind).toBe('definition');
  });

  test.each<[string, Omit<ChainConfig, 'depth' | 'beta'>]>([
    ['wasm pair', { n: 2, d: 4 }],
    ['pair', { n: 2, d: 4, key: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] }],
    ['wasm gram', { n: 5, d: 8 }],
    ['gram', { n: 5, d: 8, gamma: 0.3 }],
    ['projected', { n: 5, d: 4, sampling: 'projected' }],
    ['matrix', { n: 5, d: 4 }],
    ['matrix', { n: 2, d: 4, law: 'uniform' }],
    ['matrix', { n: 2, d: 4, sigma: 0 }],
    ['gram state', { n: 3, d: 50, output: 'cosines' }],
  ])('dispatch: %s runs %j', (name, config) => {
    expect(kernelFor(resolveChain({ depth: 10, beta: 1, ...config })).name).toBe(name);
  });
});

describe.each(KERNELS.filter((k) => k.contract.kind !== 'definition').map((k) => [k.name, k] as const))('kernel %s', (_name, kernel) => {
  const contract = kernel.contract;
  if (contract.kind === 'definition') return;
  const reference = kernelNamed(contract.as);

  test(`applies to its example and keeps its contract: ${contract.kind} as ${contract.as}`, () => {
    if (contract.kind === 'same-bits') {
      const c = resolveChain(contract.example);
      expect(kernel.applies(c)).toBe(true);
      const mine = kernel.run(c);
      const theirs = reference.run(c);
      expect(Array.from(mine.finalTokens)).toEqual(Array.from(theirs.finalTokens));
      expect(mine.finalTokens.length).toBeGreaterThan(0);
    } else {
      const c = resolveChain({ ...contract.example, paths: PATHS, seed: 101 });
      expect(kernel.applies(c)).toBe(true);
      const p = lawPValue(kernel.run(c), reference.run(resolveChain({ ...contract.example, paths: PATHS, seed: 202 })), c.n, c.d);
      expect(p).toBeGreaterThan(ALPHA);
    }
  });
});

describe('the same-law check has power', () => {
  test('it rejects the matrix kernel with its noise scale off by a factor 1.5', () => {
    const example: ChainConfig = { n: 3, d: 4, depth: 12, horizon: 1, beta: 1.5, gamma: 0.3, sampling: 'matrix', initialTokens: [[1, 0, 0, 0], [0.6, 0.8, 0, 0], [0, 0.6, 0.8, 0]] };
    const matrix = kernelNamed('matrix');
    const a = matrix.run(resolveChain({ ...example, paths: PATHS, seed: 101 }));
    const b = matrix.run(resolveChain({ ...example, sigma: 1.5, paths: PATHS, seed: 202 }));
    expect(lawPValue(a, b, 3, 4)).toBeLessThan(ALPHA);
  });
});
