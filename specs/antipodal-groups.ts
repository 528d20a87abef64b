/**
 * Spec (claim d, n tokens): above the two-token threshold, n = 3, 8 and 32 tokens from generic
 * starts end in two antipodal groups with probability bounded away from 0; without noise they
 * never do. One parametrised file: `groupsClaim(n)` builds the claim for n tokens.
 *
 * The cell: d = 4, β = 2 (cosh 4 ≈ 27 > d − 2 = 2, well above β*(4) ≈ 0.658), T = 20, L = 1000.
 * Tolerance ε = 0.01, not the default 1e-3: unequal groups (k ≠ n − k, always so for n = 3) are not
 * exactly antipodal — the common noise keeps their gap 1 + cos at a scale ∝ (μ_k − μ_{n−k})²
 * (docs/model.md#two-antipodal-groups) — and ε = 1e-3 would count many of them as "two clusters".
 */
import {
  clopperPearsonLower, endStateOf, classifyFormation, groupLyapunovExponent, pairCount, samplePairwiseCosines,
  subProgress, unitTokens,
} from './harness.js';
import type { Claim, ClaimContext, ClaimMeta, ClaimOutcome, Simulator } from './harness.js';

const CELL = { d: 4, beta: 2, sigma: 1, gamma: 0, horizon: 20, depth: 1000 };
const TOLERANCE = 0.01;

/** Runs per start and starts per tier, and the measured two-group frequency behind the power statement. */
const PLANS: Record<number, { starts: [number, number]; perStart: number; measured: string }> = {
  3: { starts: [10, 100], perStart: 20, measured: '17/60 = 28% (all sizes 1 + 2)' },
  8: { starts: [10, 100], perStart: 10, measured: '31/100 = 31%' },
  32: { starts: [8, 80], perStart: 5, measured: '22/60 = 37%' },
};

/** End states of `starts` × `perStart` runs of `model` from independent uniform starts. */
async function endStates(
  sim: Simulator,
  n: number,
  model: typeof CELL,
  starts: number,
  perStart: number,
  seed: number,
  progress: (f: number) => void,
) {
  const { d } = model;
  const m = pairCount(n);
  const states: ReturnType<typeof endStateOf>[] = [];
  let closestToAntipodal = 1; // smallest cosine seen in a run not in two groups
  for (let s = 0; s < starts; s++) {
    const all = await samplePairwiseCosines(
      sim,
      { n, ...model, law: 'gaussian', initialTokens: unitTokens(seed + s, n, d) },
      seed + s,
      { paths: perStart, progress: subProgress(progress, s / starts, (s + 1) / starts) },
    );
    for (let p = 0; p < perStart; p++) {
      const cos = all.subarray(p * m, (p + 1) * m);
      const state = endStateOf(classifyFormation(cos, n, TOLERANCE));
      if (state.kind !== 'two-groups') closestToAntipodal = Math.min(closestToAntipodal, ...cos);
      states.push(state);
    }
  }
  const sizes: Record<string, number> = {};
  for (const s of states) if (s.kind === 'two-groups') sizes[s.sizes.join('+')] = (sizes[s.sizes.join('+')] ?? 0) + 1;
  const count = (kind: string) => states.filter((s) => s.kind === kind).length;
  return {
    total: states.length,
    twoGroups: count('two-groups'),
    oneCluster: count('one-cluster'),
    clusters: count('clusters'),
    undecided: count('undecided'),
    sizes,
    closestToAntipodal,
  };
}

