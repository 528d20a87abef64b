/** Spec (claim b): rotating the tokens and conjugating the noise rotates the output, pathwise. */
export const meta: ClaimMeta = {
  id: 'rotation-equivariance',
  group: 'b',
  title: 'rotation equivariance (pathwise)',
  claim: 'For orthogonal U, the chain from U·X with noise U·ΔW_k·Uᵀ equals U times the chain from X with ΔW_k.',
  section: 'docs/model.md#rotation',
  kind: 'property',
  needs: ['explicit-noise'],
  alpha: null,
  sampleSize: { quick: '30 random configurations and rotations', full: '200' },
  power: 'A noise that does not enter as ΔW·m (e.g. per-token or rescaled noise, or a non-isotropic treatment) breaks the identity by far more than the rounding tolerance 2E_L of src/claims/tolerance.ts (float64: at most 1e-8).',
  catches: ['token-wise-noise'],
};

import { checkProperty, propertyOutcome, gaussianIncrements, orthogonalMatrix, shapeArb, unitTokens, checkReply, precisionOf, tolerance } from './harness.js';
import type { ClaimContext, ClaimMeta, ClaimOutcome } from './harness.js';

/** The fixed tolerance before precision was declared: float64 is never held to less. */
const FLOAT64_CAP = 1e-8;

/** out_i = U·x_i for each of the n tokens. */
function rotateTokens(u: Float64Array, x: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) {
    let s = 0;
    for (let b = 0; b < d; b++) s += u[a * d + b] * x[i * d + b];
    out[i * d + a] = s;
  }
  return out;
}

/** U·M·Uᵀ for each d×d block of m. */
function conjugate(u: Float64Array, m: Float64Array, d: number): Float64Array {
  const out = new Float64Array(m.length);
  const tmp = new Float64Array(d * d);
  for (let o = 0; o < m.length; o += d * d) {
    for (let a = 0; a < d; a++) for (let c = 0; c < d; c++) {
      let s = 0;
      for (let b = 0; b < d; b++) s += u[a * d + b] * m[o + b * d + c];
      tmp[a * d + c] = s;
    }
    for (let a = 0; a < d; a++) for (let c = 0; c < d; c++) {
      let s = 0;
      for (let b = 0; b < d; b++) s += tmp[a * d + b] * u[c * d + b];
      out[o + a * d + c] = s;
    }
  }
  return out;
}

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  let worst = 0;
  let tol = 0;
  const r = await checkProperty(
    shapeArb,
    async (s) => {
      const { n, d, depth } = s;
      const u = orthogonalMatrix(s.seed, d);
      const x = unitTokens(s.seed, n, d);
      const incr = gaussianIncrements(s.seed, depth * d * d, (s.sigma * Math.sqrt(s.horizon / depth)) / Math.sqrt(d));
      const reqA = { ...s, law: 'gaussian' as const, paths: 1, initialTokens: x, increments: incr };
      const reqB = { ...reqA, initialTokens: rotateTokens(u, x, n, d), increments: conjugate(u, incr, d) };
      const a = await ctx.sim.runChain(reqA);
      const b = await ctx.sim.runChain(reqB);
      checkReply(reqA, a);
      checkReply(reqB, b);
      const TOL = tolerance(precisionOf(ctx.sim, a, b), 'two-runs', s, FLOAT64_CAP);
      tol = Math.max(tol, TOL);
      const ua = rotateTokens(u, a.finalTokens, n, d);
      for (let k = 0; k < n * d; k++) {
        const dev = Math.abs(ua[k] - b.finalTokens[k]);
        worst = Math.max(worst, dev);
        if (!(dev <= TOL)) throw new Error(`token ${Math.floor(k / d)}: U·(run from X) and run from U·X differ by ${dev} (tolerance ${TOL.toExponential(2)})`);
      }
    },
    { seed: ctx.seed, numRuns: ctx.tier === 'quick' ? 30 : 200, progress: ctx.progress },
  );
  return propertyOutcome(r, worst, `max deviation ≤ ${tol.toExponential(1)}`, `largest deviation ${worst.toExponential(2)} over ${r.runs} rotations`);
}
