/**
 * Fitting the network: (i) a frozen network with a ridge-logistic readout fitted by Newton's method
 * on standardized features (convex, solved to convergence); (ii) end-to-end training of the value
 * matrices and the readout by Adam on minibatches. Both are deterministic functions of their inputs
 * (the batch order is drawn from a stream address), so a seeded run repeats bit for bit.
 */
import { streamRng } from '../rng/streams.js';
import {
  backward,
  featureCount,
  forward,
  logit,
  Tape,
  zeroGradient,
  type Architecture,
  type Parameters,
} from './model.js';
import { STREAM_BATCH_ORDER } from './tasks.js';

/** Features of every example (count·featureCount) of a network with fixed value matrices. */
export function networkFeatures(arch: Architecture, values: Float64Array, inputs: Float64Array, count: number): Float64Array {
  const p = featureCount(arch.d);
  const out = new Float64Array(count * p);
  const tape = new Tape(arch);
  const nd = arch.n * arch.d;
  for (let e = 0; e < count; e++) {
    forward(arch, values, inputs.subarray(e * nd, (e + 1) * nd), tape, out.subarray(e * p, (e + 1) * p));
  }
  return out;
}

/** Fraction of examples whose logit sign matches the label (z > 0 predicts 1). */
export function accuracyOfLogits(logits: Float64Array, labels: Uint8Array): number {
  let right = 0;
  for (let e = 0; e < labels.length; e++) if ((logits[e] > 0 ? 1 : 0) === labels[e]) right++;
  return right / labels.length;
}

/** Per-feature mean and standard deviation on a training split (sd floored at the smallest normal). */
export function standardizer(features: Float64Array, p: number): { mean: Float64Array; sd: Float64Array } {
  const count = features.length / p;
  const mean = new Float64Array(p);
  const sd = new Float64Array(p);
  for (let e = 0; e < count; e++) for (let k = 0; k < p; k++) mean[k] += features[e * p + k];
  for (let k = 0; k < p; k++) mean[k] /= count;
  for (let e = 0; e < count; e++) for (let k = 0; k < p; k++) sd[k] += (features[e * p + k] - mean[k]) ** 2;
  for (let k = 0; k < p; k++) sd[k] = Math.max(Math.sqrt(sd[k] / count), Number.MIN_VALUE);
  return { mean, sd };
}

function standardize(features: Float64Array, p: number, s: { mean: Float64Array; sd: Float64Array }): Float64Array {
  const out = new Float64Array(features.length);
  for (let i = 0; i < features.length; i++) out[i] = (features[i] - s.mean[i % p]) / s.sd[i % p];
  return out;
}

/** Solves the symmetric positive definite system A x = b (size q) by Cholesky, in place in copies. */
function solveSpd(a: Float64Array, b: Float64Array, q: number): Float64Array {
  const l = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * q + j];
      for (let k = 0; k < j; k++) s -= l[i * q + k] * l[j * q + k];
      l[i * q + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j * q + j];
    }
  }
  const y = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * q + k] * y[k];
    y[i] = s / l[i * q + i];
  }
  const x = new Float64Array(q);
  for (let i = q - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < q; k++) s -= l[k * q + i] * x[k];
    x[i] = s / l[i * q + i];
  }
  return x;
}

/**
 * Ridge logistic regression: minimizes (1/N)Σ logloss(⟨w, φ_e⟩ + b, y_e) + (λ/2)|w|² (bias not
 * penalized) by damped Newton steps until the step is below 1e-10 or 100 iterations. Strictly
 * convex for λ > 0, so the minimizer is unique.
 */
export function fitRidgeLogistic(features: Float64Array, labels: Uint8Array, p: number, lambda: number): { weights: Float64Array; bias: number } {
  const count = labels.length;
  const q = p + 1;
  const theta = new Float64Array(q); // weights then bias
  const hess = new Float64Array(q * q);
  const grad = new Float64Array(q);
  const row = new Float64Array(q);
  for (let it = 0; it < 100; it++) {
    hess.fill(0);
    grad.fill(0);
    for (let e = 0; e < count; e++) {
      for (let k = 0; k < p; k++) row[k] = features[e * p + k];
      row[p] = 1;
      let z = 0;
      for (let k = 0; k < q; k++) z += theta[k] * row[k];
      const s = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
      const r = s - labels[e];
      const w = s * (1 - s);
      for (let i = 0; i < q; i++) {
        grad[i] += r * row[i];
        for (let j = 0; j <= i; j++) hess[i * q + j] += w * row[i] * row[j];
      }
    }
    for (let i = 0; i < q; i++) {
      grad[i] /= count;
      for (let j = 0; j <= i; j++) {
        hess[i * q + j] /= count;
        hess[j * q + i] = hess[i * q + j];
      }
    }
    for (let k = 0; k < p; k++) {
      grad[k] += lambda * theta[k];
      hess[k * q + k] += lambda;
    }
    hess[p * q + p] += 1e-12; // the bias direction is flat only for degenerate labels
    const step = solveSpd(hess, grad, q);
    let norm = 0;
    for (let k = 0; k < q; k++) {
      theta[k] -= step[k];
      norm = Math.max(norm, Math.abs(step[k]));
    }
    if (norm < 1e-10) break;
  }
  return { weights: theta.subarray(0, p), bias: theta[p] };
}

