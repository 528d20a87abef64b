/**
 * The path loop shared by the kernels that move tokens in R^d (matrix, projected, pair, Gram and
 * their WebAssembly forms): for each path its initial tokens, its noise stream, its layers in
 * segments between snapshot layers, the snapshots and its final tokens. A kernel supplies only
 * how to run layers of one path (a PathStepper).
 *
 * Random stream layout: path p draws its initial tokens (when not given) from stream
 * (seed, [INIT, p]) and its layer noise from stream (seed, [NOISE, p]) (nothing is drawn when
 * σ = 0 or the noise is given), so a path's bits depend only on (seed, p) and the configuration.
 */
import { NumericalError } from '../../util/errors.js';
import { STREAM_INIT, STREAM_NOISE, streamRng } from '../../rng/streams.js';
import type { Xoshiro128 } from '../../rng/xoshiro128.js';
import type { ResolvedChain, ResolvedModel } from '../config.js';
import { rmsRadius, uniformOnSphere } from '../tokens.js';
import { SnapshotRecorder } from '../workspace.js';
import type { KernelRun, OnPath } from './kernel.js';

/** How one kernel runs the layers of one path at a time. */
export interface PathStepper {
  /** Start path p (slot q of this run) with its noise generator (null when nothing is drawn). */
  start(p: number, q: number, g: Xoshiro128 | null): void;
  /** Layers k … k + count − 1 in place on x: −1, or j·n + i for token i bad after layer k + j. */
  layers(x: Float64Array, k: number, count: number): number;
  /**
   * Optional: four whole paths at once (no snapshots), each with the bits it gets alone. Returns
   * false when some token went bad (then the four are rerun one by one to report the failure).
   */
  layers4?(xs: readonly Float64Array[], paths: readonly number[]): boolean;
}

/** A stepper from a one-layer function returning −1 or the index of a bad token. */
export function layerByLayer(n: number, layer: (x: Float64Array, k: number) => number): (x: Float64Array, k: number, count: number) => number {
  return (x, k, count) => {
    for (let j = 0; j < count; j++) {
      const bad = layer(x, k + j);
      if (bad >= 0) return j * n + bad;
    }
    return -1;
  };
}

/** Initial unit-sphere tokens of path p into x. */
export function initialTokensOfPath(m: ResolvedModel, p: number, x: Float64Array): void {
  if (m.initialTokens) x.set(m.initialTokens);
  else uniformOnSphere(streamRng(m.seed, [STREAM_INIT, p]), x, m.n, m.d);
}

/** Run every path of c with `stepper`; final tokens on the requested sphere. */
export function runTokenPaths(c: ResolvedChain, stepper: PathStepper, onPath?: OnPath): KernelRun {
  const { n, d, depth: L, paths } = c;
  const scale = c.sphere === 'rms' ? rmsRadius(d) : 1;
  const x = new Float64Array(n * d);
  const finalTokens = new Float64Array(paths * n * d);
  const recorder = c.snapshots ? new SnapshotRecorder(L, c.snapshots.stride, c.snapshots.record, n, d, paths, scale) : null;
  const drawn = c.sigma > 0 && c.noise === null;
  const stops = recorder ? recorder.snapshots.layers : [L];

  /** Path slot q alone, segment by segment; its final tokens go to finalTokens. */
  const runPath = (q: number): void => {
    const p = c.firstPath + q;
    initialTokensOfPath(c, p, x);
    recorder?.maybeRecord(q, 0, x);
    stepper.start(p, q, drawn ? streamRng(c.seed, [STREAM_NOISE, p]) : null);
    let k = 0;
    for (const stop of stops) {
      if (stop <= k) continue;
      const bad = stepper.layers(x, k, stop - k);
      if (bad >= 0) {
        throw new NumericalError(
          `non-finite or zero token ${bad % n} at layer ${k + Math.floor(bad / n) + 1} of path ${p} (check the size of beta, sigma, gamma and the matrices)`,
        );
      }
      k = stop;
      recorder?.maybeRecord(q, k, x);
    }
    for (let a = 0; a < n * d; a++) finalTokens[q * n * d + a] = x[a] * scale;
  };

  // Four paths at a time where the kernel offers it (same bits per path as one at a time); a
  // group with a bad token is rerun path by path to report the first failure.
  let q = 0;
  if (stepper.layers4 && recorder === null) {
    const xs = [x, new Float64Array(n * d), new Float64Array(n * d), new Float64Array(n * d)];
    const ps = [0, 0, 0, 0];
    for (; q + 4 <= paths; q += 4) {
      for (let l = 0; l < 4; l++) {
        ps[l] = c.firstPath + q + l;
        initialTokensOfPath(c, ps[l], xs[l]);
      }
      if (stepper.layers4(xs, ps)) {
        for (let l = 0; l < 4; l++) {
          const o = (q + l) * n * d;
          for (let a = 0; a < n * d; a++) finalTokens[o + a] = xs[l][a] * scale;
        }
      } else for (let l = 0; l < 4; l++) runPath(q + l);
      for (let l = 1; l <= 4; l++) onPath?.(q + l, paths);
    }
  }
  for (; q < paths; q++) {
    runPath(q);
    onPath?.(q + 1, paths);
  }
  return { finalTokens, finalCosines: null, snapshots: recorder?.snapshots ?? null };
}
