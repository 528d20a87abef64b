/**
 * Preallocated buffers for one token set, so that a layer (or SDE step) allocates nothing, and the
 * snapshot recorder shared by the chain and the SDE solver.
 */
import { attentionMeans, attentionWeights } from './attention.js';
import { pairCount, pairwiseCosines } from './tokens.js';
import type { ResolvedModel, SnapshotRecord } from './config.js';

export class Workspace {
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly qx: Float64Array;
  readonly kx: Float64Array;
  readonly drift: Float64Array;
  readonly noise: Float64Array;
  /** Projected sampling: n·d standard normals (times the entry sd) of one layer. */
  readonly z: Float64Array;
  /** Projected sampling: orthonormal basis q_k of span(m_1 … m_n), row k at [k·d, (k+1)·d). */
  readonly basis: Float64Array;
  /** Projected sampling: coefficients R[k·n + i] = ⟨q_k, m_i⟩ (zero for k ≥ rankAfter[i]). */
  readonly coef: Float64Array;
  /** Projected sampling: rank of span(m_1 … m_i) after column i (an Int32Array of n). */
  readonly rankAfter: Int32Array;
  /** Projected sampling, general n (kernels/gram.ts): token Gram, then Cholesky factor (n·n). */
  readonly gram: Float64Array;
  /** Projected sampling, general n: the product A·C (n·n). */
  readonly prod: Float64Array;

  constructor(readonly n: number, readonly d: number) {
    this.weights = new Float64Array(n * n);
    this.means = new Float64Array(n * d);
    this.qx = new Float64Array(n * d);
    this.kx = new Float64Array(n * d);
    this.drift = new Float64Array(d);
    this.noise = new Float64Array(d * d);
    this.z = new Float64Array(n * d);
    this.basis = new Float64Array(Math.min(n, d) * d);
    this.coef = new Float64Array(n * n);
    this.rankAfter = new Int32Array(n);
    this.gram = new Float64Array(n * n);
    this.prod = new Float64Array(n * n);
  }

  /** Attention weights then means of the tokens x[xOffset …] into this.weights / this.means. */
  attend(x: Float64Array, xOffset: number, m: ResolvedModel): void {
    attentionWeights(x, xOffset, this.n, this.d, m.beta, m.query, m.key, this.weights, this.qx, this.kx);
    attentionMeans(this.weights, x, xOffset, this.n, this.d, this.means);
  }
}

/** Layers (or steps) at which snapshots are taken: 0, stride, 2·stride, …, and the last one. */
export function snapshotLayers(steps: number, stride: number): number[] {
  const layers: number[] = [];
  for (let k = 0; k <= steps; k += stride) layers.push(k);
  if (layers[layers.length - 1] !== steps) layers.push(steps);
  return layers;
}

/** Snapshots of all paths: `data` holds paths × layers.length × size numbers. */
export interface Snapshots {
  record: SnapshotRecord;
  layers: number[];
  /** Numbers per snapshot: n·d for tokens, n(n−1)/2 for cosines. */
  size: number;
  data: Float64Array;
}

/** Collects snapshots into one preallocated array. */
export class SnapshotRecorder {
  readonly snapshots: Snapshots;
  private readonly index = new Map<number, number>();

  constructor(
    steps: number,
    stride: number,
    record: SnapshotRecord,
    private readonly n: number,
    private readonly d: number,
    paths: number,
    private readonly scale: number,
  ) {
    const layers = snapshotLayers(steps, stride);
    layers.forEach((k, i) => this.index.set(k, i));
    const size = record === 'tokens' ? n * d : pairCount(n);
    this.snapshots = { record, layers, size, data: new Float64Array(paths * layers.length * size) };
  }

  /** Record the tokens `x` of path slot `p` if layer k is a snapshot layer. */
  maybeRecord(p: number, k: number, x: Float64Array): void {
    const i = this.index.get(k);
    if (i === undefined) return;
    const { size, data, layers, record } = this.snapshots;
    const o = (p * layers.length + i) * size;
    if (record === 'cosines') pairwiseCosines(x, this.n, this.d, data, 0, o);
    else for (let a = 0; a < size; a++) data[o + a] = x[a] * this.scale;
  }
}
