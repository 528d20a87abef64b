/** Two-token runs for the figures: the chain configuration of a (β, d) cell. */
import type { ChainConfig } from '../simulator/config.js';
import { toRows, twoTokenStart } from '../simulator/tokens.js';

export interface PairRun {
  d: number;
  beta: number;
  horizon: number;
  depth: number;
  paths: number;
  rho0: number;
  seed: number;
}

/**
 * `paths` two-token paths (σ = 1, γ = 0) from cosine ρ0, with cosine output: 'auto' then runs the
 * Gram-state kernel (exact in law, cost per layer independent of d).
 */
export function pairRunConfig(run: PairRun): ChainConfig {
  const { d } = run;
  return {
    n: 2,
    d,
    depth: run.depth,
    horizon: run.horizon,
    beta: run.beta,
    sigma: 1,
    gamma: 0,
    paths: run.paths,
    seed: run.seed,
    initialTokens: toRows(twoTokenStart(run.rho0, d), 2, d),
    output: 'cosines',
  };
}
