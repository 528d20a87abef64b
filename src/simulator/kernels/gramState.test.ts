/**
 * The Gram-state kernel is the same chain (in law) as the token kernels, and the exact law for
 * n = 2; plus its exact properties and configuration rules.
 *
 * Law family (fixed seeds, deterministic in CI): d ∈ {2 (n = 3 only), 3, 4, 16, 64} × n ∈ {2, 3, 8} ×
 * γ ∈ {0, 0.5}, 2000 paths per kernel (independent seeds), L = 20, T = 1, β = 1.5, uniform starts.
 * Statistics: ρ_T = ⟨x₁, x₂⟩ and, for n ≥ 3, the per-path mean of all pairwise cosines. Two-sample
 * KS on every statistic, Holm at α = 0.005 over the family; k-sample Anderson–Darling on ρ_T, Holm at
 * α = 0.03 over its 26 tests (its p-values are clipped below at 0.001, so the family level must
 * exceed 26 × 0.001 for AD to be able to reject at all). Family-wise false-alarm rate ≤ 0.035.
 * Power: at Holm's smallest level 0.005/44 ≈ 1.1e-4 two-sample KS with 2000 + 2000 draws rejects a
 * CDF difference above ≈ 0.07; the same test rejects the kernel with its Wishart degrees of
 * freedom off by two (a d − r error) — checked below — and the projected-sampling tests showed a
 * 15% error in σ is rejected at 4000 paths.
 *
 * Exact law (n = 2): Pearson χ² on the limit-law claim's 8 fixed bins, 4000 paths, Bonferroni
 * α = 0.01/4 (d = 2, 3, 16, 64), at L = 4000. The chain's weak bias is O(h) and grows with σ²h: at L = 1000 the
 * d = 64, σ = 2 case is off the continuous law by a non-centrality of ≈ 29 at 200000 paths
 * (p = 8e-6 with this kernel, 1.5e-4 with the JavaScript half-angle kernel it replaced: the two agree,
 * two-sample KS p = 0.29 at 100000 paths each), i.e. ≈ 0.6 at 4000 paths — enough to double the
 * false-alarm rate. At L = 4000 the same 200000 paths give p = 0.28, so the bias is negligible
 * at the 4000 paths used here.
 */
import { describe, expect, test } from 'vitest';
import { runChain } from '../chain.js';
import { resolveChain, type ChainConfig } from '../config.js';
import { ksTwoSample } from '../../stats/ks.js';
import { andersonDarlingKSample } from '../../stats/andersonDarling.js';
import { holm } from '../../stats/multiplicity.js';
import { binnedFit } from '../../stats/binnedLaw.js';
import { finiteTimeCdf } from '../../theory/index.js';
import { streamRng, STREAM_NOISE } from '../../rng/streams.js';
import { PairGramState } from './gramState.js';
import { seedState256, wasmChi } from '../wasm/module.js';
import { chiSquareShape } from '../../rng/gamma.js';
import kstest from '@stdlib/stats-kstest';

const PATHS = 2000;

/** ρ_T and, for n ≥ 3, the mean pairwise cosine of every path. */
function statistics(cfg: ChainConfig): { rho: Float64Array; mean: Float64Array | null } {
  const r = runChain({ ...cfg, output: 'cosines' });
  const m = (cfg.n * (cfg.n - 1)) / 2;
  const M = cfg.paths!;
  const rho = new Float64Array(M);
  const mean = cfg.n > 2 ? new Float64Array(M) : null;
  for (let p = 0; p < M; p++) {
    rho[p] = r.finalCosines![p * m];
    if (mean) {
      let s = 0;
      for (let k = 0; k < m; k++) s += r.finalCosines![p * m + k];
      mean[p] = s / m;
    }
  }
  return { rho, mean };
}

