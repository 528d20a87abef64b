/**
 * The one module a claim file imports: everything a claim may use, and nothing else.
 *
 * - claim types (what a claim declares and returns);
 * - the simulator under test and how to sample from it (batches with derived seeds, reply checks);
 * - property running (fast-check arbitraries and the runner that turns a property into an outcome);
 * - the oracles a claim compares against: the limit SDE solver and Brownian paths, the
 *   deterministic attention flow, the theory, the statistics, and formation classification;
 * - token geometry (pairwise cosines, two-token starts).
 *
 * A claim that needs something not offered here adds it here, so this file lists the whole surface
 * the claims rely on.
 */

// Claim types.
export type { Claim, ClaimContext, ClaimMeta, ClaimOutcome } from '../src/claims/claim.js';

// The simulator under test and sampling from it.
export type { ChainReply, ChainRequest, Simulator } from '../src/claims/simulatorUnderTest.js';
export { checkReply, sampleFinalCosines, sampleFinalTokens, samplePairwiseCosines, subProgress } from '../src/claims/draws.js';

// The reference chain, as a sample of the exact law of the discrete chain (coarse-step, pathwise agreement).
export { referenceSimulator } from '../src/claims/reference.js';

// Tolerances from the rounding-error model.
export { precisionOf, tolerance } from '../src/claims/tolerance.js';

// Property running.
export { default as fc } from 'fast-check';
export {
  boundedMatrix,
  checkProperty,
  extremeShapeArb,
  moderateConfigs,
  gaussianIncrements,
  orthogonalMatrix,
  propertyOutcome,
  shapeArb,
  supportedLaws,
  unitTokens,
} from '../src/claims/arbitraries.js';

// Randomness and entry laws.
export { deriveSeed, streamRng } from '../src/rng/streams.js';
export type { EntryLaw } from '../src/rng/entryLaws.js';

// Token geometry and the snapshot schedule of the reference chain.
export { firstPairCosines, pairCount, pairwiseCosines, toRows, twoTokenStart } from '../src/simulator/tokens.js';
export { snapshotLayers } from '../src/simulator/workspace.js';

// Oracle: classification of final configurations.
export { classifyFormation, endStateOf, DEFAULT_CLASSIFY_TOLERANCE } from '../src/simulator/classify.js';

// Oracle: the limit SDE and the deterministic attention flow.
export { blockSums, brownianIncrements } from '../src/sde/brownian.js';
export { runSde } from '../src/sde/solver.js';
export { attentionFlow } from '../src/sde/attentionFlow.js';

// Oracle: theory.
export { antipodalAttracts, antipodalProbability, criticalBeta, finiteTimeCdf, finiteTimeExpectation, groupLyapunovExponent } from '../src/theory/index.js';

// Oracle: statistics.
export {
  binomialTwoSidedPValue,
  clopperPearson,
  clopperPearsonLower,
  holm,
  ksOneSample,
  ksTwoSample,
  linearRegression,
  RunningMoments,
  slopeFromBatches,
  weightedLinearRegression,
} from '../src/stats/index.js';
export { binnedFit } from '../src/stats/binnedLaw.js';

// Oracle: the phase cell (Monte Carlo frequency of ρ_T < threshold against the limit SDE).
export { countBelow, phaseCell, phaseCellSeed } from '../src/grid/phaseCell.js';

// Oracle: the exact one-layer law of a single token.
export { singleTokenLayerLaw } from '../src/theory/oneLayer.js';

// The trainable model and the noise-ablation experiment (design fixed in docs/noise-ablation.md).
export { NOISE_ABLATION } from '../src/training/design.js';
export { runNoiseAblation } from '../src/training/experiment.js';
export { analyzeNoiseAblation, primaryEndpoint } from '../src/training/analysis.js';
