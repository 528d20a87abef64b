export { brownianIncrements, blockSums, type BrownianSpec } from './brownian.js';
export { runSde, sdeStep, type SdeConfig, type SdeResult } from './solver.js';
export { attentionFlow, type FlowParams } from './attentionFlow.js';
