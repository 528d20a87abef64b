/** Spec (claim a): the chain keeps every token on the unit sphere. */
export const meta: ClaimMeta = {
  id: 'sphere-invariance',
  group: 'a',
  title: 'tokens stay on the sphere',
  claim: 'Every token stays on the unit sphere after every layer, for any valid configuration.',
  section: 'docs/model.md#sphere',
  kind: 'property',
  needs: ['snapshots'],
  alpha: null,
  sampleSize: { quick: '40 random configurations', full: '300 random configurations' },
  power: 'A skipped normalization moves norms by O(√h·σ) per layer, far above the tolerance: 2(d/2 + 3)·u from the rounding-error model (≤ 1.1e-6 in float32, ≤ 2.0e-15 in float64 for d ≤ 10; src/claims/tolerance.ts).',
  catches: ['no-normalization'],
};

import { fc, boundedMatrix, checkProperty, propertyOutcome, shapeArb, supportedLaws, unitTokens, checkReply, snapshotLayers, precisionOf, tolerance } from './harness.js';
import type { ClaimContext, ClaimMeta, ClaimOutcome } from './harness.js';

/** The fixed tolerance before precision was declared: float64 is never held to less. */
const FLOAT64_CAP = 1e-9;

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  const laws = supportedLaws(ctx.sim);
  const matrices = ctx.sim.info.capabilities.includes('matrices');
  const numRuns = ctx.tier === 'quick' ? 40 : 300;
  let worst = 0;
  let tol = 0;
  const arb = fc.record({ shape: shapeArb, law: fc.constantFrom(...laws), withMatrices: fc.boolean() });
  const r = await checkProperty(
    arb,
    async ({ shape, law, withMatrices }) => {
      const { n, d, depth } = shape;
      const useM = matrices && withMatrices;
      const req = {
        ...shape,
        law,
        paths: 2,
        initialTokens: unitTokens(shape.seed, n, d),
        query: useM ? boundedMatrix(shape.seed, d, 1) : null,
        key: useM ? boundedMatrix(shape.seed, d, 2) : null,
        valueMatrix: useM ? boundedMatrix(shape.seed, d, 3) : null,
        snapshotStride: 1,
      };
      const reply = await ctx.sim.runChain(req);
      checkReply(req, reply, Infinity);
      const layers = snapshotLayers(depth, 1).length;
      const snaps = reply.snapshots;
      const TOL = tolerance(precisionOf(ctx.sim, reply), 'sphere', shape, FLOAT64_CAP);
      tol = Math.max(tol, TOL);
      if (!snaps || snaps.length !== 2 * layers * n * d) {
        throw new Error(`expected ${2 * layers * n * d} snapshot numbers, got ${snaps?.length ?? 'none'}`);
      }
      for (let t = 0; t < snaps.length / d; t++) {
        let s = 0;
        for (let a = 0; a < d; a++) s += snaps[t * d + a] ** 2;
        const dev = Math.abs(Math.sqrt(s) - 1);
        worst = Math.max(worst, Number.isNaN(dev) ? Infinity : dev);
        if (!(dev <= TOL)) {
          const layer = Math.floor(t / n) % layers;
          throw new Error(`token ${t % n} has norm ${Math.sqrt(s)} after layer ${layer} (tolerance ${TOL.toExponential(2)})`);
        }
      }
    },
    { seed: ctx.seed, numRuns, progress: ctx.progress },
  );
  return propertyOutcome(r, worst, `|‖x‖−1| ≤ ${tol.toExponential(1)}`, `largest norm deviation ${worst.toExponential(2)} over ${r.runs} configurations`);
}
