/** Statistical toolkit for the Monte Carlo checks. */
export * from './binomial.js';
export * from './moments.js';
export * from './ks.js';
export * from './andersonDarling.js';
export * from './regression.js';
export * from './multiplicity.js';
export * from './chiSquare.js';
export * from './twoProportion.js';
export { requireAlpha, requireSample } from './checks.js';
export * from './signedRank.js';
export * from './quantiles.js';