describe('the Gram-state kernel has the law of the token kernels', () => {
  test('KS (Holm α = 0.005) and AD (Holm α = 0.03) over d × n × γ', () => {
    const ks: { name: string; p: number }[] = [];
    const ad: { name: string; p: number }[] = [];
    let cell = 0;
    for (const n of [2, 3, 8]) {
      for (const d of n === 3 ? [2, 3, 4, 16, 64] : [3, 4, 16, 64]) {
        for (const gamma of [0, 0.5]) {
          const base: ChainConfig = { n, d, depth: 20, horizon: 1, beta: 1.5, gamma, paths: PATHS };
          const ref = statistics({ ...base, seed: 1000 + cell, sampling: n < d ? 'projected' : 'matrix' });
          const gs = statistics({ ...base, seed: 2000 + cell, sampling: 'gram-state' });
          cell++;
          const name = `n=${n} d=${d} γ=${gamma}`;
          ks.push({ name: `${name} ρ_T`, p: ksTwoSample(ref.rho, gs.rho).pValue });
          ad.push({ name: `${name} ρ_T`, p: andersonDarlingKSample([ref.rho, gs.rho]).pValue });
          if (ref.mean && gs.mean) ks.push({ name: `${name} mean cosine`, p: ksTwoSample(ref.mean, gs.mean).pValue });
        }
      }
    }
    const rejectedKs = holm(ks.map((t) => t.p), 0.005).rejected;
    const rejectedAd = holm(ad.map((t) => t.p), 0.03).rejected;
    expect(ks.filter((_, i) => rejectedKs[i]).map((t) => `${t.name}: p=${t.p}`)).toEqual([]);
    expect(ad.filter((_, i) => rejectedAd[i]).map((t) => `${t.name}: p=${t.p}`)).toEqual([]);
  }, 600_000);

  test('power: the pair kernel with Wishart degrees of freedom off by two is rejected by the same KS test', () => {
    const d = 4;
    const depth = 20;
    const h = 1 / depth;
    const e = (k: number, dim: number) => Array.from({ length: dim }, (_, a) => (a === k ? 1 : 0));
    const ref = statistics({ n: 2, d, depth, horizon: 1, beta: 1.5, paths: PATHS, seed: 3000, sampling: 'projected', initialTokens: [e(0, d), e(1, d)] });
    // Same sd (σ√h/√d) and start, but the orthogonal part drawn as if the tokens lived in R^{d+2}.
    const wrong = new PairGramState({ n: 2, d: d + 2, beta: 1.5, sd: Math.sqrt(h / d), hg: 0 });
    const start = Float64Array.from([...e(0, d + 2), ...e(1, d + 2)]);
    const rho = new Float64Array(PATHS);
    for (let p = 0; p < PATHS; p++) {
      wrong.initFromTokens(start);
      wrong.layers([streamRng(3001, [STREAM_NOISE, p])], depth);
      rho[p] = wrong.cosine();
    }
    expect(ksTwoSample(ref.rho, rho).pValue).toBeLessThan(0.005 / 44);
  });
});

describe('the χ variates of the pair kernel (WebAssembly), tested like the JS sampler (gamma.test.ts)', () => {
  // One Marsaglia–Tsang trial in SIMD lanes, the logarithm test and fresh trials in scalar code:
  // at 2 degrees of freedom the squeeze fails in about 10% of trials, so 1e4 draws take the
  // scalar path ~1000 times. KS on 1e4 squared draws against @stdlib's χ² CDF, α = 1e-3 each:
  // detects a CDF error of about 0.02 (see gamma.test.ts).
  test.each([1, 2, 3, 5, 62, 1021])('χ_%s squared passes a KS test against the chi-square CDF', (dof) => {
    const states = new Uint32Array(16);
    seedState256(streamRng(41, [dof, 0]), states.subarray(0, 8));
    seedState256(streamRng(41, [dof, 1]), states.subarray(8, 16));
    const s = chiSquareShape(dof);
    const x = wasmChi(states, 5000, dof, s.c, s.k).map((v) => v * v);
    expect(kstest(x, 'chisquare', dof).pValue).toBeGreaterThan(1e-3);
  });

  test('the check can fail: a wrong shape constant is rejected', () => {
    const states = new Uint32Array(16);
    seedState256(streamRng(42, [0]), states.subarray(0, 8));
    seedState256(streamRng(42, [1]), states.subarray(8, 16));
    const s = chiSquareShape(64);
    const x = wasmChi(states, 5000, 62, s.c, s.k).map((v) => v * v);
    expect(kstest(x, 'chisquare', 62).pValue).toBeLessThan(1e-3);
  });
});

