/**
 * Configuration of the model shared by the discrete chain and the limit SDE, and its validation.
 * Every check throws a ConfigError naming the parameter, the value and the accepted range.
 *
 * Sphere convention: the simulator works on the unit sphere. With `sphere: 'rms'`, initial tokens
 * are read on, and results returned on, the RMSNorm sphere of radius √d; β keeps its unit-sphere
 * meaning, i.e. on the RMS sphere the logits are (β/d)·⟨x_i, x_j⟩. Cosines are always ⟨x̂_i, x̂_j⟩.
 */
import { ConfigError } from '../util/errors.js';
import { requireInteger, requireMatrix, requireNumber, requireOneOf } from '../util/validate.js';
import { ENTRY_LAWS, type EntryLaw } from '../rng/entryLaws.js';
import { applies as gramStateApplies } from './kernels/gramState.js';

export const SPHERES = ['unit', 'rms'] as const;
export type Sphere = (typeof SPHERES)[number];
export const SNAPSHOT_RECORDS = ['tokens', 'cosines'] as const;
export type SnapshotRecord = (typeof SNAPSHOT_RECORDS)[number];

/** Largest n and d accepted: beyond these a run would not fit a sensible memory budget. */
export const MAX_TOKENS = 4096;
export const MAX_DIMENSION = 4096;
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

export type MatrixInput = ArrayLike<ArrayLike<number>>;

/** Parameters of the model (docs/model.md#conventions); defaults: σ = 1, γ = 0, V̄ = Q = K = I. */
export interface ModelConfig {
  /** Number of tokens n ≥ 1. */
  n: number;
  /** Dimension d ≥ 2. */
  d: number;
  /** Horizon T > 0 (default 1). */
  horizon?: number;
  /** Inverse temperature β ≥ 0 (unit-sphere convention). */
  beta: number;
  /** Noise scale σ ≥ 0: value entries have variance σ²/d (default 1). */
  sigma?: number;
  /** Deterministic value strength γ ≥ 0 (default 0). */
  gamma?: number;
  /** Deterministic value matrix V̄ (d×d, default identity). */
  valueMatrix?: MatrixInput | null;
  /** Query matrix Q (d×d, default identity). */
  query?: MatrixInput | null;
  /** Key matrix K (d×d, default identity). */
  key?: MatrixInput | null;
  /** Initial tokens (n×d, non-zero rows, normalized onto the sphere); default: uniform, drawn per path. */
  initialTokens?: MatrixInput | null;
  /** Sphere of the tokens read and returned (default 'unit'). */
  sphere?: Sphere;
  /** Seed: a non-negative safe integer (default 0). */
  seed?: number;
  /** Number of paths (default 1). */
  paths?: number;
  /** Index of the first path (default 0): paths firstPath … firstPath+paths−1 are simulated. */
  firstPath?: number;
  /** Record snapshots every `stride` layers/steps (layer 0 and the last always included). */
  snapshots?: { stride: number; record: SnapshotRecord } | null;
}

/** A validated model configuration with matrices as row-major Float64Arrays (null = identity). */
export interface ResolvedModel {
  n: number;
  d: number;
  horizon: number;
  beta: number;
  sigma: number;
  gamma: number;
  valueMatrix: Float64Array | null;
  query: Float64Array | null;
  key: Float64Array | null;
  /** Unit-sphere initial tokens, or null for uniform random per path. */
  initialTokens: Float64Array | null;
  sphere: Sphere;
  seed: number;
  paths: number;
  firstPath: number;
  snapshots: { stride: number; record: SnapshotRecord } | null;
}

function optionalMatrix(name: string, value: unknown, d: number): Float64Array | null {
  if (value === undefined || value === null) return null;
  return requireMatrix(name, toPlainRows(value), d, d);
}

function toPlainRows(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((r) => (ArrayBuffer.isView(r) ? Array.from(r as Float64Array) : r));
  return value;
}

