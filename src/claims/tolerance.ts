/**
 * The rounding-error model behind every exact and property claim: how far a correct simulator
 * computing in precision p (unit round-off u = 2^-24 for float32, 2^-53 for float64) may deviate
 * from exact arithmetic, as a function of the work of the request (depth L, tokens n, dimension
 * d, inverse temperature β). Derivation (docs/precision.md has the long form):
 *
 * Standard model fl(a ∘ b) = (a ∘ b)(1 + δ), |δ| ≤ u; an inner product of length m has absolute
 * error ≤ γ_m Σ|a_k b_k|, γ_m = m·u/(1 − m·u) ≈ m·u (Higham, Accuracy and Stability of Numerical
 * Algorithms, 2nd ed., §3.1). For unit tokens, one layer (docs/model.md#the-discrete-chain):
 *   logits  ℓ_ij = β⟨x_i, x_j⟩                      |δℓ| ≤ β(d + 2)u                 = c_ℓ·u
 *   softmax a_ij (max subtracted: exp, sum of n, divide)  relative |δa_ij| ≤ (2c_ℓ + n + 3)u = c_a·u
 *   means   m_i = Σ_j a_ij x_j  (Σ_j a_ij = 1, |x_j| = 1)  |δm_i| ≤ (c_a + n)u
 *   update  z_i = h·γ·m_i + ΔW_k m_i, y_i = x_i + z_i, with w = h·γ + ‖ΔW_k‖:
 *           |δy_i| ≤ w·(c_a + n + d + 1)u + 2(1 + w)u ≤ (1 + w)(c_a + n + d + 3)u
 *   normalization x_i ← y_i/|y_i| (sum of d squares, sqrt, divide, d products):
 *           |δx_i| ≤ |δy_i|/|y_i| + (d/2 + 3)u
 * Assumption A (no cancellation): |y_i| ≥ (1 + w)/4, i.e. an update never cancels more than
 * three quarters of the token; then one layer adds at most c_layer·u with
 *   c_layer = d/2 + 3 + 4(c_a + n + d + 3).
 * Assumption B (no amplification): rounding errors made at one layer are not amplified by the
 * later layers (the common noise and the normalization contract perturbations of a token
 * configuration; attention at large β saturates). Then, with the input (and output) rounded to
 * the simulator's precision (√d·u per token), one run deviates from exact arithmetic by at most
 *   E_L = u·(√d + L·c_layer)      per token, in the Euclidean norm.
 * A and B are not theorems; they are checked by running the chain in float32 emulation
 * (src/faults/plainChain.ts, Math.fround after every operation) against float64 over the
 * claims' own random configurations (src/claims/tolerance.test.ts): every observed deviation
 * must sit below E_L.
 *
 * Derived tolerances (the kinds):
 *   'sphere'    |‖x‖ − 1| of one returned token: 2(d/2 + 3)u (the normalization's own rounding,
 *               doubled for the conversion of the reply, e.g. from the RMS sphere)
 *   'pathwise'  one run against exact arithmetic (or the float64 reference): E_L
 *   'two-runs'  two runs of the same chain with different roundings (equivariances, copies): 2E_L
 *   'antipodal' |⟨x_1, x_2⟩ + 1| for a pair started antipodal: 2·sphere + ½(2E_L)²
 * In float64 a tolerance never exceeds the fixed tolerance a claim used before precision was
 * declared (`float64Cap`): declaring precision can only tighten what float64 simulators are held to.
 */
import type { ChainReply, Precision, Simulator } from './simulatorUnderTest.js';

/** Unit round-off u of each precision (round to nearest). */
export const UNIT_ROUNDOFF: Record<Precision, number> = { float32: 2 ** -24, float64: 2 ** -53 };

export type ToleranceKind = 'sphere' | 'pathwise' | 'two-runs' | 'antipodal';

/** The work of one request that rounding errors scale with. */
export interface Work {
  n: number;
  d: number;
  /** Layers L. */
  depth: number;
  /** Inverse temperature β (on the unit sphere). */
  beta: number;
}

/** The coarser of the declared precision and the precision of the replies actually received. */
export function precisionOf(sim: Simulator, ...replies: readonly ChainReply[]): Precision {
  if (sim.info.precision === 'float32' || replies.some((r) => r.precision === 'float32')) return 'float32';
  return 'float64';
}

/** c_layer of the model: the rounding error one layer adds, in units of u. */
export function layerConstant({ n, d, beta }: Omit<Work, 'depth'>): number {
  const cLogit = beta * (d + 2);
  const cWeights = 2 * cLogit + n + 3;
  return d / 2 + 3 + 4 * (cWeights + n + d + 3);
}

/** The tolerance of `kind` for work `w` in units of u (multiply by UNIT_ROUNDOFF[p]). */
export function toleranceInUnits(kind: ToleranceKind, w: Work): number {
  const sphere = 2 * (w.d / 2 + 3);
  const oneRun = Math.sqrt(w.d) + w.depth * layerConstant(w);
  switch (kind) {
    case 'sphere':
      return sphere;
    case 'pathwise':
      return oneRun;
    case 'two-runs':
      return 2 * oneRun;
    case 'antipodal':
      return 2 * sphere; // + ½(2E_L)², added in `tolerance` where u is known
  }
}

/**
 * Tolerance of `kind` for a simulator computing in `precision` on work `w`; in float64 at most
 * `float64Cap` (the claim's fixed tolerance before precision was declared), when given.
 */
export function tolerance(precision: Precision, kind: ToleranceKind, w: Work, float64Cap = Infinity): number {
  const u = UNIT_ROUNDOFF[precision];
  let tol = u * toleranceInUnits(kind, w);
  if (kind === 'antipodal') tol += 0.5 * (2 * u * toleranceInUnits('pathwise', w)) ** 2;
  return precision === 'float64' ? Math.min(tol, float64Cap) : tol;
}
