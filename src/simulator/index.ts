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
export { classifyFormation, DEFAULT_CLASSIFY_TOLERANCE, type Formation, type Classification } from './classify.js';
