/**
 * The reverse pass against central finite differences, over random shapes (property tests).
 *
 * Error model of the check: for a step ε the central difference (f(θ+ε) − f(θ−ε))/2ε differs from
 * f'(θ) by ε²·f'''/6 (truncation) plus about u·|f|/ε from rounding (u = 2^-53). With ε = 1e-5
 * and f, f''' of order 1 (losses of order 1, parameters of order 1) both terms are ≤ 1e-10, four
 * orders below the 1e-6 relative tolerance (measured against the largest gradient entry), so a
 * failure means a wrong derivative, not a noisy check.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { streamRng } from '../rng/streams.js';
import { fillNormal } from '../rng/normal.js';
import {
  backward,
  featureCount,
  forward,
  logisticLoss,
  logit,
  Tape,
  zeroGradient,
  type Architecture,
  type Parameters,
} from './model.js';

function setup(seed: number, arch: Architecture, sigma: number) {
  const { n, d, depth } = arch;
  const g = streamRng(seed, [0]);
  const input = new Float64Array(n * d);
  fillNormal(g, input, 1);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += input[i * d + k] ** 2;
    for (let k = 0; k < d; k++) input[i * d + k] /= Math.sqrt(s);
  }
  const values = new Float64Array(depth * d * d);
  fillNormal(g, values, sigma / Math.sqrt(d));
  const readout = new Float64Array(featureCount(d));
  fillNormal(g, readout, 1);
  const params: Parameters = { values, readout, bias: 0.3 };
  return { input, params };
}

function loss(arch: Architecture, params: Parameters, input: Float64Array, label: 0 | 1): number {
  const tape = new Tape(arch);
  const f = new Float64Array(featureCount(arch.d));
  forward(arch, params.values, input, tape, f);
  return logisticLoss(logit(params, f), label);
}

const archArb = fc.record({
  n: fc.integer({ min: 2, max: 5 }),
  d: fc.integer({ min: 2, max: 5 }),
  depth: fc.integer({ min: 1, max: 6 }),
  horizon: fc.double({ min: 0.2, max: 4, noNaN: true }),
  beta: fc.double({ min: 0, max: 4, noNaN: true }),
  gamma: fc.double({ min: 0, max: 2, noNaN: true }),
  valueScaling: fc.constantFrom('sqrt-h' as const, 'h' as const),
});

describe('reverse pass', () => {
  test.prop([archArb, fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(0 as const, 1 as const), fc.constantFrom(0, 1)], {
    numRuns: 60,
  })('matches central finite differences (relative error ≤ 1e-6)', (arch, seed, label, sigma) => {
    const { input, params } = setup(seed, arch, sigma);
    const tape = new Tape(arch);
    const f = new Float64Array(featureCount(arch.d));
    forward(arch, params.values, input, tape, f);
    const grad = zeroGradient(arch);
    backward(arch, params, tape, f, label, 1, grad);
    const eps = 1e-5;
    const analytic = [...grad.values, ...grad.readout, grad.bias];
    const numeric: number[] = [];
    const perturb = (arr: Float64Array, k: number) => {
      const v = arr[k];
      arr[k] = v + eps;
      const up = loss(arch, params, input, label);
      arr[k] = v - eps;
      const down = loss(arch, params, input, label);
      arr[k] = v;
      return (up - down) / (2 * eps);
    };
    for (let k = 0; k < params.values.length; k++) numeric.push(perturb(params.values, k));
    for (let k = 0; k < params.readout.length; k++) numeric.push(perturb(params.readout, k));
    const b = params.bias;
    params.bias = b + eps;
    const up = loss(arch, params, input, label);
    params.bias = b - eps;
    const down = loss(arch, params, input, label);
    params.bias = b;
    numeric.push((up - down) / (2 * eps));
    const scale = Math.max(...analytic.map(Math.abs));
    const err = Math.max(...analytic.map((a, k) => Math.abs(a - numeric[k])));
    expect(err / scale).toBeLessThanOrEqual(1e-6);
  });

  test.prop([archArb, fc.integer({ min: 0, max: 1e6 })], { numRuns: 30 })('tokens stay on the unit sphere', (arch, seed) => {
    const { input, params } = setup(seed, arch, 1);
    const tape = new Tape(arch);
    forward(arch, params.values, input, tape, new Float64Array(featureCount(arch.d)));
    const nd = arch.n * arch.d;
    for (let i = 0; i < arch.n; i++) {
      let s = 0;
      for (let k = 0; k < arch.d; k++) s += tape.tokens[arch.depth * nd + i * arch.d + k] ** 2;
      expect(Math.abs(Math.sqrt(s) - 1)).toBeLessThan(1e-12);
    }
  });
});