/** Validate the shared model parameters. */
export function resolveModel(config: ModelConfig): ResolvedModel {
  if (config === null || typeof config !== 'object') throw new ConfigError('config', config, 'an object');
  const n = requireInteger('n', config.n, 1, MAX_TOKENS);
  const d = requireInteger('d', config.d, 2, MAX_DIMENSION);
  const horizon = requireNumber('horizon', config.horizon ?? 1, { min: 0, strictMin: true });
  const beta = requireNumber('beta', config.beta, { min: 0 });
  const sigma = requireNumber('sigma', config.sigma ?? 1, { min: 0 });
  const gamma = requireNumber('gamma', config.gamma ?? 0, { min: 0 });
  const sphere = requireOneOf('sphere', config.sphere ?? 'unit', SPHERES);
  const seed = requireInteger('seed', config.seed ?? 0, 0, MAX_SEED);
  const paths = requireInteger('paths', config.paths ?? 1, 1, 1e9);
  const firstPath = requireInteger('firstPath', config.firstPath ?? 0, 0, MAX_SEED - paths);
  let initialTokens: Float64Array | null = null;
  if (config.initialTokens !== undefined && config.initialTokens !== null) {
    initialTokens = requireMatrix('initialTokens', toPlainRows(config.initialTokens), n, d);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < d; a++) s += initialTokens[i * d + a] ** 2;
      const norm = Math.sqrt(s);
      if (!(norm > 0 && Number.isFinite(norm))) {
        throw new ConfigError(`initialTokens[${i}]`, 'a zero vector', 'a non-zero finite vector');
      }
      for (let a = 0; a < d; a++) initialTokens[i * d + a] /= norm;
    }
  }
  let snapshots: ResolvedModel['snapshots'] = null;
  if (config.snapshots) {
    const stride = requireInteger('snapshots.stride', config.snapshots.stride, 1);
    const record = requireOneOf('snapshots.record', config.snapshots.record, SNAPSHOT_RECORDS);
    snapshots = { stride, record };
  }
  return {
    n,
    d,
    horizon,
    beta,
    sigma,
    gamma,
    valueMatrix: optionalMatrix('valueMatrix', config.valueMatrix, d),
    query: optionalMatrix('query', config.query, d),
    key: optionalMatrix('key', config.key, d),
    initialTokens,
    sphere,
    seed,
    paths,
    firstPath,
    snapshots,
  };
}

/** Parameters of the discrete chain: the model plus depth L and the entry law of V_k. */
export interface ChainConfig extends ModelConfig {
  /** Depth L ≥ 1 (number of layers); step h = T/L. */
  depth: number;
  /** Law of the entries of V_k (default 'gaussian'). */
  law?: EntryLaw;
  /**
   * Explicit noise instead of seeded draws: for each path, L matrices (d×d, row-major, path-major
   * then layer-major in one Float64Array of paths·L·d·d numbers), either Brownian increments
   * ΔW_k (kind 'increments'; the layer uses √h·V_k = ΔW_k) or value matrices V_k (kind 'values').
   */
  noise?: { kind: 'increments' | 'values'; data: Float64Array } | null;
  /**
   * How seeded Gaussian noise is drawn (default 'auto'):
   * - 'matrix': the d×d matrix V_k itself (d² normals per layer), as the model is written;
   * - 'projected': only the products V_k·m_i, drawn from their joint law (n·d normals per layer).
   *   The rows of V_k·M (M = [m_1 … m_n], d×n) are i.i.d. N(0, (σ²/d)·MᵀM), so with an
   *   orthonormal basis q_1 … q_r of span(m_i) (modified Gram–Schmidt, r = rank) and i.i.d.
   *   standard normal vectors z_k ∈ R^d, V_k·m_i has the law of (σ/√d)·Σ_k ⟨q_k, m_i⟩·z_k.
   *   Same law of the whole chain, fewer variates when n < d. Only valid for Gaussian entries;
   *   not available with explicit `noise` (those runs use the given matrices).
   * - 'gram-state': the chain on the coordinates of the tokens in an orthonormal basis of their
   *   span (kernels/gramState.ts; src/simulator/kernels/gramState.md): O(n²) variates per layer whatever d.
   *   Exact in law for the pairwise cosines; needs Gaussian seeded entries, Q = K = V̄ = I and no
   *   token snapshots, and, when tokens are the output, uniform initial tokens (they are then
   *   placed in R^d by a uniform random rotation).
   * - 'auto': with `output: 'cosines'`, 'gram-state' wherever it applies; otherwise 'projected'
   *   when law = 'gaussian', n < d and the noise is seeded; else 'matrix'.
   * The modes consume the random stream differently, so seeded results differ bit for bit
   * (the law is the same: tested by two-sample KS / Anderson–Darling).
   */
  sampling?: Sampling;
  /**
   * What the run returns (default 'tokens'): 'tokens' fills ChainResult.finalTokens;
   * 'cosines' fills ChainResult.finalCosines (paths × n(n−1)/2, pairs i < j in row order) and
   * leaves finalTokens empty, which lets 'auto' pick the Gram-state kernel.
   */
  output?: ChainOutput;
}