function linearLogits(features: Float64Array, p: number, weights: Float64Array, bias: number): Float64Array {
  const count = features.length / p;
  const out = new Float64Array(count);
  for (let e = 0; e < count; e++) {
    let z = bias;
    for (let k = 0; k < p; k++) z += weights[k] * features[e * p + k];
    out[e] = z;
  }
  return out;
}

export interface SplitFeatures {
  train: Float64Array;
  validation: Float64Array;
  test: Float64Array;
}
export interface SplitLabels {
  train: Uint8Array;
  validation: Uint8Array;
  test: Uint8Array;
}

/** Outcome of one fit with its hyperparameter chosen on the validation split. */
export interface FitOutcome {
  /** The chosen hyperparameter (ridge λ or learning rate). */
  chosen: number;
  validationAccuracy: number;
  testAccuracy: number;
}

/**
 * Regime (i): readout on a frozen network. Features are standardized with the training split's
 * moments (so the fit sees how much a feature varies, not its scale); λ is chosen from `lambdas`
 * by validation accuracy (first of the best in grid order).
 */
export function fitFrozenReadout(features: SplitFeatures, labels: SplitLabels, p: number, lambdas: readonly number[]): FitOutcome {
  const s = standardizer(features.train, p);
  const train = standardize(features.train, p, s);
  const validation = standardize(features.validation, p, s);
  const test = standardize(features.test, p, s);
  let best: FitOutcome | null = null;
  for (const lambda of lambdas) {
    const { weights, bias } = fitRidgeLogistic(train, labels.train, p, lambda);
    const validationAccuracy = accuracyOfLogits(linearLogits(validation, p, weights, bias), labels.validation);
    if (best === null || validationAccuracy > best.validationAccuracy) {
      best = { chosen: lambda, validationAccuracy, testAccuracy: accuracyOfLogits(linearLogits(test, p, weights, bias), labels.test) };
    }
  }
  return best!;
}

/** Settings of end-to-end training. */
export interface TrainingSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
}

/** Logits of every example under `params`. */
export function networkLogits(arch: Architecture, params: Parameters, inputs: Float64Array, count: number): Float64Array {
  const p = featureCount(arch.d);
  const feats = networkFeatures(arch, params.values, inputs, count);
  const out = new Float64Array(count);
  for (let e = 0; e < count; e++) out[e] = logit(params, feats.subarray(e * p, (e + 1) * p));
  return out;
}

/**
 * Regime (ii): trains value matrices and readout together by Adam (β₁ = 0.9, β₂ = 0.999,
 * ε = 1e-8) on the mean logistic loss of minibatches. The order of examples in epoch t is a
 * Fisher–Yates permutation from stream (seed, STREAM_BATCH_ORDER, t), the same for every arm.
 * Returns the trained parameters (the input is not modified).
 */
export function trainEndToEnd(
  arch: Architecture,
  init: Parameters,
  inputs: Float64Array,
  labels: Uint8Array,
  settings: TrainingSettings,
  orderSeed: number,
  onStep?: () => void,
): Parameters {
  const params: Parameters = { values: init.values.slice(), readout: init.readout.slice(), bias: init.bias };
  const count = labels.length;
  const nd = arch.n * arch.d;
  const p = featureCount(arch.d);
  const tape = new Tape(arch);
  const feats = new Float64Array(p);
  const nv = params.values.length;
  const size = nv + p + 1;
  const m1 = new Float64Array(size);
  const m2 = new Float64Array(size);
  const order = new Uint32Array(count);
  const grad = zeroGradient(arch);
  const b1 = 0.9;
  const b2 = 0.999;
  let t = 0;
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    const rng = streamRng(orderSeed, [STREAM_BATCH_ORDER, epoch]);
    for (let i = 0; i < count; i++) order[i] = i;
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(rng.nextDouble() * (i + 1));
      const tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    for (let start = 0; start < count; start += settings.batchSize) {
      const end = Math.min(count, start + settings.batchSize);
      grad.values.fill(0);
      grad.readout.fill(0);
      grad.bias = 0;
      for (let b = start; b < end; b++) {
        const e = order[b];
        forward(arch, params.values, inputs.subarray(e * nd, (e + 1) * nd), tape, feats);
        backward(arch, params, tape, feats, labels[e] as 0 | 1, 1 / (end - start), grad);
      }
      t++;
      const c1 = 1 - b1 ** t;
      const c2 = 1 - b2 ** t;
      const lr = settings.learningRate;
      const update = (k: number, g: number): number => {
        m1[k] = b1 * m1[k] + (1 - b1) * g;
        m2[k] = b2 * m2[k] + (1 - b2) * g * g;
        return (lr * (m1[k] / c1)) / (Math.sqrt(m2[k] / c2) + 1e-8);
      };
      for (let k = 0; k < nv; k++) params.values[k] -= update(k, grad.values[k]);
      for (let k = 0; k < p; k++) params.readout[k] -= update(nv + k, grad.readout[k]);
      params.bias -= update(nv + p, grad.bias);
      onStep?.();
    }
  }
  return params;
}
