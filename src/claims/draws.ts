/**
 * Drawing Monte Carlo samples from a simulator under test: requests in batches (each with its
 * own derived seed, so batches are independent paths), reply checks (shape, finiteness, sphere),
 * and the statistics the specs compare with theory.
 */
import { deriveSeed } from '../rng/streams.js';
import { firstPairCosines, twoTokenStart } from '../simulator/tokens.js';
import type { ChainReply, ChainRequest, Simulator } from './simulatorUnderTest.js';

/** Checks a reply: the right number of finite tokens, on the unit sphere within `tol`. */
export function checkReply(req: ChainRequest, reply: ChainReply, tol = 1e-6): void {
  const expected = req.paths * req.n * req.d;
  const x = reply?.finalTokens;
  if (!(x instanceof Float64Array) || x.length !== expected) {
    throw new Error(`simulator returned ${x instanceof Float64Array ? x.length : typeof x} final-token numbers, expected paths·n·d = ${expected}`);
  }
  for (let k = 0; k < x.length; k++) {
    if (!Number.isFinite(x[k])) throw new Error(`simulator returned a non-finite token entry (${x[k]}) at index ${k}`);
  }
  for (let t = 0; t < req.paths * req.n; t++) {
    let s = 0;
    for (let a = 0; a < req.d; a++) s += x[t * req.d + a] ** 2;
    if (Math.abs(Math.sqrt(s) - 1) > tol) {
      throw new Error(`simulator returned token ${t % req.n} of path ${Math.floor(t / req.n)} with norm ${Math.sqrt(s)}, not on the unit sphere`);
    }
  }
}

export interface BatchPlan {
  /** Total paths. */
  paths: number;
  /** Paths per request (default 500). */
  batch?: number;
  /** Progress callback with the fraction of paths done. */
  progress?: (fraction: number) => void;
  /** Skip the unit-sphere check (the sphere spec checks it itself, with its own tolerance). */
  skipSphereCheck?: boolean;
}

/**
 * Run `template` for `plan.paths` paths in batches and return all final tokens
 * (paths·n·d, path-major). Batch b uses seed deriveSeed(seed, [b]).
 */
export async function sampleFinalTokens(
  sim: Simulator,
  template: Omit<ChainRequest, 'paths' | 'seed'>,
  seed: number,
  plan: BatchPlan,
): Promise<Float64Array> {
  const batch = plan.batch ?? 500;
  const nd = template.n * template.d;
  const out = new Float64Array(plan.paths * nd);
  for (let b = 0, done = 0; done < plan.paths; b++) {
    const paths = Math.min(batch, plan.paths - done);
    const req: ChainRequest = { ...template, paths, seed: deriveSeed(seed, [b]) };
    const reply = await sim.runChain(req);
    checkReply(req, reply, plan.skipSphereCheck ? Infinity : 1e-6);
    out.set(reply.finalTokens, done * nd);
    done += paths;
    plan.progress?.(done / plan.paths);
  }
  return out;
}

/**
 * Final cosines of two-token runs from cosine ρ0: through the simulator's `runCosines` when it
 * has one (the reference simulator's Gram-state kernel, same batches and seeds), else the cosines
 * of runChain's final tokens.
 */
export async function sampleFinalCosines(
  sim: Simulator,
  template: Omit<ChainRequest, 'paths' | 'seed' | 'initialTokens' | 'n'> & { rho0: number },
  seed: number,
  plan: BatchPlan,
): Promise<Float64Array> {
  const { rho0, ...rest } = template;
  const request = { ...rest, n: 2, initialTokens: twoTokenStart(rho0, rest.d) };
  if (!sim.runCosines) return firstPairCosines(await sampleFinalTokens(sim, request, seed, plan), 2, rest.d);
  const batch = plan.batch ?? 500;
  const out = new Float64Array(plan.paths);
  for (let b = 0, done = 0; done < plan.paths; b++) {
    const paths = Math.min(batch, plan.paths - done);
    const reply = await sim.runCosines({ ...request, paths, seed: deriveSeed(seed, [b]) });
    const c = reply.finalCosines;
    if (!(c instanceof Float64Array) || c.length !== paths) throw new Error(`simulator returned ${c?.length} final cosines, expected ${paths}`);
    for (let k = 0; k < paths; k++) {
      if (!(c[k] >= -1 - 1e-12 && c[k] <= 1 + 1e-12)) throw new Error(`simulator returned the cosine ${c[k]} (path ${done + k}), not in [−1, 1]`);
    }
    out.set(c, done);
    done += paths;
    plan.progress?.(done / plan.paths);
  }
  return out;
}

/** Maps progress of a sub-task into [from, to] of the whole. */
export function subProgress(progress: (f: number) => void, from: number, to: number): (f: number) => void {
  return (f) => progress(from + (to - from) * f);
}