export const SAMPLINGS = ['auto', 'matrix', 'projected', 'gram-state'] as const;
export type Sampling = (typeof SAMPLINGS)[number];
export const CHAIN_OUTPUTS = ['tokens', 'cosines'] as const;
export type ChainOutput = (typeof CHAIN_OUTPUTS)[number];

export interface ResolvedChain extends ResolvedModel {
  depth: number;
  law: EntryLaw;
  noise: { kind: 'increments' | 'values'; data: Float64Array } | null;
  /** The sampling actually used ('auto' resolved). */
  sampling: Exclude<Sampling, 'auto'>;
  output: ChainOutput;
}

/** Validate a chain configuration. */
export function resolveChain(config: ChainConfig): ResolvedChain {
  const model = resolveModel(config);
  const depth = requireInteger('depth', config.depth, 1, 1e9);
  const law = requireOneOf('law', config.law ?? 'gaussian', ENTRY_LAWS);
  let noise: ResolvedChain['noise'] = null;
  if (config.noise) {
    const kind = requireOneOf('noise.kind', config.noise.kind, ['increments', 'values'] as const);
    const expected = model.paths * depth * model.d * model.d;
    requireFiniteArray('noise.data', config.noise.data, expected, `paths·depth·d·d = ${expected}`);
    noise = { kind, data: config.noise.data };
  }
  const requested = requireOneOf('sampling', config.sampling ?? 'auto', SAMPLINGS);
  const output = requireOneOf('output', config.output ?? 'tokens', CHAIN_OUTPUTS);
  const scope = { ...model, law, noise };
  let sampling: ResolvedChain['sampling'];
  if (requested === 'gram-state') {
    if (!gramStateApplies(scope, output)) {
      throw new ConfigError(
        'sampling',
        requested,
        "'matrix', 'projected' or 'auto' here: 'gram-state' needs Gaussian seeded entries, Q = K = V̄ = I, no token snapshots, and uniform initial tokens unless output is 'cosines'",
      );
    }
    sampling = 'gram-state';
  } else if (requested === 'auto' && output === 'cosines' && gramStateApplies(scope, output)) {
    sampling = 'gram-state';
  } else if (requested === 'projected') {
    if (law !== 'gaussian') throw new ConfigError('sampling', requested, `'matrix' or 'auto' with law '${law}' (projected sampling needs Gaussian entries)`);
    if (noise) throw new ConfigError('sampling', requested, "'matrix' or 'auto' with explicit noise");
    sampling = 'projected';
  } else if (requested === 'auto') {
    sampling = law === 'gaussian' && noise === null && model.n < model.d ? 'projected' : 'matrix';
  } else sampling = 'matrix';
  return { ...model, depth, law, noise, sampling, output };
}

/** A Float64Array of the given length with only finite entries. */
export function requireFiniteArray(name: string, value: unknown, length: number, lengthText: string): Float64Array {
  if (!(value instanceof Float64Array) || value.length !== length) {
    throw new ConfigError(name, value, `a Float64Array of length ${lengthText}`);
  }
  for (let k = 0; k < value.length; k++) {
    if (!Number.isFinite(value[k])) throw new ConfigError(`${name}[${k}]`, value[k], 'a finite number');
  }
  return value;
}

/** Plain JSON-able echo of a resolved configuration (matrices as rows, identity as null). */
export function describeModel(m: ResolvedModel): Record<string, unknown> {
  const rows = (a: Float64Array | null) =>
    a === null ? null : Array.from({ length: m.d }, (_, i) => Array.from(a.subarray(i * m.d, (i + 1) * m.d)));
  return {
    n: m.n,
    d: m.d,
    horizon: m.horizon,
    beta: m.beta,
    sigma: m.sigma,
    gamma: m.gamma,
    valueMatrix: rows(m.valueMatrix),
    query: rows(m.query),
    key: rows(m.key),
    initialTokens:
      m.initialTokens === null
        ? 'uniform'
        : Array.from({ length: m.n }, (_, i) => Array.from(m.initialTokens!.subarray(i * m.d, (i + 1) * m.d))),
    sphere: m.sphere,
    seed: m.seed,
    paths: m.paths,
    firstPath: m.firstPath,
    snapshots: m.snapshots,
  };
}
