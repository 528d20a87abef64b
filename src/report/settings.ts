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
  depth: number;
  horizon: number;
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

export function tierSettings(tier: ReportTier): TierSettings {
  const dims = range(2, 8, 1);
  const phaseBase = { horizon: 20, threshold: -0.99, alpha: 0.05 };
  const cosineBase = { d: 4, betas: [0.4, 1.5], horizon: 20, threshold: -0.99 };
  // n = 6, β = 2 on S²: both end states are common (quick tier, default seed: of 64 candidates
  // 16 end in one cluster and 19 in two antipodal groups), so the first candidates show one of each.
  const sphereBase = { n: 6, beta: 2, horizon: 20 };
  switch (tier) {
    case 'smoke':
      return {
        claimsTier: 'quick',
        claims: ['sphere-invariance', 'strong-order', 'weak-order'],
        phase: { ...phaseBase, dims: [2, 3, 4, 5], betas: range(0, 2.5, 0.5), paths: 40, depth: 400 },
        cosine: { ...cosineBase, depth: 400, stride: 4, shown: 8, paths: 60, theoryTimes: 6 },
        sphere: { ...sphereBase, depth: 600, stride: 4, candidates: 16 },
        noiseAblation: { frozenSeeds: 3, trainedSeeds: 2, train: 30, validation: 20, test: 30, epochs: 1 },
      };
    case 'quick':
      return {
        claimsTier: 'quick',
        claims: null,
        phase: { ...phaseBase, dims, betas: range(0, 2.5, 0.125), paths: 200, depth: 2000 },
        cosine: { ...cosineBase, depth: 2000, stride: 10, shown: 12, paths: 500, theoryTimes: 20 },
        sphere: { ...sphereBase, depth: 1000, stride: 4, candidates: 64 },
        noiseAblation: NOISE_ABLATION.tiers.quick,
      };
    case 'full':
      return {
        claimsTier: 'full',
        claims: null,
        phase: { ...phaseBase, dims, betas: range(0, 2.5, 0.0625), paths: 1000, depth: 4000 },
        cosine: { ...cosineBase, depth: 4000, stride: 20, shown: 16, paths: 4000, theoryTimes: 40 },
        sphere: { ...sphereBase, depth: 2000, stride: 8, candidates: 128 },
        noiseAblation: NOISE_ABLATION.tiers.full,
      };
  }
}
