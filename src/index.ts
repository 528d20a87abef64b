/**
 * dst-verify: executable evidence for "Clustering in Deep Stochastic Transformers"
 * (arXiv:2601.21942). The public API: the reference simulator (discrete chain, limit SDE,
 * seeded splittable randomness), the theory oracle (`theory`), the statistics (`stats`), and the
 * claims with the Simulator interface they run against.
 */
export * from './simulator/index.js';
export * from './sde/index.js';
export * from './rng/index.js';
export { runChainParallel, type ParallelOptions } from './parallel/index.js';
export { EndStateTally, type EndStateSummary, type FormationTimes, type Frequency } from './grid/endStates.js';
export * as theory from './theory/index.js';
export * as stats from './stats/index.js';
export { ConfigError, NumericalError } from './util/errors.js';
export {
  PROTOCOL_VERSION,
  CAPABILITIES,
  type Capability,
  type Simulator,
  type SimulatorInfo,
  type ChainRequest,
  type ChainReply,
} from './claims/simulatorUnderTest.js';
export { referenceSimulator } from './claims/reference.js';
export { faultySimulator, FAULTS, FAULT_IDS, type FaultId } from './faults/faults.js';
export { runClaim, runClaims, type RunOptions } from './claims/runner.js';
export { DEFAULT_SEED, TIERS, type Claim, type ClaimMeta, type ClaimResult, type ClaimOutcome, type Tier } from './claims/claim.js';
export { ExternalSimulator } from './protocol/external.js';
export { runConformance, type ConformReport } from './protocol/conform.js';
export { allClaims } from '../specs/index.js';
