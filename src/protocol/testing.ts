/**
 * Helpers for tests of external simulators: small chain requests with explicit increments, and
 * the paths of the fixture simulators. Test-only: excluded from the build (tsconfig.build.json).
 *
 * @example
 * const req = chainRequest({ n: 3, d: 4, depth: 10, paths: 5, increments: true });
 */
import { join } from 'node:path';
import { fillNormal } from '../rng/normal.js';
import { streamRng } from '../rng/streams.js';
import { uniformOnSphere } from '../simulator/tokens.js';
import { packageInfo } from '../util/version.js';
import type { ChainRequest } from '../claims/simulatorUnderTest.js';

/** Absolute path of a file under fixtures/. */
export function fixture(...parts: string[]): string {
  return join(packageInfo().root, 'fixtures', ...parts);
}

/** argv of the Python simulator with extra arguments. */
export function pythonSim(...args: string[]): string[] {
  return [process.env.PYTHON ?? 'python3', fixture('python', 'dst_sim.py'), ...args];
}

/** argv of a misbehaving fixture (fixtures/misbehaving/NAME.mjs). */
export function misbehaving(name: string, ...args: string[]): string[] {
  return [process.execPath, fixture('misbehaving', `${name}.mjs`), ...args];
}

/** A small request; `increments: true` adds Gaussian ΔW_k = √h·V_k drawn from `seed`. */
export function chainRequest(over: Omit<Partial<ChainRequest>, 'increments'> & { increments?: Float64Array | boolean | null } = {}): ChainRequest {
  const base = { n: 3, d: 4, depth: 20, horizon: 1, beta: 1, sigma: 1, gamma: 0, law: 'gaussian' as const, seed: 1, paths: 4 };
  const r = { ...base, ...over };
  const initialTokens = over.initialTokens ?? new Float64Array(r.n * r.d);
  if (!over.initialTokens) uniformOnSphere(streamRng(r.seed, [99]), initialTokens, r.n, r.d);
  let increments: Float64Array | null = null;
  if (over.increments === true) {
    increments = new Float64Array(r.paths * r.depth * r.d * r.d);
    fillNormal(streamRng(r.seed, [98]), increments, Math.sqrt(r.horizon / r.depth) * r.sigma / Math.sqrt(r.d));
  } else if (over.increments instanceof Float64Array) {
    increments = over.increments;
  }
  return { ...r, initialTokens, increments };
}

/** Largest absolute difference of two arrays of the same length. */
export function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
