/**
 * The contract between the specs and a simulator under test. The reference simulator, the
 * deliberately broken ones and external processes (PROTOCOL.md) all implement it, so every spec
 * runs unchanged against any of them.
 *
 * Conventions: tokens are exchanged on the unit sphere as row-major Float64Arrays (an adapter
 * converts for simulators that declare the RMS sphere); matrices are row-major d×d.
 */
import type { EntryLaw } from '../rng/entryLaws.js';
import type { Sphere } from '../simulator/config.js';

/** Version of the simulator protocol (the interface and its JSON-lines form). */
export const PROTOCOL_VERSION = 1;

/**
 * Raised by a simulator that could not answer a request (crashed, timed out, broke the protocol,
 * replied with an error or skipped it). A claim that meets one gets no verdict — "error" (or "not
 * applicable" for a skip) — never "fail": a failure means the simulator's answers contradict the claim.
 */
export class SimulatorError extends Error {
  /**
   * True when the simulator did answer, but with numbers that are not all finite (NaN, ±∞): that
   * is a wrong answer, not a broken process, so a property claim judges it (fail) like any other
   * counterexample instead of reporting an error.
   */
  nonFiniteAnswer = false;
}

/**
 * What a simulator can do beyond the required discrete chain with Gaussian entries, Q = K = V̄ = I.
 * - `explicit-noise`: accepts the Brownian increments ΔW_k = √h·V_k of every layer (coupled checks).
 * - `snapshots`: returns all tokens every `snapshotStride` layers.
 * - `law:uniform`, `law:rademacher`: other entry laws with variance σ²/d.
 * - `matrices`: accepts Q, K and V̄.
 */
export const CAPABILITIES = ['explicit-noise', 'snapshots', 'law:uniform', 'law:rademacher', 'matrices'] as const;
/**
 * Capabilities only an in-process simulator can have, never declared over the protocol:
 * - `trainable`: the simulator is the reference model, whose value matrices the training
 *   experiment (src/training) can differentiate and train.
 */
export const IN_PROCESS_CAPABILITIES = ['trainable'] as const;
export type Capability = (typeof CAPABILITIES)[number] | (typeof IN_PROCESS_CAPABILITIES)[number];

/**
 * Arithmetic precision a simulator computes in (its hello's `precision`, default float64). The
 * exact and property claims derive their tolerances from its unit round-off (src/claims/tolerance.ts).
 */
export const PRECISIONS = ['float32', 'float64'] as const;
export type Precision = (typeof PRECISIONS)[number];

export interface SimulatorInfo {
  name: string;
  version: string;
  /** Declared arithmetic precision; absent means float64. */
  precision?: Precision;
  /** Sphere the simulator itself works on; the adapter converts. */
  sphere: Sphere;
  capabilities: Capability[];
}

/** One batch of independent paths of the discrete chain, all from the same initial tokens. */
export interface ChainRequest {
  n: number;
  d: number;
  depth: number;
  horizon: number;
  beta: number;
  sigma: number;
  gamma: number;
  law: EntryLaw;
  /** Seed for the simulator's own randomness; paths within a request must be independent. */
  seed: number;
  paths: number;
  /** Initial tokens, n·d numbers on the unit sphere, shared by all paths. */
  initialTokens: Float64Array;
  /** Q, K, V̄ (d·d each) or null for the identity; needs `matrices`. */
  query?: Float64Array | null;
  key?: Float64Array | null;
  valueMatrix?: Float64Array | null;
  /** Brownian increments ΔW_k for every path and layer (paths·depth·d·d); needs `explicit-noise`. */
  increments?: Float64Array | null;
  /** Record all tokens every this many layers (layer 0 and the last included); needs `snapshots`. */
  snapshotStride?: number | null;
}

export interface ChainReply {
  /** Final tokens of every path: paths·n·d numbers on the unit sphere. */
  finalTokens: Float64Array;
  /** With snapshotStride: paths × layers × n·d numbers, layers as `snapshotLayers(depth, stride)`. */
  snapshots?: Float64Array | null;
  /** 'float32' when the reply itself was float32 (wire arrays of dtype float32): at least that coarse. */
  precision?: Precision;
}

/** Final pairwise cosines only (what most statistical claims look at). */
export interface CosineReply {
  /** paths × n(n−1)/2 cosines, pairs i < j in row order. */
  finalCosines: Float64Array;
  /** The sampling the simulator used (the reference simulator: 'gram-state' where it applies). */
  sampling: string;
}

export interface Simulator {
  readonly info: SimulatorInfo;
  runChain(request: ChainRequest): Promise<ChainReply>;
  /**
   * Optional shortcut for requests whose statistic is the final cosines (no increments, no
   * snapshots): the same law as the cosines of runChain's final tokens. Only in-process
   * simulators offer it (the reference simulator, through its Gram-state kernel); the claims use
   * runChain when it is absent.
   */
  runCosines?(request: ChainRequest): Promise<CosineReply>;
  /** Release resources (external processes); idempotent. */
  close(): Promise<void>;
}

/** Whether `sim` can serve a spec that needs `needs`. */
export function missingCapabilities(sim: Simulator, needs: readonly Capability[]): Capability[] {
  return needs.filter((c) => !sim.info.capabilities.includes(c));
}

/** Capability needed for an entry law, if any. */
export function lawCapability(law: EntryLaw): Capability | null {
  return law === 'gaussian' ? null : (`law:${law}` as Capability);
}