/** The claim that n tokens end in two antipodal groups with positive probability. */
export function groupsClaim(n: number): Claim {
  const plan = PLANS[n];
  const [quick, full] = plan.starts.map((s) => s * plan.perStart);
  const meta: ClaimMeta = {
    id: `antipodal-groups-n${n}`,
    group: 'd',
    title: `two antipodal groups form (n = ${n})`,
    claim: `For n = ${n} tokens from generic starts at d = 4, β = 2 (above the two-token threshold), σ = 1, the probability of ending in two antipodal groups is bounded away from 0.`,
    section: 'docs/model.md#two-antipodal-groups',
    kind: 'statistical',
    needs: [],
    alpha: 0.001,
    sampleSize: {
      quick: `${plan.starts[0]} random starts × ${plan.perStart} paths (${quick} runs), T = 20, L = 1000, ε = 0.01`,
      full: `${plan.starts[1]} random starts × ${plan.perStart} paths (${full} runs)`,
    },
    power:
      `One-sided exact (Clopper–Pearson) lower bound at α = 0.001 must exceed 0, i.e. at least one run of ${quick} must end in two antipodal groups. ` +
      `Measured with the reference simulator at this cell: ${plan.measured} of runs, so a correct simulator fails only if ${quick} runs all miss, probability below 1e-6 (quick tier). ` +
      'The theory: every (k, n − k) formation has Λ < 0 here (docs/model.md#two-antipodal-groups), so the frequency stays positive as T grows. ' +
      'With noise scaled by h the tokens hardly move from their random starts, and with independent noise per token no tight groups form: 0 two-group ends (specs/power.test.ts).',
    catches: ['noise-scaled-by-h', 'token-wise-noise'],
  };
  async function check(ctx: ClaimContext): Promise<ClaimOutcome> {
    const starts = ctx.tier === 'quick' ? plan.starts[0] : plan.starts[1];
    const e = await endStates(ctx.sim, n, CELL, starts, plan.perStart, ctx.seed, ctx.progress);
    const lower = clopperPearsonLower(e.twoGroups, e.total, meta.alpha!);
    const exponents = Array.from({ length: Math.floor(n / 2) }, (_, i) => groupLyapunovExponent({ ...CELL, n, k: i + 1 }));
    const sizes = Object.entries(e.sizes).map(([k, c]) => `${k}: ${c}`).join(', ') || 'none';
    return {
      pass: lower > 0,
      estimate: e.twoGroups / e.total,
      interval: [lower, 1],
      expected: '> 0',
      sampleSize: e.total,
      summary: `${e.twoGroups}/${e.total} runs end in two antipodal groups (lower bound ${lower.toFixed(3)}; sizes ${sizes}), ${e.oneCluster} in one cluster, ${e.clusters} in k clusters, ${e.undecided} undecided`,
      evidence: { n, ...CELL, tolerance: TOLERANCE, ...e, lowerBound: lower, groupLyapunovExponents: exponents },
    };
  }
  return { meta, check };
}

export const groupsN3 = groupsClaim(3);
export const groupsN8 = groupsClaim(8);
export const groupsN32 = groupsClaim(32);

const DETERMINISTIC = { ...CELL, sigma: 0, gamma: 1, horizon: 60, depth: 3000 };
const STARTS: Record<number, [number, number]> = { 3: [100, 1000], 8: [40, 400], 32: [4, 40] };

/** Without noise (σ = 0, γ = 1) no generic start ends in two antipodal groups. */
export const noGroupsWithoutNoise: Claim = {
  meta: {
    id: 'no-groups-without-noise',
    group: 'd',
    title: 'σ = 0: no antipodal groups (n = 3, 8, 32)',
    claim: 'With deterministic weights (σ = 0, γ = 1) at d = 4, β = 2, n = 3, 8 and 32 tokens from generic starts never end in two antipodal groups.',
    section: 'docs/model.md#two-antipodal-groups',
    kind: 'exact',
    needs: [],
    alpha: null,
    sampleSize: { quick: '100, 40 and 4 random starts for n = 3, 8, 32 (one path each: the flow is deterministic), T = 60, L = 3000, ε = 0.01', full: '1000, 400 and 40 starts' },
    power:
      'Deterministic: a single run ending in two antipodal groups (all cross cosines ≤ −0.99, within-group ≥ 0.99) fails the claim. ' +
      'Antipodal formations are unstable equilibria of the attention flow, reached from a set of starts of measure 0; the evidence reports the smallest cosine of any run, to show the margin. ' +
      'A simulator that ignores σ and adds unit noise anyway ends in two groups in 5/100 (n = 3) and 6/60 (n = 8) runs at this cell (measured), so it passes the quick tier with probability ≈ 0.95^100 · 0.9^40 ≈ 1e-4 (specs/power.test.ts shows the fail).',
    catches: ['sigma-ignored'],
  },
  async check(ctx: ClaimContext): Promise<ClaimOutcome> {
    const ns = [3, 8, 32];
    const per = [];
    for (const [i, n] of ns.entries()) {
      const starts = STARTS[n][ctx.tier === 'quick' ? 0 : 1];
      const e = await endStates(ctx.sim, n, DETERMINISTIC, starts, 1, ctx.seed + 1000 * n, subProgress(ctx.progress, i / ns.length, (i + 1) / ns.length));
      per.push({ n, ...e });
    }
    const formed = per.reduce((s, e) => s + e.twoGroups, 0);
    const total = per.reduce((s, e) => s + e.total, 0);
    const margin = Math.min(...per.map((e) => e.closestToAntipodal));
    return {
      pass: formed === 0,
      estimate: formed / total,
      interval: null,
      expected: 0,
      sampleSize: total,
      summary: `${formed} of ${total} runs without noise end in two antipodal groups (${per.map((e) => `n = ${e.n}: ${e.twoGroups}/${e.total}, ${e.oneCluster} one cluster`).join('; ')}); smallest cosine in the others ${margin.toFixed(3)}`,
      evidence: { ...DETERMINISTIC, tolerance: TOLERANCE, perN: per, smallestCosine: margin },
    };
  },
};
