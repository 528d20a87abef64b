/**
 * A trainable deep stochastic Transformer in float64 with a hand-written reverse pass.
 *
 * Architecture (docs/model.md#the-discrete-chain, unit sphere, Q = K = V̄ = I fixed):
 *
 *     A_ij = softmax_j(β⟨x_i, x_j⟩),   m_i = Σ_j A_ij x_j
 *     y_i  = x_i + h·γ·m_i + c·V_ℓ m_i,   x_i ← y_i/|y_i|        (ℓ = 0, …, L−1)
 *
 * with c = √h (the paper's diffusion scaling) or c = h (noise that vanishes with depth). The value
 * matrices V_ℓ (d×d, one per layer, shared by all tokens) are the trained weights of the network;
 * the intrinsic noise is their initialization. The readout is linear in two features of the final
 * tokens: the mean token x̄ = (1/n)Σ x_i (d numbers) and the cosine ⟨x_1, x_2⟩ of the first two
 * tokens, z = ⟨w, x̄⟩ + a·⟨x_1, x_2⟩ + b, trained with the logistic loss.
 *
 * The forward pass keeps what the reverse pass needs (tokens, attention, m, |y| of every layer);
 * the reverse pass accumulates ∂loss/∂V_ℓ and the readout gradient. Nothing here draws random
 * numbers, so a forward or backward pass is a pure function of its inputs.
 */

/** Shape and fixed (untrained) constants of the network. */
export interface Architecture {
  n: number;
  d: number;
  depth: number;
  /** Horizon T; the step is h = T/L. */
  horizon: number;
  beta: number;
  /** Strength of the deterministic value part γ·V̄ with V̄ = I. */
  gamma: number;
  /** How the random value branch scales with the step: √h (diffusion) or h. */
  valueScaling: 'sqrt-h' | 'h';
}

/** Number of readout features: the mean token (d) and the cosine of tokens 1 and 2. */
export function featureCount(d: number): number {
  return d + 1;
}

/** Trainable parameters: value matrices (depth·d·d, row-major per layer) and the readout. */
export interface Parameters {
  values: Float64Array;
  /** Readout weights w (d) followed by a (cosine weight): featureCount(d) numbers. */
  readout: Float64Array;
  bias: number;
}

export function stepSize(arch: Architecture): number {
  return arch.horizon / arch.depth;
}

/** The factor c in front of V_ℓ m_i. */
export function valueFactor(arch: Architecture): number {
  const h = stepSize(arch);
  return arch.valueScaling === 'sqrt-h' ? Math.sqrt(h) : h;
}

/** Per-example activations of a forward pass (reused across examples to avoid allocation). */
export class Tape {
  readonly tokens: Float64Array; // (depth+1)·n·d
  readonly attention: Float64Array; // depth·n·n
  readonly means: Float64Array; // depth·n·d (m_i of every layer)
  readonly norms: Float64Array; // depth·n (|y_i|)
  readonly scratch: Float64Array;
  constructor(readonly arch: Architecture) {
    const { n, d, depth } = arch;
    this.tokens = new Float64Array((depth + 1) * n * d);
    this.attention = new Float64Array(depth * n * n);
    this.means = new Float64Array(depth * n * d);
    this.norms = new Float64Array(depth * n);
    this.scratch = new Float64Array(Math.max(n * d, n * n) * 3);
  }
}

/**
 * Runs the network on one example (n·d unit tokens) and returns the final tokens' features
 * into `features` (featureCount(d) numbers). The tape keeps every layer for `backward`.
 */
export function forward(arch: Architecture, values: Float64Array, input: Float64Array, tape: Tape, features: Float64Array): void {
  const { n, d, depth, beta, gamma } = arch;
  const hg = stepSize(arch) * gamma;
  const c = valueFactor(arch);
  const nd = n * d;
  const X = tape.tokens;
  X.set(input.subarray(0, nd), 0);
  for (let l = 0; l < depth; l++) {
    const x0 = l * nd;
    const x1 = x0 + nd;
    const a0 = l * n * n;
    const m0 = l * nd;
    const v0 = l * d * d;
    for (let i = 0; i < n; i++) {
      // Row softmax of β⟨x_i, x_j⟩, stabilized by its maximum.
      let max = -Infinity;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += X[x0 + i * d + k] * X[x0 + j * d + k];
        s *= beta;
        tape.attention[a0 + i * n + j] = s;
        if (s > max) max = s;
      }
      let z = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp(tape.attention[a0 + i * n + j] - max);
        tape.attention[a0 + i * n + j] = e;
        z += e;
      }
      for (let j = 0; j < n; j++) tape.attention[a0 + i * n + j] /= z;
      for (let k = 0; k < d; k++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += tape.attention[a0 + i * n + j] * X[x0 + j * d + k];
        tape.means[m0 + i * d + k] = s;
      }
      let norm2 = 0;
      for (let r = 0; r < d; r++) {
        let vm = 0;
        for (let k = 0; k < d; k++) vm += values[v0 + r * d + k] * tape.means[m0 + i * d + k];
        const y = X[x0 + i * d + r] + hg * tape.means[m0 + i * d + r] + c * vm;
        X[x1 + i * d + r] = y;
        norm2 += y * y;
      }
      const norm = Math.sqrt(norm2);
      tape.norms[l * n + i] = norm;
      for (let r = 0; r < d; r++) X[x1 + i * d + r] /= norm;
    }
  }
  readoutFeatures(X.subarray(depth * nd, (depth + 1) * nd), n, d, features);
}

