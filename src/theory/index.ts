/**
 * Theory oracle for two tokens of the deep stochastic Transformer limit (docs/model.md#two-tokens):
 * cosine SDE coefficients, Lyapunov exponents and the phase transition, the exact long-run antipodal
 * probability, the finite-time law of ρ_T, and a JSON-able report. Derivations: DERIVATION.md.
 */
export type { CosineParams } from './params.js';
export { validateCosineParams } from './params.js';
export {
  pairAttentionWeights,
  cosineDrift,
  cosineDiffusionSquared,
  artanhCoefficients,
  type PairAttentionWeights,
} from './cosineSde.js';
export {
  lyapunovExponentAtCollapse,
  lyapunovExponentAtAntipode,
  antipodalExponentMargin,
  antipodalAttracts,
  criticalBeta,
  criticalDimension,
  type CriticalDimension,
} from './lyapunov.js';
export {
  antipodalProbability,
  antipodalProbabilityEvaluator,
  type AntipodalProbabilityEvaluator,
} from './antipodalProbability.js';
export { antipodalProbabilityArtanh } from './antipodalProbabilityArtanh.js';
export { antipodalProbabilityPlanar } from './closedForms.js';
export { scaleDensityModel, type ScaleDensityModel } from './scaleDensity.js';
export {
  finiteTimeExpectation,
  finiteTimeExpectationSolution,
  finiteTimeCdf,
  finiteTimeCdfSolution,
  finiteTimeLaw,
  finiteTimeConvergenceStudy,
  type FiniteTimeOptions,
  type FiniteTimeSolution,
  type FiniteTimeLaw,
  type ConvergenceLevel,
} from './finiteTime.js';
export { theoryReport, formatTheoryReport, type TheoryReport, type TheoryReportInput } from './summary.js';
export {
  groupWeights,
  twoGroupCosineDrift,
  twoGroupCosineDiffusionSquared,
  antipodalGapDrift,
  antipodalGapQuantiles,
  groupLyapunovExponent,
  withinGroupExponents,
  groupCriticalBeta,
  antipodalGroupsTable,
  validateGroupParams,
  type GroupSplitRow,
  type GroupParams,
  type GroupWeights,
} from './antipodalGroups.js';
