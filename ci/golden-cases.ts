/**
 * The golden cases: small fixed-seed runs whose exact bits are stored in fixtures/golden/. They
 * cover every code path whose bits a seeded user run depends on: the chain with each entry law and
 * each noise sampling (matrix, projected, the n = 2 pair kernel), snapshots of tokens and cosines,
 * drift with Q, K, V̄ on the RMS sphere, σ = 0, explicit Brownian increments, the SDE solver, the
 * random streams, and a few theory values. Each case's `config` is stored next to its output.
 *
 * Adding a case: append it here and run `npm run golden:update`.
 */
import { runChain } from '../src/simulator/chain.js';
import type { ChainConfig } from '../src/simulator/config.js';
import { blockSums, brownianIncrements, runSde, type SdeConfig } from '../src/sde/index.js';
import { deriveSeed, streamRng } from '../src/rng/streams.js';
import {
  antipodalProbability,
  criticalBeta,
  finiteTimeCdf,
  lyapunovExponentAtAntipode,
  lyapunovExponentAtCollapse,
} from '../src/theory/index.js';

export interface GoldenOutput {
  shape: number[];
  values: Float64Array;
}

export interface GoldenCase {
  id: string;
  description: string;
  /** Plain JSON: everything `generate` reads. */
  config: Record<string, unknown>;
  /** Names of the axes of `shape`, used to locate a differing value. */
  axes: string[];
  generate(config: Record<string, unknown>): GoldenOutput;
}

const TOKENS = ['path', 'token', 'coordinate'];

/** runChain final tokens as [paths, n, d]. */
function chainCase(id: string, description: string, config: ChainConfig): GoldenCase {
  return {
    id,
    description,
    config: config as unknown as Record<string, unknown>,
    axes: TOKENS,
    generate(c) {
      const cfg = c as unknown as ChainConfig;
      const r = runChain(cfg);
      return { shape: [cfg.paths ?? 1, cfg.n, cfg.d], values: r.finalTokens };
    },
  };
}

/** runChain snapshots as [paths, snapshot, entry]. */
function snapshotCase(id: string, description: string, config: ChainConfig): GoldenCase {
  return {
    id,
    description,
    config: config as unknown as Record<string, unknown>,
    axes: ['path', 'snapshot', config.snapshots!.record === 'tokens' ? 'token·d+coordinate' : 'pair'],
    generate(c) {
      const cfg = c as unknown as ChainConfig;
      const s = runChain(cfg).snapshots!;
      return { shape: [cfg.paths ?? 1, s.layers.length, s.size], values: s.data };
    },
  };
}

/** runChain final cosines (output 'cosines') as [paths, pair]. */
function cosineCase(id: string, description: string, config: ChainConfig): GoldenCase {
  return {
    id,
    description,
    config: config as unknown as Record<string, unknown>,
    axes: ['path', 'pair'],
    generate(c) {
      const cfg = c as unknown as ChainConfig;
      const r = runChain(cfg);
      return { shape: [cfg.paths ?? 1, (cfg.n * (cfg.n - 1)) / 2], values: r.finalCosines! };
    },
  };
}

/** Brownian increments of paths 0 … paths−1, concatenated (path-major), as the chain and SDE read them. */
function increments(spec: { d: number; sigma: number; horizon: number; steps: number; seed: number }, paths: number, factor = 1): Float64Array {
  const parts = Array.from({ length: paths }, (_, p) => blockSums(brownianIncrements({ ...spec, path: p }), spec.d, spec.steps, factor));
  const out = new Float64Array(parts.reduce((a, x) => a + x.length, 0));
  parts.reduce((o, x) => (out.set(x, o), o + x.length), 0);
  return out;
}

const X3 = [[1, 0, 0], [0.6, 0.8, 0], [0, 0.28, 0.96]];