describe('the Gram-state kernel against the exact law of ρ_T (n = 2)', () => {
  const EDGES = [-1, -0.9, -0.6, -0.3, 0, 0.3, 0.6, 0.9, 1];
  const CONFIGS = [
    { d: 3, beta: 1, sigma: 1, gamma: 0, horizon: 1, rho0: 0 },
    { d: 16, beta: 2.5, sigma: 1.5, gamma: 0.5, horizon: 1, rho0: 0.3 },
    { d: 64, beta: 3, sigma: 2, gamma: 0, horizon: 2, rho0: -0.2 },
    // d = 2: the pair spans all of R², no orthogonal part (a third component here once gave
    // P(ρ_T < −0.99) = 0.57 against 0.39 at T = 10; invisible to the short-horizon family above).
    { d: 2, beta: 2, sigma: 1, gamma: 0, horizon: 10, rho0: 0 },
  ];
  test.each(CONFIGS)('%o: Pearson χ² on 8 bins, α = 0.01/4', (c) => {
    const x2 = [Math.sqrt(1 - c.rho0 * c.rho0), c.rho0, ...new Array(c.d - 2).fill(0)];
    const x1 = [0, 1, ...new Array(c.d - 2).fill(0)];
    const r = runChain({ n: 2, d: c.d, depth: 4000, horizon: c.horizon, beta: c.beta, sigma: c.sigma, gamma: c.gamma, paths: 4000, seed: 77, initialTokens: [x1, x2], output: 'cosines' });
    expect(r.config.sampling).toBe('gram-state');
    const params = { d: c.d, beta: c.beta, sigma: c.sigma, gamma: c.gamma };
    const fit = binnedFit(r.finalCosines!, EDGES, (t) => finiteTimeCdf(t, c.rho0, c.horizon, params));
    expect(fit.pValue).toBeGreaterThan(0.01 / CONFIGS.length);
  }, 120_000);
});

