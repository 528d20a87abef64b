/**
 * The common matrix Brownian motion W_t of the limit SDE: d×d independent Brownian motions, each
 * of variance s²·t with s² = σ²/d. A path on a grid of `steps` steps over [0, T] is stored as its
 * increments ΔW_j (row-major d×d each, step-major), drawn from stream (seed, [BROWNIAN, path]).
 *
 * Coupling (docs/model.md#strong-order): the chain with L layers is driven by the block sums of a finer path with
 * L·r steps, ΔW_k = Σ_{j=kr}^{kr+r−1} ΔW_j, i.e. V_k = ΔW_k/√h. `blockSums` computes exactly these
 * sums, in index order, so a chain run on them sees the same Brownian path as the SDE solver.
 *
 * @example
 * const fine = brownianIncrements({ d: 3, sigma: 1, horizon: 1, steps: 1024, seed: 5, path: 0 });
 * const coarse = blockSums(fine, 3, 1024, 64); // 16 increments for a 16-layer chain
 */
import { fillNormal } from '../rng/normal.js';
import { STREAM_BROWNIAN, streamRng } from '../rng/streams.js';
import { ConfigError } from '../util/errors.js';
import { requireInteger, requireNumber } from '../util/validate.js';

export interface BrownianSpec {
  d: number;
  sigma: number;
  horizon: number;
  steps: number;
  seed: number;
  /** Path index (stream id), default 0. */
  path?: number;
}

/** Increments of the matrix Brownian motion on a uniform grid: steps·d·d numbers. */
export function brownianIncrements(spec: BrownianSpec): Float64Array {
  const d = requireInteger('d', spec.d, 2, 4096);
  const sigma = requireNumber('sigma', spec.sigma, { min: 0 });
  const horizon = requireNumber('horizon', spec.horizon, { min: 0, strictMin: true });
  const steps = requireInteger('steps', spec.steps, 1, 1e9);
  const seed = requireInteger('seed', spec.seed, 0, Number.MAX_SAFE_INTEGER);
  const path = requireInteger('path', spec.path ?? 0, 0, Number.MAX_SAFE_INTEGER);
  const out = new Float64Array(steps * d * d);
  const sd = sigma * Math.sqrt(horizon / steps / d);
  fillNormal(streamRng(seed, [STREAM_BROWNIAN, path]), out, sd);
  return out;
}

/**
 * Coarsen increments of a `steps`-step path by `factor`: increment k of the result is the sum of
 * fine increments k·factor … k·factor+factor−1, added in index order.
 */
export function blockSums(increments: Float64Array, d: number, steps: number, factor: number): Float64Array {
  requireInteger('factor', factor, 1);
  if (steps % factor !== 0) throw new ConfigError('factor', factor, `a divisor of the number of steps ${steps}`);
  if (increments.length !== steps * d * d) {
    throw new ConfigError('increments', increments, `a Float64Array of length steps·d·d = ${steps * d * d}`);
  }
  const dd = d * d;
  const coarse = steps / factor;
  const out = new Float64Array(coarse * dd);
  for (let k = 0; k < coarse; k++) {
    const o = k * dd;
    for (let j = k * factor; j < (k + 1) * factor; j++) {
      const f = j * dd;
      for (let e = 0; e < dd; e++) out[o + e] += increments[f + e];
    }
  }
  return out;
}
