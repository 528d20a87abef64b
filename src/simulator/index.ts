export { runChain, runResolvedChain, chainLayer, initialTokensOfPath, type ChainResult } from './chain.js';
export {
  resolveModel,
  resolveChain,
  SPHERES,
  type ModelConfig,
  type ChainConfig,
  type ResolvedModel,
  type ResolvedChain,
  type Sphere,
} from './config.js';
export { attentionWeights, attentionMeans } from './attention.js';
export { rmsNormalize, rmsRadius, uniformOnSphere, pairwiseCosines, pairCount, toRows } from './tokens.js';
export { snapshotLayers, type Snapshots } from './workspace.js';
export {
  classifyFormation, endStateOf, formationSnapshot, DEFAULT_CLASSIFY_TOLERANCE, END_STATE_KINDS,
  type Formation, type Classification, type EndState, type EndStateKind,
} from './classify.js';
