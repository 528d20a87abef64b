export { brownianIncrements, blockSums, type BrownianSpec } from './brownian.js';
export { runSde, sdeStep, type SdeConfig, type SdeResult } from './solver.js';