describe('exact properties and configuration', () => {
  test('identical tokens stay identical and an antipodal pair stays antipodal (cosines exactly ±1)', () => {
    const e = (k: number, d: number) => Array.from({ length: d }, (_, a) => (a === k ? 1 : 0));
    const d = 32;
    const same = runChain({ n: 4, d, depth: 50, beta: 2, gamma: 0.3, paths: 5, seed: 1, initialTokens: [e(0, d), e(1, d), e(0, d), e(2, d)], output: 'cosines' });
    for (let p = 0; p < 5; p++) expect(same.finalCosines![p * 6 + 1]).toBe(1); // pair (0, 2)
    const anti = runChain({ n: 2, d, depth: 50, beta: 2, gamma: 0.3, paths: 5, seed: 1, initialTokens: [e(0, d), e(0, d).map((v) => -v)], output: 'cosines' });
    for (let p = 0; p < 5; p++) expect(anti.finalCosines![p]).toBe(-1);
  });

  test("a path's bits depend only on (seed, path): split runs agree with one run", () => {
    for (const n of [2, 5]) {
      const cfg: ChainConfig = { n, d: 40, depth: 30, beta: 1, gamma: 0.2, seed: 9, sampling: 'gram-state', output: 'cosines' };
      const all = runChain({ ...cfg, paths: 6 }).finalCosines!;
      // Paths 3 … 5 ran in lanes 3, 0, 1 of the four-lane pair kernel; alone, in lanes 0, 1, 2.
      const tail = runChain({ ...cfg, paths: 3, firstPath: 3 }).finalCosines!;
      const m = (n * (n - 1)) / 2;
      expect(Array.from(tail)).toEqual(Array.from(all.subarray(3 * m)));
      expect(Array.from(runChain({ ...cfg, paths: 6 }).finalCosines!)).toEqual(Array.from(all));
    }
  });

  test('final tokens (uniform starts) lie on the requested sphere and have the Gram state’s cosines', () => {
    for (const [n, sphere] of [[2, 'unit'], [5, 'rms']] as const) {
      const d = 24;
      const cfg: ChainConfig = { n, d, depth: 30, beta: 1, seed: 4, paths: 3, sampling: 'gram-state', sphere };
      const tok = runChain(cfg).finalTokens;
      const cos = runChain({ ...cfg, output: 'cosines' }).finalCosines!;
      const radius = sphere === 'rms' ? Math.sqrt(d) : 1;
      const m = (n * (n - 1)) / 2;
      for (let p = 0; p < 3; p++) {
        let k = 0;
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let a = 0; a < d; a++) s += tok[(p * n + i) * d + a] ** 2;
          expect(Math.abs(Math.sqrt(s) - radius)).toBeLessThan(1e-12 * radius);
          for (let j = i + 1; j < n; j++) {
            let c = 0;
            for (let a = 0; a < d; a++) c += tok[(p * n + i) * d + a] * tok[(p * n + j) * d + a];
            expect(Math.abs(c / radius ** 2 - cos[p * m + k++])).toBeLessThan(1e-12);
          }
        }
      }
    }
  });

  test('reconstructed final tokens have the law of the token kernel’s (a coordinate, two-sample KS α = 1e-3)', () => {
    const cfg: ChainConfig = { n: 3, d: 8, depth: 20, beta: 1.5, paths: 3000 };
    const a = runChain({ ...cfg, seed: 5, sampling: 'projected' }).finalTokens;
    const b = runChain({ ...cfg, seed: 6, sampling: 'gram-state' }).finalTokens;
    const first = (x: Float64Array) => Float64Array.from({ length: cfg.paths! }, (_, p) => x[p * 3 * 8 + 8]);
    expect(ksTwoSample(first(a), first(b)).pValue).toBeGreaterThan(1e-3);
  });

  test("'auto' picks gram-state exactly where it applies, only for cosine output, and records it", () => {
    const base: ChainConfig = { n: 3, d: 16, depth: 4, beta: 1 };
    expect(resolveChain({ ...base, output: 'cosines' }).sampling).toBe('gram-state');
    expect(runChain({ ...base, output: 'cosines' }).config.sampling).toBe('gram-state');
    expect(resolveChain(base).sampling).toBe('projected');
    expect(resolveChain({ ...base, output: 'cosines', law: 'uniform' }).sampling).toBe('matrix');
    expect(resolveChain({ ...base, output: 'cosines', snapshots: { stride: 2, record: 'tokens' } }).sampling).toBe('projected');
    const I = Array.from({ length: 16 }, (_, i) => Array.from({ length: 16 }, (_, j) => (i === j ? 2 : 0)));
    expect(resolveChain({ ...base, output: 'cosines', valueMatrix: I }).sampling).toBe('projected');
  });

  test("explicit 'gram-state' outside its scope is a ConfigError", () => {
    const x = [[1, 0, 0], [0, 1, 0]];
    expect(() => resolveChain({ n: 2, d: 3, depth: 4, beta: 1, sampling: 'gram-state', initialTokens: x })).toThrow(/gram-state/);
    expect(() => resolveChain({ n: 2, d: 3, depth: 4, beta: 1, sampling: 'gram-state', law: 'rademacher' })).toThrow(/gram-state/);
    expect(resolveChain({ n: 2, d: 3, depth: 4, beta: 1, sampling: 'gram-state', initialTokens: x, output: 'cosines' }).sampling).toBe('gram-state');
  });

  test('cosine snapshots agree with the final cosines and start at the initial Gram matrix', () => {
    const r = runChain({ n: 3, d: 50, depth: 20, beta: 1, paths: 2, seed: 3, output: 'cosines', snapshots: { stride: 5, record: 'cosines' } });
    const s = r.snapshots!;
    expect(s.layers).toEqual([0, 5, 10, 15, 20]);
    for (let p = 0; p < 2; p++) {
      for (let k = 0; k < 3; k++) expect(s.data[(p * 5 + 4) * 3 + k]).toBe(r.finalCosines![p * 3 + k]);
    }
  });
});
