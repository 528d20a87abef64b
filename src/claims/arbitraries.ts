/**
 * fast-check arbitraries for simulator configurations: the generation side of the property
 * specs, kept apart from running (specs/) and reporting (runner, claims table).
 */
import fc from 'fast-check';
import { qr } from 'mathjs';
import { standardNormal } from '../rng/normal.js';
import { streamRng } from '../rng/streams.js';
import { uniformOnSphere } from '../simulator/tokens.js';
import type { EntryLaw } from '../rng/entryLaws.js';
import { lawCapability, SimulatorError, type Simulator } from './simulatorUnderTest.js';
import type { ClaimOutcome } from './claim.js';

/** n unit tokens in R^d, drawn from a seeded stream (the arbitrary generates the seed). */
export function unitTokens(seed: number, n: number, d: number): Float64Array {
  const x = new Float64Array(n * d);
  uniformOnSphere(streamRng(seed, [7]), x, n, d);
  return x;
}

/**
 * A Haar-distributed orthogonal d×d matrix, row-major: the Q factor of a Gaussian matrix (mathjs
 * QR), with columns multiplied by sign(R_ii) so the law is exactly Haar (Mezzadri, Notices AMS
 * 54(5), 2007).
 */
export function orthogonalMatrix(seed: number, d: number): Float64Array {
  const g = streamRng(seed, [8]);
  const a = Array.from({ length: d }, () => Array.from({ length: d }, () => standardNormal(g)));
  const { Q, R } = qr(a) as unknown as { Q: number[][]; R: number[][] };
  const u = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) u[i * d + j] = Q[i][j] * (R[j][j] < 0 ? -1 : 1);
  return u;
}

/** Entry laws the simulator supports. */
export function supportedLaws(sim: Simulator): EntryLaw[] {
  return (['gaussian', 'uniform', 'rademacher'] as const).filter((l) => {
    const c = lawCapability(l);
    return c === null || sim.info.capabilities.includes(c);
  });
}

/** Shape and scalar parameters: small n, d and depth, but extreme-yet-valid β, σ, γ and T. */
export const shapeArb = fc.record({
  n: fc.integer({ min: 1, max: 6 }),
  d: fc.integer({ min: 2, max: 6 }),
  depth: fc.integer({ min: 1, max: 30 }),
  horizon: fc.oneof(fc.double({ min: 1e-4, max: 2, noNaN: true }), fc.double({ min: 2, max: 100, noNaN: true })),
  beta: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 5, max: 500, noNaN: true })),
  sigma: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3, noNaN: true })),
  gamma: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3, noNaN: true })),
  seed: fc.nat({ max: 2 ** 31 }),
});

/**
 * Like shapeArb, but each extreme is drawn with probability ⅓: β = 500, σ = 3, γ = 3, depth 1
 * (one layer of step T, up to 100), so that a simulator with no optional capability is probed
 * where softmax overflow and large single steps live.
 */
export const extremeShapeArb = fc.record({
  n: fc.integer({ min: 1, max: 6 }),
  d: fc.integer({ min: 2, max: 6 }),
  depth: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 30 })),
  horizon: fc.oneof(fc.double({ min: 1e-4, max: 2, noNaN: true }), fc.double({ min: 2, max: 100, noNaN: true })),
  beta: fc.oneof(fc.constant(500), fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 5, max: 500, noNaN: true })),
  sigma: fc.oneof(fc.constant(3), fc.constant(0), fc.double({ min: 0, max: 3, noNaN: true })),
  gamma: fc.oneof(fc.constant(3), fc.constant(0), fc.double({ min: 0, max: 3, noNaN: true })),
  seed: fc.nat({ max: 2 ** 31 }),
});

/**
 * `count` configurations where every term of the layer matters, drawn uniformly (no bias towards
 * the bounds, unlike fast-check's samplers): n ∈ 1…6, d ∈ 2…6, L ∈ 1…30, T ∈ [0.5, 10], β ∈ [0, 10],
 * σ and γ ∈ [0.3, 3]. For coupled comparisons (pathwise agreement), where shapeArb's extreme-but-valid
 * values (σ, T or β near 0) make a wrong term too small to see next to float32 round-off.
 */
export function moderateConfigs(seed: number, count: number): ShapeConfig[] {
  const g = streamRng(seed, [11]);
  const int = (lo: number, hi: number) => lo + Math.floor(g.nextDouble() * (hi - lo + 1));
  const real = (lo: number, hi: number) => lo + g.nextDouble() * (hi - lo);
  return Array.from({ length: count }, () => ({
    n: int(1, 6),
    d: int(2, 6),
    depth: int(1, 30),
    horizon: real(0.5, 10),
    beta: real(0, 10),
    sigma: real(0.3, 3),
    gamma: real(0.3, 3),
    seed: int(0, 2 ** 31),
  }));
}

/** One configuration of shapeArb, extremeShapeArb or moderateConfigs. */
export type ShapeConfig = Record<'n' | 'd' | 'depth' | 'horizon' | 'beta' | 'sigma' | 'gamma' | 'seed', number>;

/** A d×d matrix with entries in [−2, 2], from a seed. */
export function boundedMatrix(seed: number, d: number, tag: number): Float64Array {
  const g = streamRng(seed, [9, tag]);
  return Float64Array.from({ length: d * d }, () => 4 * g.nextDouble() - 2);
}

/** Brownian-like increments for `paths·depth` layers of d×d, with per-entry sd. */
export function gaussianIncrements(seed: number, count: number, sd: number): Float64Array {
  const g = streamRng(seed, [10]);
  return Float64Array.from({ length: count }, () => sd * standardNormal(g));
}

/**
 * Runs an async fast-check property and turns its verdict into data. A SimulatorError is thrown on,
 * not reported as a counterexample: a simulator that crashed has not contradicted the property. A
 * reply with non-finite numbers (SimulatorError.nonFiniteAnswer) is an answer, and a counterexample.
 */
export async function checkProperty<T>(
  arb: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  opts: { seed: number; numRuns: number; progress?: (f: number) => void },
): Promise<{ pass: boolean; runs: number; counterexample: string | null; error: string | null }> {
  let runs = 0;
  const details = await fc.check(
    fc.asyncProperty(arb, async (v) => {
      runs++;
      opts.progress?.(Math.min(1, runs / opts.numRuns));
      await predicate(v);
    }),
    { seed: opts.seed % 2 ** 31, numRuns: opts.numRuns, endOnFailure: true, verbose: 0 },
  );
  if (!details.failed) return { pass: true, runs: details.numRuns, counterexample: null, error: null };
  if (details.errorInstance instanceof SimulatorError && !details.errorInstance.nonFiniteAnswer) throw details.errorInstance;
  const err = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return {
    pass: false,
    runs: details.numRuns,
    counterexample: JSON.stringify(details.counterexample, (_k, v) => (v instanceof Float64Array ? Array.from(v) : v)).slice(0, 2000),
    error: err.split('\n')[0],
  };
}

/**
 * The outcome of a property claim whose estimate is the worst deviation seen: the verdict of
 * checkProperty, the deviation, what it is compared with, and the sentence shown on success.
 */
export function propertyOutcome(
  r: Awaited<ReturnType<typeof checkProperty>>,
  worst: number,
  expected: string,
  passSummary: string,
): ClaimOutcome {
  return {
    pass: r.pass,
    estimate: worst,
    interval: null,
    expected,
    sampleSize: r.runs,
    summary: r.pass ? passSummary : `${r.error} (counterexample: ${r.counterexample})`,
    evidence: { worstDeviation: worst, runs: r.runs, counterexample: r.counterexample },
  };
}
