/** Spec (claim c, coupled): given the same increments, a simulator's paths are the reference chain's paths. */
export const meta: ClaimMeta = {
  id: 'pathwise-agreement',
  group: 'c',
  title: 'same increments, same paths as the reference',
  claim: 'From the same initial tokens with the same increments ΔW_k, the simulator returns the reference chain’s tokens within the rounding tolerance of its precision; a failure names the first layer, path and token that diverge.',
  section: 'docs/model.md#the-discrete-chain',
  kind: 'exact',
  needs: ['explicit-noise'],
  alpha: null,
  sampleSize: { quick: '20 random configurations × 2 paths', full: '150 random configurations × 2 paths' },
  power:
    'Deterministic given the increments: any change to the layer map (step, layer count, β, drift, normalization, attention axis, the way the increments enter) moves the tokens by far more than the rounding tolerance E_L of src/claims/tolerance.ts (float64 ≤ 1e-9, float32 ≈ 1e-4 at moderate β), and the configurations, drawn uniformly, keep every term of the layer visible (σ, γ ∈ [0.3, 3], T ∈ [0.5, 10], β ∈ [0, 10], n ≤ 6, d ≤ 6, L ≤ 30), so one wrong term shows up at the first layer. The power test runs every listed fault in float64 and in float32.',
  catches: [
    'token-wise-noise', 'noise-scaled-by-h', 'no-normalization', 'reused-value-matrix', 'wrong-entry-variance', 'attention-wrong-axis',
    'step-t-over-l-plus-1', 'extra-layer', 'missing-layer', 'entry-variance-x1.1', 'beta-x1.1', 'drift-halved',
  ],
};

import { gaussianIncrements, moderateConfigs, referenceSimulator, unitTokens, precisionOf, tolerance } from './harness.js';
import type { ChainReply, ChainRequest, ClaimContext, ClaimMeta, ClaimOutcome, Simulator } from './harness.js';

interface Divergence {
  path: number;
  token: number;
  deviation: number;
  tolerance: number;
}

/** Tolerance of simulator-vs-reference: the simulator's E_L plus the float64 reference's own. */
function agreementTolerance(sim: Simulator, reply: ChainReply, req: ChainRequest): number {
  return tolerance(precisionOf(sim, reply), 'pathwise', req) + tolerance('float64', 'pathwise', req);
}

/** The first (path, token) whose Euclidean deviation exceeds the tolerance, the worst deviation, or a non-finite entry. */
function compare(sim: Simulator, req: ChainRequest, mine: ChainReply, ref: ChainReply): { worst: number; first: Divergence | null } {
  const { n, d } = req;
  const tol = agreementTolerance(sim, mine, req);
  let worst = 0;
  for (let t = 0; t < req.paths * n; t++) {
    let e = 0;
    for (let a = 0; a < d; a++) e += (mine.finalTokens[t * d + a] - ref.finalTokens[t * d + a]) ** 2;
    const dev = Number.isNaN(e) ? Infinity : Math.sqrt(e);
    worst = Math.max(worst, dev);
    if (!(dev <= tol)) return { worst, first: { path: Math.floor(t / n), token: t % n, deviation: dev, tolerance: tol } };
  }
  return { worst, first: null };
}

/** The same request cut after k layers: same step, the first k increments of every path. */
function prefix(req: ChainRequest, k: number): ChainRequest {
  const dd = req.d * req.d;
  const inc = new Float64Array(req.paths * k * dd);
  for (let p = 0; p < req.paths; p++) inc.set(req.increments!.subarray(p * req.depth * dd, (p * req.depth + k) * dd), p * k * dd);
  return { ...req, depth: k, horizon: (req.horizon * k) / req.depth, increments: inc };
}

async function run(sim: Simulator, req: ChainRequest): Promise<ChainReply> {
  const reply = await sim.runChain(req);
  if (!(reply?.finalTokens instanceof Float64Array) || reply.finalTokens.length !== req.paths * req.n * req.d) {
    throw new Error(`simulator returned ${reply?.finalTokens?.length ?? 'no'} final-token numbers, expected ${req.paths * req.n * req.d}`);
  }
  return reply;
}

export async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
  const reference = referenceSimulator();
  const runs = ctx.tier === 'quick' ? 20 : 150;
  const configs = moderateConfigs(ctx.seed, runs);
  let worst = 0;
  for (const [c, s] of configs.entries()) {
    const { n, d, depth } = s;
    const increments = gaussianIncrements(s.seed, 2 * depth * d * d, (s.sigma * Math.sqrt(s.horizon / depth)) / Math.sqrt(d));
    const req: ChainRequest = { ...s, law: 'gaussian', paths: 2, initialTokens: unitTokens(s.seed, n, d), increments };
    const cmp = compare(ctx.sim, req, await run(ctx.sim, req), await reference.runChain(req));
    worst = Math.max(worst, cmp.worst);
    ctx.progress((c + 1) / runs);
    if (!cmp.first) continue;
    // Localize: the first layer after which some token is out of tolerance (prefix runs, same step).
    let layer = depth;
    let at = cmp.first;
    for (let k = 1; k < depth; k++) {
      const q = prefix(req, k);
      const f = compare(ctx.sim, q, await run(ctx.sim, q), await reference.runChain(q)).first;
      if (f) {
        layer = k;
        at = f;
        break;
      }
    }
    const config = { n, d, depth, horizon: s.horizon, beta: s.beta, sigma: s.sigma, gamma: s.gamma, seed: s.seed };
    return {
      pass: false,
      estimate: at.deviation,
      interval: null,
      expected: `≤ ${at.tolerance.toExponential(1)}`,
      sampleSize: c + 1,
      summary: `paths diverge from the reference at layer ${layer} of ${depth}: path ${at.path}, token ${at.token} is ${at.deviation.toExponential(3)} away (tolerance ${at.tolerance.toExponential(2)}) in ${JSON.stringify(config)}`,
      evidence: { firstDivergence: { layer, ...at }, configuration: config, configurationsChecked: c + 1 },
    };
  }
  return {
    pass: true,
    estimate: worst,
    interval: null,
    expected: 'within E_L',
    sampleSize: runs,
    summary: `the simulator follows the reference paths in all ${runs} configurations (largest deviation ${worst.toExponential(2)})`,
    evidence: { worstDeviation: worst, configurations: runs },
  };
}
