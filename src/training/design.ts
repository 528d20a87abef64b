/**
 * The noise-ablation experiment's design, fixed before any run (docs/noise-ablation.md states
 * the reasons for every number). Changing a setting here changes the experiment: rerun every
 * tier and say why in docs/noise-ablation.md.
 */
import type { TaskName, TaskShape } from './tasks.js';

/** How one arm sets up the value matrices V_ℓ. */
export interface ArmSpec {
  id: 'A' | 'B' | 'C';
  label: string;
  /** Standard deviation factor of the initial entries: N(0, (sigma)²/d). */
  sigma: number;
  valueScaling: 'sqrt-h' | 'h';
}

export const ARMS: readonly ArmSpec[] = [
  { id: 'A', label: 'intrinsic noise (σ = 1, √h)', sigma: 1, valueScaling: 'sqrt-h' },
  { id: 'B', label: 'noise suppressed (σ = 0)', sigma: 0, valueScaling: 'sqrt-h' },
  { id: 'C', label: 'noise scaled by h', sigma: 1, valueScaling: 'h' },
];
export type ArmId = ArmSpec['id'];

/** The paired contrasts, each one-sided with H1: the first arm is more accurate. */
export const CONTRASTS = [
  { id: 'A-B', better: 'A', worse: 'B' },
  { id: 'A-C', better: 'A', worse: 'C' },
] as const;
export type ContrastId = (typeof CONTRASTS)[number]['id'];

export const REGIMES = ['frozen', 'trained'] as const;
export type Regime = (typeof REGIMES)[number];

export interface TierSizes {
  /** Replicates (seeds) of the frozen-network regime. */
  frozenSeeds: number;
  /** Replicates (seeds) of the end-to-end regime. */
  trainedSeeds: number;
  train: number;
  validation: number;
  test: number;
  epochs: number;
}

export interface Design {
  shape: TaskShape;
  tasks: readonly TaskName[];
  horizon: number;
  beta: number;
  gamma: number;
  depths: readonly number[];
  arms: readonly ArmSpec[];
  /** Ridge penalties tried for the frozen-network readout (chosen on validation). */
  lambdas: readonly number[];
  /** Adam learning rates tried end to end (chosen per arm and seed on validation). */
  learningRates: readonly number[];
  batchSize: number;
  /** Level of every one-sided test (Holm over the cells of one contrast). */
  alpha: number;
  tiers: Record<'quick' | 'full', TierSizes>;
}

export const NOISE_ABLATION: Design = {
  shape: { n: 6, d: 6, spread: 0.5 },
  tasks: ['relational', 'mean-direction'],
  horizon: 4,
  beta: 2,
  gamma: 1,
  depths: [8, 32, 128],
  arms: ARMS,
  lambdas: [1e-4, 1e-2, 1],
  learningRates: [0.003, 0.01, 0.03],
  batchSize: 20,
  alpha: 0.05,
  tiers: {
    quick: { frozenSeeds: 10, trainedSeeds: 3, train: 200, validation: 200, test: 400, epochs: 3 },
    full: { frozenSeeds: 20, trainedSeeds: 10, train: 800, validation: 400, test: 1000, epochs: 6 },
  },
};

/** Default master seed of the experiment (each replicate derives its own). */
export const NOISE_ABLATION_SEED = 20260130;
