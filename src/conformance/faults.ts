/**
 * Deliberately broken simulators, each with one fault, to prove that the specs have power:
 * every statistical claim must fail on at least one of these (specs/power.test.ts).
 */
export const FAULTS = {
  'token-wise-noise': 'each token gets its own value matrix V_k instead of one shared by all tokens',
  'noise-scaled-by-h': 'the noise is scaled by h instead of √h',
  'no-normalization': 'the token-wise normalization is skipped',
  'reused-value-matrix': 'one value matrix is drawn once and reused for every layer',
  'wrong-entry-variance': 'value entries have variance σ² instead of σ²/d',
  'attention-wrong-axis': 'the softmax normalizes over the query axis (columns) instead of the keys (rows)',
  'uniform-wrong-variance': "the 'uniform' entry law is U(−σ/√d, σ/√d), a third of the required variance",
} as const;
export type FaultId = keyof typeof FAULTS;
