/**
 * Deliberately broken simulators, each with one fault, to prove that the specs have power:
 * every statistical claim must fail on at least one of these (specs/power.test.ts), and the
 * external forms (fixtures/python) must be rejected by the same claims in CI.
 *
 * The implementation is a plain, separate chain (src/faults/plainChain.ts, not the reference with
 * switches), so that a fault cannot leak into the reference simulator.
 */
import { runPlainChain, type Defects } from './plainChain.js';
import { CAPABILITIES, type Simulator } from '../claims/simulatorUnderTest.js';

export const FAULTS = {
  'token-wise-noise': 'each token gets its own value matrix V_k instead of one shared by all tokens',
  'noise-scaled-by-h': 'the noise is scaled by h instead of √h',
  'no-normalization': 'the token-wise normalization is skipped',
  'reused-value-matrix': 'one value matrix is drawn once and reused for every layer',
  'wrong-entry-variance': 'value entries have variance σ² instead of σ²/d',
  'attention-wrong-axis': 'the softmax normalizes over the query axis (columns) instead of the keys (rows)',
  'uniform-wrong-variance': "the 'uniform' entry law is U(−σ/√d, σ/√d), a third of the required variance",
  'step-t-over-l-plus-1': 'the step is h = T/(L+1) instead of T/L',
  'extra-layer': 'one layer too many: L + 1 layers of step T/L',
  'missing-layer': 'one layer too few: L − 1 layers of step T/L',
  'entry-variance-x1.1': 'value entries have variance 1.1·σ²/d',
  'entry-variance-x1.25': 'value entries have variance 1.25·σ²/d',
  'beta-x1.1': 'the inverse temperature is 1.1·β',
  'drift-halved': 'the drift is h·γ·V̄m/2',
  'no-max-subtraction': 'the softmax exponentiates the raw logits (no max subtraction), in float32 arithmetic: exp overflows for logits above 88.7',
  'causal-attention': 'token i attends only to tokens j ≤ i (a causal mask): the output law is no longer permutation-equivariant',
  'sigma-ignored': 'the noise scale σ is ignored: value entries always have variance 1/d, as for σ = 1',
} as const;
export type FaultId = keyof typeof FAULTS;
export const FAULT_IDS = Object.keys(FAULTS) as FaultId[];

/** The defects of each fault (src/faults/plainChain.ts). */
export const FAULT_DEFECTS: Record<FaultId, Defects> = {
  'token-wise-noise': { tokenWiseNoise: true },
  'noise-scaled-by-h': { noiseScale: (h) => Math.sqrt(h) },
  'no-normalization': { noNormalization: true },
  'reused-value-matrix': { reuseValueMatrix: true },
  'wrong-entry-variance': { noiseScale: (_h, d) => Math.sqrt(d) },
  'attention-wrong-axis': { softmaxOverQueries: true },
  'uniform-wrong-variance': { noiseScale: (_h, _d, law) => (law === 'uniform' ? 1 / Math.sqrt(3) : 1) },
  'step-t-over-l-plus-1': { stepOffset: 1 },
  'extra-layer': { layerOffset: 1 },
  'missing-layer': { layerOffset: -1 },
  'entry-variance-x1.1': { noiseScale: () => Math.sqrt(1.1) },
  'entry-variance-x1.25': { noiseScale: () => Math.sqrt(1.25) },
  'beta-x1.1': { betaFactor: 1.1 },
  'drift-halved': { driftFactor: 0.5 },
  'no-max-subtraction': { noMaxSubtraction: true, float32: true },
  'sigma-ignored': { ignoreSigma: true },
  'causal-attention': { causalAttention: true },
};

/** A simulator with exactly one fault (declaring float32 when the fault computes in float32). */
export function faultySimulator(fault: FaultId, opts: { float32?: boolean } = {}): Simulator {
  const defects = { ...FAULT_DEFECTS[fault], ...(opts.float32 ? { float32: true } : {}) };
  return plainSimulator(`faulty (${fault}${defects.float32 ? ', float32' : ''})`, defects);
}

/** The correct chain in float32 arithmetic (every operation rounded): not a fault. */
export function float32Simulator(): Simulator {
  return plainSimulator('plain chain (float32)', { float32: true });
}

function plainSimulator(name: string, defects: Defects): Simulator {
  return {
    info: { name, version: '0', sphere: 'unit', precision: defects.float32 ? 'float32' : 'float64', capabilities: [...CAPABILITIES] },
    async runChain(req) {
      return runPlainChain(req, defects);
    },
    async close() {},
  };
}