/** Features of final tokens: mean token, then ⟨x_1, x_2⟩. */
export function readoutFeatures(tokens: Float64Array, n: number, d: number, features: Float64Array): void {
  for (let k = 0; k < d; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += tokens[i * d + k];
    features[k] = s / n;
  }
  let cos = 0;
  for (let k = 0; k < d; k++) cos += tokens[k] * tokens[d + k];
  features[d] = cos;
}

/** The readout logit z = ⟨readout, φ⟩ + bias. */
export function logit(params: Parameters, features: Float64Array): number {
  let z = params.bias;
  for (let k = 0; k < features.length; k++) z += params.readout[k] * features[k];
  return z;
}

/** Logistic loss log(1 + e^z) − y·z, computed without overflow. */
export function logisticLoss(z: number, label: 0 | 1): number {
  const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  return softplus - label * z;
}

/** σ(z) = 1/(1 + e^−z), without overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Gradient accumulators, same layout as Parameters. */
export interface Gradient {
  values: Float64Array;
  readout: Float64Array;
  bias: number;
}

export function zeroGradient(arch: Architecture): Gradient {
  return {
    values: new Float64Array(arch.depth * arch.d * arch.d),
    readout: new Float64Array(featureCount(arch.d)),
    bias: 0,
  };
}

/**
 * Adds `weight`·∂loss/∂θ of one example to `grad`, where loss = logisticLoss(z, label) and the tape
 * holds this example's forward pass. Set `trainValues` false to skip the reverse pass through the
 * layers (frozen network, readout only).
 */
export function backward(
  arch: Architecture,
  params: Parameters,
  tape: Tape,
  features: Float64Array,
  label: 0 | 1,
  weight: number,
  grad: Gradient,
  trainValues = true,
): void {
  const { n, d, depth, beta, gamma } = arch;
  const nd = n * d;
  const gz = weight * (sigmoid(logit(params, features)) - label);
  for (let k = 0; k < features.length; k++) grad.readout[k] += gz * features[k];
  grad.bias += gz;
  if (!trainValues) return;
  const hg = stepSize(arch) * gamma;
  const c = valueFactor(arch);
  const X = tape.tokens;
  const V = params.values;
  // gx: ∂loss/∂(tokens of the current layer output); gy, gm: per layer.
  const gx = tape.scratch.subarray(0, nd);
  const gy = tape.scratch.subarray(nd, 2 * nd);
  const gm = tape.scratch.subarray(2 * nd, 3 * nd);
  const xl = depth * nd;
  const a = params.readout[d];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) gx[i * d + k] = (gz * params.readout[k]) / n;
  }
  for (let k = 0; k < d; k++) {
    gx[k] += gz * a * X[xl + d + k];
    gx[d + k] += gz * a * X[xl + k];
  }
  const gA = new Float64Array(n);
  for (let l = depth - 1; l >= 0; l--) {
    // Copy of forward's per-layer tape offsets (this file): backward must index the tape exactly as forward wrote it.
    const x0 = l * nd;
    const x1 = x0 + nd;
    const a0 = l * n * n;
    const m0 = l * nd;
    const v0 = l * d * d;
    // Through the normalization x' = y/|y|: gy = (gx' − x'⟨x', gx'⟩)/|y|.
    for (let i = 0; i < n; i++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += X[x1 + i * d + k] * gx[i * d + k];
      const inv = 1 / tape.norms[l * n + i];
      for (let k = 0; k < d; k++) gy[i * d + k] = (gx[i * d + k] - X[x1 + i * d + k] * dot) * inv;
    }
    // y = x + hγ m + c V m: gV += c Σ_i gy_i m_iᵀ, gm = hγ gy + c Vᵀ gy, gx = gy (+ attention terms).
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < d; r++) {
        const g = c * gy[i * d + r];
        for (let k = 0; k < d; k++) grad.values[v0 + r * d + k] += g * tape.means[m0 + i * d + k];
      }
      for (let k = 0; k < d; k++) {
        let s = 0;
        for (let r = 0; r < d; r++) s += V[v0 + r * d + k] * gy[i * d + r];
        gm[i * d + k] = hg * gy[i * d + k] + c * s;
      }
    }
    gx.set(gy);
    // m_i = Σ_j A_ij x_j and A = softmax(β X Xᵀ).
    for (let i = 0; i < n; i++) {
      let mean = 0;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += gm[i * d + k] * X[x0 + j * d + k];
        gA[j] = s;
        mean += tape.attention[a0 + i * n + j] * s;
      }
      for (let j = 0; j < n; j++) {
        const aij = tape.attention[a0 + i * n + j];
        const gs = beta * aij * (gA[j] - mean);
        for (let k = 0; k < d; k++) {
          gx[j * d + k] += aij * gm[i * d + k] + gs * X[x0 + i * d + k];
          gx[i * d + k] += gs * X[x0 + j * d + k];
        }
      }
    }
  }
}
