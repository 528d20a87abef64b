/**
 * Projected Euler–Maruyama for the limit SDE (docs/model.md#limit-sde), in Itô form,
 *
 *   dx_i = P_{x_i}(γ V̄ m_i) dt + P_{x_i} dW_t m_i − ((d−1)/2)·s²·|m_i|²·x_i dt,   P_x = I − x xᵀ,
 *
 * one step:  x_i ← normalize( x_i + h·P(γV̄m_i) + P(ΔW m_i) − ((d−1)/2)·s²|m_i|²·x_i·h ).
 * Strong order ½, weak order 1. The normalization keeps |x_i| = 1 exactly as the SDE does.
 * Without explicit increments, path p uses the Brownian path `brownianIncrements({…, path: p})`
 * (drawn step by step from the same stream, so no path is ever held in memory).
 *
 * @example
 * const fine = brownianIncrements({ d: 3, sigma: 1, horizon: 1, steps: 4096, seed: 1 });
 * const sde = runSde({ n: 2, d: 3, beta: 1, steps: 4096, increments: fine, initialTokens: X0 });
 */
import { NumericalError } from '../util/errors.js';
import { requireInteger } from '../util/validate.js';
import { fillNormal } from '../rng/normal.js';
import { STREAM_BROWNIAN, streamRng } from '../rng/streams.js';
import { describeModel, requireFiniteArray, resolveModel, type ModelConfig, type ResolvedModel } from '../simulator/config.js';
import { matVec } from '../simulator/attention.js';
import { rmsNormalize, rmsRadius } from '../simulator/tokens.js';
import { initialTokensOfPath } from '../simulator/chain.js';
import { SnapshotRecorder, Workspace, type Snapshots } from '../simulator/workspace.js';

export interface SdeConfig extends ModelConfig {
  /** Number of Euler–Maruyama steps on [0, T]. */
  steps: number;
  /** Explicit Brownian increments, paths·steps·d·d numbers (see brownianIncrements). */
  increments?: Float64Array | null;
}

export interface SdeResult {
  config: Record<string, unknown>;
  finalTokens: Float64Array;
  snapshots: Snapshots | null;
}

/** One projected Euler–Maruyama step in place; returns the index of a bad token or −1. */
export function sdeStep(
  x: Float64Array,
  m: ResolvedModel,
  h: number,
  dW: Float64Array | null,
  dWOffset: number,
  ws: Workspace,
): number {
  const { n, d } = m;
  const s2 = (m.sigma * m.sigma) / d;
  ws.attend(x, 0, m);
  const means = ws.means;
  const v = ws.drift;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    // v = h·γ·V̄ m_i + ΔW m_i, then projected on the tangent space at x_i.
    if (m.valueMatrix) matVec(m.valueMatrix, d, means, o, v, 0);
    else for (let a = 0; a < d; a++) v[a] = means[o + a];
    const hg = h * m.gamma;
    for (let a = 0; a < d; a++) v[a] *= hg;
    if (dW) {
      for (let a = 0; a < d; a++) {
        let s = 0;
        const r = dWOffset + a * d;
        for (let b = 0; b < d; b++) s += dW[r + b] * means[o + b];
        v[a] += s;
      }
    }
    let xv = 0;
    let mm = 0;
    for (let a = 0; a < d; a++) {
      xv += x[o + a] * v[a];
      mm += means[o + a] * means[o + a];
    }
    const radial = 1 - xv - 0.5 * (d - 1) * s2 * mm * h;
    for (let a = 0; a < d; a++) x[o + a] = radial * x[o + a] + v[a];
  }
  return rmsNormalize(x, n, d);
}

/** Solve the limit SDE for every configured path. */
export function runSde(config: SdeConfig): SdeResult {
  const m = resolveModel(config);
  const steps = requireInteger('steps', config.steps, 1, 1e9);
  const { n, d, paths } = m;
  const dd = d * d;
  const increments =
    config.increments === undefined || config.increments === null
      ? null
      : requireFiniteArray('increments', config.increments, paths * steps * dd, `paths·steps·d·d = ${paths * steps * dd}`);
  const h = m.horizon / steps;
  const scale = m.sphere === 'rms' ? rmsRadius(d) : 1;
  const ws = new Workspace(n, d);
  const x = new Float64Array(n * d);
  const finalTokens = new Float64Array(paths * n * d);
  const recorder = m.snapshots ? new SnapshotRecorder(steps, m.snapshots.stride, m.snapshots.record, n, d, paths, scale) : null;
  const sd = m.sigma * Math.sqrt(h / d);
  for (let q = 0; q < paths; q++) {
    const p = m.firstPath + q;
    initialTokensOfPath(m, p, x);
    recorder?.maybeRecord(q, 0, x);
    const g = increments === null && m.sigma > 0 ? streamRng(m.seed, [STREAM_BROWNIAN, p]) : null;
    for (let k = 0; k < steps; k++) {
      let dW: Float64Array | null = null;
      let off = 0;
      if (increments) {
        dW = increments;
        off = (q * steps + k) * dd;
      } else if (g) {
        fillNormal(g, ws.noise, sd);
        dW = ws.noise;
      }
      const bad = sdeStep(x, m, h, dW, off, ws);
      if (bad >= 0) throw new NumericalError(`non-finite or zero token ${bad} at SDE step ${k + 1} of path ${p}`);
      recorder?.maybeRecord(q, k + 1, x);
    }
    for (let a = 0; a < n * d; a++) finalTokens[q * n * d + a] = x[a] * scale;
  }
  return { config: { ...describeModel(m), steps, noise: increments ? 'increments' : 'seeded' }, finalTokens, snapshots: recorder?.snapshots ?? null };
}
