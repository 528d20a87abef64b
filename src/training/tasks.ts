/**
 * Synthetic classification tasks generated from a seed (nothing downloaded).
 *
 * Every example has n unit tokens in R^d built around two hidden centres c, c' drawn uniformly
 * on the sphere: token 1 belongs to c; token 2 to c (with probability ½) or to c'; tokens 3…n
 * alternate between c and c'. A token of centre c is (c + τ·g/√d)/|·| with g standard normal.
 *
 * - `relational`: label 1 iff tokens 1 and 2 share their hidden centre. The label is invariant
 *   under a common rotation of all tokens, so it lives in the tokens' relative positions, which a
 *   collapse to one cluster erases.
 * - `mean-direction` (control): label 1 iff ⟨(1/n)Σ x_i, u⟩ > 0 for a fixed unit vector u drawn
 *   from the seed. It is a property of where the tokens are, which a collapse keeps.
 *
 * Both tasks share one input distribution, so a network sees the same inputs in both.
 */
import { fillNormal } from '../rng/normal.js';
import { streamRng } from '../rng/streams.js';

export const TASKS = ['relational', 'mean-direction'] as const;
export type TaskName = (typeof TASKS)[number];

export interface TaskShape {
  n: number;
  d: number;
  /** Spread τ of a token around its centre. */
  spread: number;
}

/** Examples in one split: inputs (count·n·d) and both tasks' labels. */
export interface Dataset {
  count: number;
  inputs: Float64Array;
  labels: Record<TaskName, Uint8Array>;
}

/** Stream purpose tags of the training experiment (first stream id), distinct per use. */
export const STREAM_TASK_DATA = 101;
export const STREAM_TASK_DIRECTION = 102;
export const STREAM_VALUE_INIT = 103;
export const STREAM_READOUT_INIT = 104;
export const STREAM_BATCH_ORDER = 105;

/** Split ids in stream addresses. */
export const SPLITS = { train: 0, validation: 1, test: 2 } as const;
export type Split = keyof typeof SPLITS;

function normalizeInto(v: Float64Array, out: Float64Array, offset: number): void {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  const r = Math.sqrt(s);
  for (let k = 0; k < v.length; k++) out[offset + k] = v[k] / r;
}

/** The control direction u of `seed` (a unit vector in R^d). */
export function controlDirection(seed: number, d: number): Float64Array {
  const u = new Float64Array(d);
  fillNormal(streamRng(seed, [STREAM_TASK_DIRECTION]), u, 1);
  normalizeInto(u, u, 0);
  return u;
}

/** `count` examples of split `split` under `seed`; example e depends only on (seed, split, e). */
export function generateDataset(seed: number, split: Split, count: number, shape: TaskShape): Dataset {
  const { n, d, spread } = shape;
  const inputs = new Float64Array(count * n * d);
  const relational = new Uint8Array(count);
  const meanDirection = new Uint8Array(count);
  const u = controlDirection(seed, d);
  const c1 = new Float64Array(d);
  const c2 = new Float64Array(d);
  const g = new Float64Array(d);
  const v = new Float64Array(d);
  for (let e = 0; e < count; e++) {
    const rng = streamRng(seed, [STREAM_TASK_DATA, SPLITS[split], e]);
    fillNormal(rng, c1, 1);
    normalizeInto(c1, c1, 0);
    fillNormal(rng, c2, 1);
    normalizeInto(c2, c2, 0);
    const same = rng.nextDouble() < 0.5;
    relational[e] = same ? 1 : 0;
    const base = e * n * d;
    for (let i = 0; i < n; i++) {
      const centre = i === 0 ? c1 : i === 1 ? (same ? c1 : c2) : i % 2 === 0 ? c1 : c2;
      fillNormal(rng, g, 1);
      for (let k = 0; k < d; k++) v[k] = centre[k] + (spread * g[k]) / Math.sqrt(d);
      normalizeInto(v, inputs, base + i * d);
    }
    let dot = 0;
    for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) dot += inputs[base + i * d + k] * u[k];
    meanDirection[e] = dot > 0 ? 1 : 0;
  }
  return { count, inputs, labels: { relational, 'mean-direction': meanDirection } };
}
