/** Spec (claim b): with σ = 0 the chain is the Euler scheme of the deterministic attention flow. */
export const meta: ClaimMeta = {
  id: 'deterministic-flow',
  group: 'b',
  title: 'σ = 0 is the attention flow',
  claim: 'With σ = 0 the chain converges to the attention flow dx_i/dt = P_{x_i}(γ m_i) at order 1 in the depth.',
  section: 'docs/model.md#deterministic-flow',
  kind: 'exact',
  needs: [],
  alpha: null,
  sampleSize: { quick: '4 configurations (n = 3…5) at L = 100, 200, 400', full: '12 configurations' },
  power: 'A chain that converges to another flow (attention over the wrong axis, no normalization) keeps an error that does not halve with h. The check requires every halving ratio in [1.6, 2.4] and the Richardson extrapolation 2·x(400) − x(200) to be 4× closer to the flow than x(400) (order 1 towards this flow, not merely towards some limit). Fresh-seed runs showed that a fixed absolute error cap (0.01 at L = 400) is exceeded by correct chains with γ ≈ 2: the criterion is the order, not a size. A float32 simulator gets the rounding allowance E_L of src/claims/tolerance.ts on each error (≈ 1e-4 at L = 400, below the 1e-3 errors); float64 gets none.',
  catches: ['attention-wrong-axis', 'no-normalization'],
};

import { unitTokens, checkReply, attentionFlow, streamRng, precisionOf, tolerance } from './harness.js';
import type { ClaimContext, ClaimMeta, ClaimOutcome } from './harness.js';

const DEPTHS = [100, 200, 400];
const RATIO = [1.6, 2.4];
const EXTRAPOLATION_GAIN = 4;

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  const configs = ctx.tier === 'quick' ? 4 : 12;
  const g = streamRng(ctx.seed, [0]);
  const rows: Record<string, unknown>[] = [];
  let pass = true;
  let worstRatio = 2;
  for (let c = 0; c < configs; c++) {
    const n = 3 + (c % 3);
    const d = 2 + (c % 3);
    const beta = 0.5 + 2.5 * g.nextDouble();
    const gamma = 0.5 + 1.5 * g.nextDouble();
    const horizon = 2;
    const x0 = unitTokens(ctx.seed + c, n, d);
    const exact = attentionFlow(x0, n, d, { beta, gamma, horizon });
    const errors: number[] = [];
    const roundoff: number[] = [];
    const finals: Float64Array[] = [];
    for (const depth of DEPTHS) {
      const req = { n, d, depth, horizon, beta, sigma: 0, gamma, law: 'gaussian' as const, seed: 0, paths: 1, initialTokens: x0 };
      const reply = await ctx.sim.runChain(req);
      checkReply(req, reply, Infinity);
      finals.push(reply.finalTokens);
      // Rounding allowance E_L of src/claims/tolerance.ts (0 in float64: the criterion there is unchanged).
      roundoff.push(tolerance(precisionOf(ctx.sim, reply), 'pathwise', req, 0));
      errors.push(Math.max(...Array.from(reply.finalTokens, (v, i) => Math.abs(v - exact[i]))));
    }
    const ratios = errors.slice(1).map((e, i) => errors[i] / e);
    // Each error is known up to its rounding allowance: accept a ratio whose range meets RATIO.
    const ratioOk = errors.slice(1).every((e, i) => {
      const lo = (errors[i] - roundoff[i]) / (e + roundoff[i + 1]);
      const hi = e > roundoff[i + 1] ? (errors[i] + roundoff[i]) / (e - roundoff[i + 1]) : Infinity;
      return hi >= RATIO[0] && lo <= RATIO[1];
    });
    const [, e200, e400] = roundoff;
    const [, x200, x400] = finals;
    const extrapolated = Math.max(...Array.from(x400, (v, i) => Math.abs(2 * v - x200[i] - exact[i])));
    const ok = extrapolated <= errors[errors.length - 1] / EXTRAPOLATION_GAIN + 2 * e400 + e200 && ratioOk;
    for (const r of ratios) if (Math.abs(Math.log(r / 2)) > Math.abs(Math.log(worstRatio / 2))) worstRatio = r;
    pass &&= ok;
    rows.push({ n, d, beta, gamma, horizon, depths: DEPTHS, errors, roundoff, ratios, extrapolatedError: extrapolated, ok });
    ctx.progress((c + 1) / configs);
  }
  return {
    pass,
    estimate: worstRatio,
    interval: null,
    expected: 2,
    sampleSize: configs,
    summary: pass
      ? `error halves with h in all ${configs} configurations (worst halving ratio ${worstRatio.toFixed(3)})`
      : `error against the RK4 attention flow does not behave like O(h): ${JSON.stringify(rows.filter((r) => !r.ok)[0])}`,
    evidence: { configurations: rows, acceptedRatio: RATIO, extrapolationGain: EXTRAPOLATION_GAIN },
  };
}
