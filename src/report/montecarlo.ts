/** Two-token runs for the figures: final cosines over worker threads, cosine paths in-process. */
import { runChainParallel } from '../parallel/index.js';
import { twoTokenStart } from '../simulator/tokens.js';
import { toRows } from '../simulator/tokens.js';

export interface PairRun {
  d: number;
  beta: number;
  horizon: number;
  depth: number;
  paths: number;
  rho0: number;
  seed: number;
}

/** Final cosines ρ_T of `paths` two-token paths (σ = 1, γ = 0) on one worker thread (Gram-state kernel). */
export async function finalCosines(run: PairRun): Promise<Float64Array> {
  const { d } = run;
  const r = await runChainParallel(
    {
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
      // Cosines only: 'auto' runs the Gram-state kernel (exact in law, cost independent of d).
      output: 'cosines',
    },
    // One worker per run: the caller runs several runs at once.
    { workers: 1 },
  );
  return r.finalCosines!;
}
