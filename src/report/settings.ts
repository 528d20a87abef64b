/**
 * Sizes of the report's own Monte Carlo (besides the claims) per tier. `smoke` is for tests:
 * every figure from tiny samples in seconds; its numbers are not evidence.
 */
import type { Tier } from '../claims/claim.js';
import { NOISE_ABLATION, type TierSizes } from '../training/design.js';

export const REPORT_TIERS = ['smoke', 'quick', 'full'] as const;
export type ReportTier = (typeof REPORT_TIERS)[number];

/** The (β, d) grid of two-token runs behind the phase diagram (σ = 1, γ = 0, ρ0 = 0). */
export interface PhaseGridSettings {
  dims: number[];
  betas: number[];
  paths: number;
  /**
   * Cell d runs to T = max(minHorizon, horizonPerDimension·d): the cosine's noise has variance of order σ²/d per
   * unit time (docs/model.md#two-tokens), so near β*(d) it moves on the time scale d/σ² and a
   * fixed T would stop large d long before their end states.
   */
  horizonPerDimension: number;
  /** …but at least this T (small d: the old fixed horizon, long enough for their end states). */
  minHorizon: number;
  /** One horizon T for every d instead (`plot --horizon`). */
  horizon?: number;
  /**
   * Layer step h: a cell with horizon T runs L = ⌈T/h⌉ layers. The chain's distance to the SDE is
   * O(h) with a constant that does not shrink with d, so h, not L, is what must stay fixed.
   */
  step: number;
  /**
   * The finite-time law only for d ≤ this: a PDE solve per cell whose cost grows with T (about a
   * second at d = 512, T = 5d); larger d draw the long-run probability alone.
   */
  finiteTheoryMaxD: number;
  /** ρ_T below this counts as antipodal. */
  threshold: number;
  /** Two-sided level of the Clopper–Pearson intervals. */
  alpha: number;
}

/** Two-token cosine paths for two values of β at one d (one below, one above β*(d)). */
export interface CosineSettings {
  d: number;
  betas: number[];
  horizon: number;
  depth: number;
  stride: number;
  /** Paths drawn as lines. */
  shown: number;
  /** Paths behind the frequency curve P(ρ_t < threshold). */
  paths: number;
  threshold: number;
  /** Times at which the finite-time theory is evaluated. */
  theoryTimes: number;
}

/** A few tokens on S² (d = 3). */
export interface SphereSettings {
  n: number;
  beta: number;
  horizon: number;
  depth: number;
  stride: number;
  /** Paths searched for one ending in one cluster and one ending antipodal. */
  candidates: number;
}

export interface TierSettings {
  /** Tier of the claims run for the convergence plots and the claims table. */
  claimsTier: Tier;
  /** Claim ids run (null: all). */
  claims: string[] | null;
  phase: PhaseGridSettings;
  cosine: CosineSettings;
  sphere: SphereSettings;
  /** Sizes of the noise-ablation experiment behind its figure. */
  noiseAblation: TierSizes;
}

const range = (from: number, to: number, step: number): number[] => {
  const out: number[] = [];
  for (let k = 0; from + k * step <= to + 1e-9; k++) out.push(Number((from + k * step).toFixed(10)));
  return out;
};

/**
 * Dimensions of a phase grid from dMin to dMax, spaced for a log axis: 2, 3, 4, then 8·ratio^k,
 * then dMax itself.
 */
export function phaseDims(dMin: number, dMax: number, ratio = 2): number[] {
  const out = [2, 3, 4].filter((d) => d >= dMin && d <= dMax);
  for (let d = 8; d < dMax; d *= ratio) if (d >= dMin) out.push(d);
  if (out[out.length - 1] !== dMax) out.push(dMax);
  if (dMin < dMax && out[0] !== dMin) out.unshift(dMin);
  return out;
}

/** The horizon of dimension d's cells. */
export function phaseHorizon(s: PhaseGridSettings, d: number): number {
  return s.horizon ?? Math.max(s.minHorizon, s.horizonPerDimension * d);
}

/** The number of layers of a cell with horizon T. */
export function phaseDepth(s: PhaseGridSettings, horizon: number): number {
  return Math.max(1, Math.ceil(horizon / s.step - 1e-9));
}

export function tierSettings(tier: ReportTier): TierSettings {
  // To realistic d on a log axis: the Gram-state kernel's cost per layer does not grow with d.
  // Quick: the 7 rows (and 147 cells) of the d = 2…8 grid it replaced, now 2, 3, 4, 8, 32, 128, 512.
  // T = max(20, 5d): the finite-time probability is then within 6% (relative) of the long-run one
  // for 8 ≤ d ≤ 128. The step h keeps the chain's own O(h) bias below about 0.4 standard errors of
  // each tier's frequencies (quick: 0.0095 at d = 64, h = 0.125; docs/report.md has the measurements).
  const phaseBase = { horizonPerDimension: 5, minHorizon: 20, threshold: -0.99, alpha: 0.05 };
  const cosineBase = { d: 4, betas: [0.4, 1.5], horizon: 20, threshold: -0.99 };
  // n = 6, β = 2 on S²: both end states are common (quick tier, default seed: of 64 candidates
  // 16 end in one cluster and 19 in two antipodal groups), so the first candidates show one of each.
  const sphereBase = { n: 6, beta: 2, horizon: 20 };
  switch (tier) {
    case 'smoke':
      return {
        claimsTier: 'quick',
        claims: ['sphere-invariance', 'strong-order', 'weak-order'],
        phase: { ...phaseBase, dims: phaseDims(2, 32, 4), betas: range(0, 5, 1), paths: 40, step: 0.25, finiteTheoryMaxD: 8 },
        cosine: { ...cosineBase, depth: 400, stride: 4, shown: 8, paths: 60, theoryTimes: 6 },
        sphere: { ...sphereBase, depth: 600, stride: 4, candidates: 16 },
        noiseAblation: { frozenSeeds: 3, trainedSeeds: 2, train: 30, validation: 20, test: 30, epochs: 1 },
      };
    case 'quick':
      return {
        claimsTier: 'quick',
        claims: null,
        phase: { ...phaseBase, dims: phaseDims(2, 512, 4), betas: range(0, 5, 0.25), paths: 200, step: 0.125, finiteTheoryMaxD: 8 },
        cosine: { ...cosineBase, depth: 2000, stride: 10, shown: 12, paths: 500, theoryTimes: 20 },
        sphere: { ...sphereBase, depth: 1000, stride: 4, candidates: 64 },
        noiseAblation: NOISE_ABLATION.tiers.quick,
      };
    case 'full':
      return {
        claimsTier: 'full',
        claims: null,
        phase: { ...phaseBase, dims: phaseDims(2, 512), betas: range(0, 5, 0.125), paths: 1000, step: 0.05, finiteTheoryMaxD: 32 },
        cosine: { ...cosineBase, depth: 4000, stride: 20, shown: 16, paths: 4000, theoryTimes: 40 },
        sphere: { ...sphereBase, depth: 2000, stride: 8, candidates: 128 },
        noiseAblation: NOISE_ABLATION.tiers.full,
      };
  }
}
