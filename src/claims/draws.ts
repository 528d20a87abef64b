/**
 * Drawing Monte Carlo samples from a simulator under test: requests in batches (each with its
 * own derived seed, so batches are independent paths), reply checks (shape, finiteness, sphere),
 * and the statistics the specs compare with theory.
 */
import { deriveSeed } from '../rng/streams.js';
import { pairCount, pairwiseCosines, twoTokenStart } from '../simulator/tokens.js';
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
 * Final pairwise cosines of `plan.paths` runs of `template` (paths·n(n−1)/2, path-major, pairs in
 * the order of pairwiseCosines): through the simulator's `runCosines` when it has one (the
 * reference simulator answers with its Gram-state kernel wherever that applies), else the cosines
 * of runChain's final tokens. The same batches and seeds either way (batch b: deriveSeed(seed, [b])).
 */
export async function samplePairwiseCosines(
  sim: Simulator,
  template: Omit<ChainRequest, 'paths' | 'seed'>,
  seed: number,
  plan: BatchPlan,
): Promise<Float64Array> {
  const { n, d } = template;
  const m = pairCount(n);
  const out = new Float64Array(plan.paths * m);
  if (!sim.runCosines) {
    const tokens = await sampleFinalTokens(sim, template, seed, plan);
    for (let p = 0; p < plan.paths; p++) pairwiseCosines(tokens, n, d, out, p * n * d, p * m);
    return out;
  }
  const batch = plan.batch ?? 500;
  for (let b = 0, done = 0; done < plan.paths; b++) {
    const paths = Math.min(batch, plan.paths - done);
    const reply = await sim.runCosines({ ...template, paths, seed: deriveSeed(seed, [b]) });
    const c = reply.finalCosines;
    if (!(c instanceof Float64Array) || c.length !== paths * m) throw new Error(`simulator returned ${c?.length} final cosines, expected paths·n(n−1)/2 = ${paths * m}`);
    for (let k = 0; k < c.length; k++) {
      if (!(c[k] >= -1 - 1e-12 && c[k] <= 1 + 1e-12)) throw new Error(`simulator returned the cosine ${c[k]} (path ${done + Math.floor(k / m)}), not in [−1, 1]`);
    }
    out.set(c, done * m);
    done += paths;
    plan.progress?.(done / plan.paths);
  }
  return out;
}

/** Final cosines of two-token runs from cosine ρ0 (samplePairwiseCosines with n = 2). */
export async function sampleFinalCosines(
  sim: Simulator,
  template: Omit<ChainRequest, 'paths' | 'seed' | 'initialTokens' | 'n'> & { rho0: number },
  seed: number,
  plan: BatchPlan,
): Promise<Float64Array> {
  const { rho0, ...rest } = template;
  return samplePairwiseCosines(sim, { ...rest, n: 2, initialTokens: twoTokenStart(rho0, rest.d) }, seed, plan);
}

/** Maps progress of a sub-task into [from, to] of the whole. */
export function subProgress(progress: (f: number) => void, from: number, to: number): (f: number) => void {
  return (f) => progress(from + (to - from) * f);
}
