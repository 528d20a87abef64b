/**
 * The discrete chain (docs/model.md#the-discrete-chain): one Transformer layer per step,
 *
 *   A = softmax_j(β⟨Q x_i, K x_j⟩),  m_i = Σ_j A_ij x_j,
 *   y_i = x_i + h·γ·V̄ m_i + √h·V_k m_i,  x_i ← y_i/|y_i|,
 *
 * with h = T/L and one value matrix V_k (entries of variance σ²/d) per layer, shared by all tokens.
 *
 * This module validates the configuration and dispatches to the first layer kernel of the table
 * (kernels/table.ts) that applies; each kernel states its stream layout and its contract ("same
 * bits as" or "same law as" another kernel; the matrix kernel, kernels/matrix.ts, is the
 * definition). A path's bits depend only on (seed, p), the configuration and the kernel, never on
 * how many paths are run together, in which order, or by how many workers.
 *
 * @example
 * const r = runChain({ n: 2, d: 3, depth: 200, beta: 1, seed: 7 });
 * r.finalTokens; // Float64Array of paths·n·d numbers on the unit sphere
 */
import { describeModel, resolveChain, type ChainConfig, type ResolvedChain } from './config.js';
import { pairCount, pairwiseCosines, rmsRadius } from './tokens.js';
import type { KernelRun, OnPath } from './kernels/kernel.js';
import { kernelFor } from './kernels/table.js';

export { chainLayer } from './kernels/matrix.js';
export { initialTokensOfPath } from './kernels/tokenPaths.js';

export interface ChainResult extends KernelRun {
  /** The validated configuration as plain data. */
  config: Record<string, unknown>;
}

/** Run the discrete chain for every configured path. */
export function runChain(config: ChainConfig, onPath?: OnPath): ChainResult {
  const c = resolveChain(config);
  return runResolvedChain(c, onPath);
}

/** Run an already validated chain configuration with the kernel that applies to it. */
export function runResolvedChain(c: ResolvedChain, onPath?: OnPath): ChainResult {
  const r = { config: describeChain(c), ...kernelFor(c).run(c, onPath) };
  if (c.output === 'cosines' && r.finalCosines === null) {
    const m = pairCount(c.n);
    const cos = new Float64Array(c.paths * m);
    const scale = c.sphere === 'rms' ? 1 / rmsRadius(c.d) : 1;
    const x = new Float64Array(c.n * c.d);
    for (let p = 0; p < c.paths; p++) {
      const o = p * c.n * c.d;
      for (let a = 0; a < x.length; a++) x[a] = r.finalTokens[o + a] * scale;
      pairwiseCosines(x, c.n, c.d, cos, 0, p * m);
    }
    return { ...r, finalTokens: new Float64Array(0), finalCosines: cos };
  }
  return r;
}

/** The configuration echoed in every result: the model, depth, law, noise, sampling and output. */
export function describeChain(c: ResolvedChain): Record<string, unknown> {
  return { ...describeModel(c), depth: c.depth, law: c.law, noise: c.noise ? c.noise.kind : 'seeded', sampling: c.sampling, output: c.output };
}