export const GOLDEN_CASES: GoldenCase[] = [
  chainCase('chain-gaussian-matrix', 'chain, Gaussian entries, full d×d matrices (sampling "matrix")', {
    n: 3, d: 4, depth: 40, horizon: 2, beta: 1.5, sigma: 1, paths: 3, seed: 11, law: 'gaussian', sampling: 'matrix',
  }),
  chainCase('chain-gaussian-projected', 'chain, Gaussian entries, projected sampling (the default for n < d)', {
    n: 3, d: 6, depth: 40, horizon: 2, beta: 1, sigma: 1, paths: 3, seed: 12, law: 'gaussian', sampling: 'auto',
  }),
  chainCase('chain-gaussian-pair', 'chain, n = 2 from a fixed start: the fused pair kernel of projected sampling', {
    n: 2, d: 5, depth: 60, horizon: 3, beta: 2, sigma: 1, paths: 3, seed: 13, initialTokens: [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0]],
  }),
  chainCase('chain-uniform', 'chain, uniform (Kaiming-uniform) entries', {
    n: 3, d: 3, depth: 40, horizon: 2, beta: 1, sigma: 1, paths: 2, seed: 14, law: 'uniform',
  }),
  chainCase('chain-rademacher', 'chain, Rademacher entries', {
    n: 3, d: 3, depth: 40, horizon: 2, beta: 1, sigma: 1, paths: 2, seed: 15, law: 'rademacher',
  }),
  chainCase('chain-drift-qkv-rms', 'chain with γ > 0, V̄, Q, K matrices, given start, RMS sphere', {
    n: 3, d: 3, depth: 30, horizon: 1.5, beta: 0.8, sigma: 0.7, gamma: 0.5, paths: 2, seed: 16, sphere: 'rms',
    valueMatrix: [[1, 0.2, 0], [0, 0.9, 0.1], [0.3, 0, 1.1]],
    query: [[1, 0, 0.5], [0, 1, 0], [0, 0, 1]],
    key: [[0.8, 0, 0], [0.1, 1, 0], [0, 0, 1.2]],
    initialTokens: X3.map((r) => r.map((v) => v * Math.sqrt(3))),
  }),
  chainCase('chain-sigma0', 'chain with σ = 0: the deterministic attention flow (no draws)', {
    n: 3, d: 3, depth: 50, horizon: 2, beta: 1, sigma: 0, gamma: 1, paths: 1, seed: 17, initialTokens: X3,
  }),
  snapshotCase('chain-snapshots-tokens', 'chain snapshots of the tokens every 10 layers', {
    n: 2, d: 3, depth: 30, horizon: 1, beta: 1, sigma: 1, paths: 2, seed: 18, snapshots: { stride: 10, record: 'tokens' },
  }),
  snapshotCase('chain-snapshots-cosines', 'chain snapshots of the pairwise cosines every 7 layers', {
    n: 4, d: 3, depth: 30, horizon: 1, beta: 2, sigma: 1, paths: 2, seed: 19, snapshots: { stride: 7, record: 'cosines' },
  }),
  cosineCase('chain-gram-state-pair', 'Gram-state kernel, n = 2 (half-angle chain) from a fixed start, with drift, cosine output', {
    n: 2, d: 64, depth: 60, horizon: 3, beta: 3, sigma: 1, gamma: 0.5, paths: 3, seed: 24, output: 'cosines',
    initialTokens: [Array.from({ length: 64 }, (_, a) => (a === 0 ? 1 : 0)), Array.from({ length: 64 }, (_, a) => (a === 1 ? 1 : 0))],
  }),
  cosineCase('chain-gram-state-general', 'Gram-state kernel, n = 5, uniform starts (Bartlett), d < 2n, cosine output chosen by sampling "auto"', {
    n: 5, d: 7, depth: 40, horizon: 2, beta: 1.5, sigma: 1, gamma: 0.2, paths: 3, seed: 25, output: 'cosines',
  }),
  chainCase('chain-gram-state-tokens', 'Gram-state kernel, n = 3, uniform starts, final tokens placed by a uniform random frame', {
    n: 3, d: 16, depth: 30, horizon: 1, beta: 2, sigma: 1, paths: 2, seed: 26, sampling: 'gram-state',
  }),
  snapshotCase('chain-gram-state-snapshots', 'Gram-state kernel, n = 2, uniform starts, cosine snapshots every 10 layers', {
    n: 2, d: 512, depth: 30, horizon: 1, beta: 3, sigma: 1, paths: 2, seed: 27, output: 'cosines', snapshots: { stride: 10, record: 'cosines' },
  }),
  {
    id: 'chain-explicit-increments',
    description: 'chain driven by block sums of brownianIncrements (the strong-order coupling)',
    config: { chain: { n: 2, d: 3, depth: 16, horizon: 1, beta: 1, sigma: 1, paths: 2, initialTokens: [[1, 0, 0], [0, 1, 0]] }, brownian: { d: 3, sigma: 1, horizon: 1, steps: 64, seed: 20 }, factor: 4 },
    axes: TOKENS,
    generate(c) {
      const { chain, brownian, factor } = c as { chain: ChainConfig; brownian: { d: number; sigma: number; horizon: number; steps: number; seed: number }; factor: number };
      const r = runChain({ ...chain, noise: { kind: 'increments', data: increments(brownian, chain.paths!, factor) } });
      return { shape: [chain.paths!, chain.n, chain.d], values: r.finalTokens };
    },
  },
  {
    id: 'sde-increments',
    description: 'runSde (projected Euler–Maruyama) on given brownianIncrements',
    config: { sde: { n: 2, d: 3, steps: 64, horizon: 1, beta: 1, sigma: 1, paths: 2, initialTokens: [[1, 0, 0], [0.6, 0.8, 0]] }, brownian: { d: 3, sigma: 1, horizon: 1, steps: 64, seed: 21 } },
    axes: TOKENS,
    generate(c) {
      const { sde, brownian } = c as { sde: SdeConfig; brownian: { d: number; sigma: number; horizon: number; steps: number; seed: number } };
      const r = runSde({ ...sde, increments: increments(brownian, sde.paths!) });
      return { shape: [sde.paths!, sde.n, sde.d], values: r.finalTokens };
    },
  },
  {
    id: 'sde-seeded',
    description: 'runSde with seeded Brownian paths and uniform random starts',
    config: { n: 3, d: 4, steps: 50, horizon: 1, beta: 1.5, sigma: 1, gamma: 0.2, paths: 2, seed: 22 },
    axes: TOKENS,
    generate(c) {
      const cfg = c as unknown as SdeConfig;
      return { shape: [cfg.paths!, cfg.n, cfg.d], values: runSde(cfg).finalTokens };
    },
  },
  {
    id: 'brownian-increments',
    description: 'brownianIncrements: the raw matrix Brownian increments of one path',
    config: { d: 2, sigma: 1.3, horizon: 2, steps: 8, seed: 23, path: 1 },
    axes: ['step', 'entry'],
    generate(c) {
      const spec = c as { d: number; sigma: number; horizon: number; steps: number; seed: number; path: number };
      return { shape: [spec.steps, spec.d * spec.d], values: brownianIncrements(spec) };
    },
  },
  {
    id: 'rng-streams',
    description: 'streamRng: first doubles of two streams; deriveSeed of four labels',
    config: { streams: [{ seed: 7, ids: [0, 12] }, { seed: 2 ** 40 + 3, ids: [1, 5, 9] }], draws: 6, deriveSeed: { seed: 5, labels: [0, 1, 2, 1000] } },
    axes: ['value'],
    generate(c) {
      const { streams, draws, deriveSeed: ds } = c as { streams: { seed: number; ids: number[] }[]; draws: number; deriveSeed: { seed: number; labels: number[] } };
      const out: number[] = [];
      for (const s of streams) {
        const g = streamRng(s.seed, s.ids);
        for (let k = 0; k < draws; k++) out.push(g.nextDouble());
      }
      for (const l of ds.labels) out.push(deriveSeed(ds.seed, [l]));
      return { shape: [out.length], values: Float64Array.from(out) };
    },
  },
  {
    id: 'theory-values',
    description: 'theory oracle: long-run and finite-time antipodal probabilities, β*, Lyapunov exponents',
    config: {
      longRun: [{ rho0: 0, beta: 1, d: 3, sigma: 1, gamma: 0 }, { rho0: 0.5, beta: 1.5, d: 4, sigma: 1, gamma: 0 }, { rho0: -0.3, beta: 2, d: 6, sigma: 0.5, gamma: 0.01 }],
      finiteTime: [{ r: -0.99, rho0: 0, T: 20, beta: 1, d: 3, sigma: 1, gamma: 0 }, { r: -0.99, rho0: 0, T: 20, beta: 2, d: 10, sigma: 1, gamma: 0 }],
      criticalBeta: [{ d: 4, sigma: 1, gamma: 0 }, { d: 6, sigma: 1, gamma: 0.1 }],
      lyapunov: [{ beta: 1.5, d: 4, sigma: 1, gamma: 0.2 }],
    },
    axes: ['value'],
    generate(c) {
      type P = { beta: number; d: number; sigma: number; gamma: number };
      const t = c as { longRun: (P & { rho0: number })[]; finiteTime: (P & { r: number; rho0: number; T: number })[]; criticalBeta: { d: number; sigma: number; gamma: number }[]; lyapunov: P[] };
      const out = [
        ...t.longRun.map((p) => antipodalProbability(p.rho0, p)),
        ...t.finiteTime.map((p) => finiteTimeCdf(p.r, p.rho0, p.T, p)),
        ...t.criticalBeta.map((p) => criticalBeta(p.d, p.sigma, p.gamma)),
        ...t.lyapunov.flatMap((p) => [lyapunovExponentAtCollapse(p), lyapunovExponentAtAntipode(p)]),
      ];
      return { shape: [out.length], values: Float64Array.from(out) };
    },
  },
];
