/**
 * Gram-state kernel: the discrete chain for Gaussian entries and Q = K = V̄ = I run on the
 * coordinates of the tokens in an orthonormal basis of their span, never in R^d. Exact in law for
 * the Gram matrix of the tokens (all pairwise cosines) at every layer; derivation and scope in
 * gramState.md next to this file.
 *
 * One layer, with C the n×r coordinates of the tokens (rows of norm 1, r = rank ≤ min(n, d)),
 * sd = σ√h/√d and h·γ = hg:
 *
 *   A = softmax_j(β C Cᵀ),  M = A C  (the means, in the same coordinates),
 *   Y_i = [ C_i + hg·M_i + sd·Z M_i ,  sd·R M_i ],
 *
 * Z an r×r matrix of standard normals (the block of V on the span) and R the k'×r Bartlett factor
 * of the Wishart_r(d − r) Gram matrix of V's orthogonal part (k' = min(d − r, r): χ_{d−r−j} on
 * the diagonal, standard normals above it). Then every row of Y is normalized and modified
 * Gram–Schmidt over the rows (in token order, with a second pass) gives the new coordinates.
 * Variates per layer: r² + r(r − 1)/2 normals and r chi variates; O(n³) arithmetic; nothing
 * depends on d except the degrees of freedom.
 *
 * n = 2 (`PairGramState`): the state is the half-angle of the pair, S = cos(φ/2) = |x₁ + x₂|/2 and
 * T = sin(φ/2) = |x₁ − x₂|/2, so that both 1 − ρ = 2T² and 1 + ρ = 2S² keep full relative
 * precision near collapse and near antipodes. One layer: 5 normals and 2 chi variates (d ≥ 4),
 * one exp, no trigonometry; in WebAssembly, four paths at a time.
 *
 * Random streams of path p (seeded runs): the initial Gram matrix (uniform starts) and, when final
 * tokens are asked for, the random orthonormal frame that places them in R^d, from stream
 * (seed, [INIT, p]); the layer variates from stream (seed, [NOISE, p]). The bits differ from the
 * token kernels (same law: two-sample tests in gramState.test.ts).
 *
 * @example
 * const r = runChain({ n: 2, d: 512, depth: 500, beta: 3, paths: 100, output: 'cosines' });
 * r.config.sampling; // 'gram-state'
 */
import { fillNormal, standardNormal } from '../../rng/normal.js';
import { chiSquareShape, standardGamma, type GammaShape } from '../../rng/gamma.js';
import { scratchMemory, seedState256 } from '../wasm/module.js';
import type { Xoshiro128 } from '../../rng/xoshiro128.js';
import { STREAM_INIT, STREAM_NOISE, streamRng } from '../../rng/streams.js';
import { NumericalError } from '../../util/errors.js';
import type { ResolvedChain } from '../config.js';
import { pairCount, rmsRadius } from '../tokens.js';
import { SnapshotRecorder } from '../workspace.js';
import type { KernelRun, LayerKernel, OnPath } from './kernel.js';
import { tokenGram } from './gram.js';
import { WasmGramLayers } from './wasmGramState.js';

/** What this kernel promises, for the kernel table. */
export const contract =
  'same law as the token kernels (matrix, projected) for the Gram matrix of the tokens at every layer; final tokens, when drawn (uniform starts only), exact in law';

/** The configuration fields that decide whether the Gram-state kernel applies. */
export interface GramStateScope {
  law: string;
  noise: unknown;
  query: unknown;
  key: unknown;
  valueMatrix: unknown;
  initialTokens: unknown;
  snapshots: { record: string } | null;
}

/**
 * Whether the Gram-state kernel reproduces the chain's law for the requested output: Gaussian
 * seeded entries, Q = K = V̄ = I, no token snapshots, and either only cosines are asked for or the
 * initial tokens are uniform (then final tokens are placed by a uniform random rotation).
 */
export function applies(c: GramStateScope, output: 'tokens' | 'cosines'): boolean {
  return (
    c.law === 'gaussian' &&
    c.noise === null &&
    c.query === null &&
    c.key === null &&
    c.valueMatrix === null &&
    (c.snapshots === null || c.snapshots.record === 'cosines') &&
    (output === 'cosines' || c.initialTokens === null)
  );
}

/** Parameters of one Gram-state run. */
export interface GramStateParams {
  n: number;
  d: number;
  beta: number;
  /** Entry standard deviation times √h: σ√h/√d. */
  sd: number;
  /** h·γ. */
  hg: number;
}

/** χ shapes by degrees of freedom 1 … d, built on first use. */
class ChiShapes {
  private readonly shapes: (GammaShape | null)[];
  constructor(d: number) {
    this.shapes = new Array<GammaShape | null>(d + 1).fill(null);
  }
  /** One χ_k variate (k ≥ 1). */
  chi(g: Xoshiro128, k: number): number {
    if (k === 1) return Math.abs(standardNormal(g));
    const s = (this.shapes[k] ??= chiSquareShape(k));
    return Math.sqrt(2 * standardGamma(g, s));
  }
}

/** Layers whose variates the pair kernel draws at once (BLOCK of assembly/pairGramState.ts). */
const PAIR_BLOCK = 16;

/** Scratch of the pair kernel: S, T (64 B), 4 generator states (128 B), a block of variates. */
const PAIR_SCRATCH_BYTES = 64 + 128 + 9 * 32 * PAIR_BLOCK;

/** A χ_dof variate as the wasm kernel draws it: dof ≤ 0 absent, 1 = |z|, else its gamma shape (c, k). */
interface ChiTrial {
  dof: number;
  c: number;
  k: number;
}

function chiTrial(dof: number): ChiTrial {
  if (dof < 2) return { dof, c: 0, k: 0 };
  const s = chiSquareShape(dof);
  return { dof, c: s.c, k: s.k };
}

/** Paths advanced together by the pair kernel (independent chains in the SIMD lanes of assembly/pairGramState.ts). */
export const PAIR_LANES = 4;

/**
 * Two tokens: the chain on the half-angle (S, T) = (cos φ/2, sin φ/2), φ the angle between them.
 * With e₁ = (x₁ + x₂)/|x₁ + x₂| and e₂ = (x₁ − x₂)/|x₁ − x₂|, x₁ = S e₁ + T e₂, x₂ = S e₁ − T e₂,
 * the means are S e₁ ± δT e₂ with δ = tanh(βT²), and y₁ = S â + T b̂, y₂ = S â − T b̂ with
 *   â = (1 + hg) e₁ + √h V e₁,   b̂ = (1 + hg·δ) e₂ + δ√h V e₂,
 * whose coordinates in (e₁, e₂, f₁, f₂) are (1 + hg + sd z₁, sd z₂, sd c₁, 0) and
 * (δ sd z₃, 1 + hg δ + δ sd z₄, δ sd z₅, δ sd c₂), c₁ ~ χ_{d−2}, c₂ ~ χ_{d−3} (Bartlett).
 * Then cos φ' ∝ S²|â|² − T²|b̂|² and sin φ' ∝ 2ST·|â ∧ b̂|, and the half-angle follows without
 * trigonometry.
 *
 * The layers run in WebAssembly (assembly/pairGramState.ts), PAIR_LANES paths (lanes) at once in
 * SIMD lanes, each with its own xoshiro256** generator: a lane's bits do not depend on the other
 * lanes. Starts and final tokens are drawn here in JS.
 */
export class PairGramState {
  /** Paths advanced together. */
  readonly lanes = PAIR_LANES;
  readonly S = new Float64Array(PAIR_LANES).fill(1);
  readonly T = new Float64Array(PAIR_LANES);
  /** The lane of the last failure of `layers`. */
  failedLane = -1;
  private readonly chis: ChiShapes;
  /** The lanes' xoshiro256** states (8 words each) and the streams they were seeded from. */
  private readonly states = new Uint32Array(8 * PAIR_LANES);
  private seededFrom: Xoshiro128[] | null = null;
  /** The two χ variates of a layer: degrees of freedom d − 2 and d − 3, with their gamma shapes. */
  private readonly k1: ChiTrial;
  private readonly k2: ChiTrial;

  constructor(private readonly p: GramStateParams) {
    this.chis = new ChiShapes(p.d);
    this.k1 = chiTrial(p.d - 2);
    this.k2 = chiTrial(p.d - 3);
  }

  /** Set lane `q` from the cosine-and-sine pair (c, s), s ≥ 0, of the angle φ (any common scale). */
  private setAngle(q: number, c: number, s: number): void {
    const r = Math.sqrt(c * c + s * s);
    if (c >= 0) {
      const S = Math.sqrt((r + c) / (2 * r));
      this.S[q] = S;
      this.T[q] = s / (2 * r * S);
    } else {
      const T = Math.sqrt((r - c) / (2 * r));
      this.T[q] = T;
      this.S[q] = s / (2 * r * T);
    }
  }

  /** Start lane q from two given unit tokens (x₁ = x[0 … d), x₂ = x[d … 2d)). */
  initFromTokens(x: Float64Array, q = 0): void {
    const d = this.p.d;
    let ss = 0;
    let tt = 0;
    for (let a = 0; a < d; a++) {
      const u = x[a] + x[d + a];
      const v = x[a] - x[d + a];
      ss += u * u;
      tt += v * v;
    }
    const S = Math.sqrt(ss) / 2;
    const T = Math.sqrt(tt) / 2;
    const k = 1 / Math.sqrt(S * S + T * T);
    this.S[q] = S * k;
    this.T[q] = T * k;
  }

  /** Start lane q from two independent uniform tokens: cos φ ∝ z, sin φ ∝ χ_{d−1} (Bartlett). */
  initUniform(g: Xoshiro128, q = 0): void {
    const z = standardNormal(g);
    this.setAngle(q, z, this.chis.chi(g, this.p.d - 1));
  }

  /**
   * Run `count` layers on lanes 0 … gens.length − 1 in the WebAssembly kernel
   * (assembly/pairGramState.ts). A new `gens` array (a new group of paths) first seeds each lane's
   * xoshiro256** state from its stream (`seedState256`: 8 outputs of gens[q]); the lanes keep their
   * states across calls (snapshots split a run into several calls). Returns the index of the first
   * failed layer (its lane in `failedLane`) or −1.
   */
  layers(gens: Xoshiro128[], count: number): number {
    const { d, beta, sd, hg } = this.p;
    if (gens !== this.seededFrom) {
      this.seededFrom = gens;
      this.states.fill(0);
      gens.forEach((g, q) => seedState256(g, this.states.subarray(8 * q, 8 * q + 8)));
      // Padding lanes: any valid state (never read back).
      for (let q = gens.length; q < PAIR_LANES; q++) this.states[8 * q] = 1;
    }
    const { ex, base, f64, u32 } = scratchMemory(PAIR_SCRATCH_BYTES);
    const stp = base;
    const sp = stp + 64;
    const zp = sp + 128;
    const up = zp + 7 * 32 * PAIR_BLOCK;
    f64.set(this.S, stp >> 3);
    f64.set(this.T, (stp >> 3) + 4);
    u32.set(this.states, sp >> 2);
    const { k1, k2 } = this;
    const bad = ex.pairGramState4(stp, sp, zp, up, gens.length, beta, sd, hg, k1.dof, k1.c, k1.k, k2.dof, k2.c, k2.k, count);
    this.S.set(f64.subarray(stp >> 3, (stp >> 3) + 4));
    this.T.set(f64.subarray((stp >> 3) + 4, (stp >> 3) + 8));
    this.states.set(u32.subarray(sp >> 2, (sp >> 2) + 32));
    if (bad < 0) return -1;
    this.failedLane = bad % 4;
    return Math.floor(bad / 4);
  }

  /** ρ = cos φ = S² − T² of lane q. */
  cosine(q = 0): number {
    return (this.S[q] - this.T[q]) * (this.S[q] + this.T[q]);
  }

  /** Write the pairwise cosine (one number) of lane q to out[o]. */
  cosines(out: Float64Array, o: number, q = 0): void {
    out[o] = this.cosine(q);
  }

  /**
   * Final tokens of lane q in R^d in a uniform random frame (e, f) from `g`: x₁ = S e + T f,
   * x₂ = S e − T f, scaled by `scale`. Exact in law when the run started from uniform tokens.
   */
  tokens(g: Xoshiro128, out: Float64Array, o: number, scale: number, q = 0): void {
    const d = this.p.d;
    const frame = randomFrame(g, 2, d);
    const S = this.S[q] * scale;
    const T = this.T[q] * scale;
    for (let a = 0; a < d; a++) {
      out[o + a] = S * frame[a] + T * frame[d + a];
      out[o + d + a] = S * frame[a] - T * frame[d + a];
    }
  }
}

/** `count` orthonormal vectors of R^d, uniformly distributed (Gram–Schmidt of Gaussian vectors). */
function randomFrame(g: Xoshiro128, count: number, d: number): Float64Array {
  const q = new Float64Array(count * d);
  for (let k = 0; k < count; k++) {
    const o = k * d;
    for (;;) {
      fillNormal(g, q, 1, o, d);
      for (let pass = 0; pass < 2; pass++) {
        for (let j = 0; j < k; j++) {
          let c = 0;
          for (let a = 0; a < d; a++) c += q[j * d + a] * q[o + a];
          for (let a = 0; a < d; a++) q[o + a] -= c * q[j * d + a];
        }
      }
      let nn = 0;
      for (let a = 0; a < d; a++) nn += q[o + a] * q[o + a];
      if (nn > 1e-20) {
        const inv = 1 / Math.sqrt(nn);
        for (let a = 0; a < d; a++) q[o + a] *= inv;
        break;
      }
    }
  }
  return q;
}

/**
 * Relative size of a Cholesky pivot (a squared residual length) below which a token adds no
 * direction: 64 ulp, about the rounding of a Gram entry, so tokens closer than about 1.2e-7 (in
 * the component that would be new) share their directions; cosines move by less than 1e-14.
 */
const PIVOT_TOLERANCE = 64 * 2.220446049250313e-16;

/**
 * General n: the coordinates C (n×r, stride n) of the tokens in an orthonormal basis of their span.
 * See the module doc for one layer; the new coordinates are the Cholesky factor (in token order)
 * of the new Gram matrix, which in exact arithmetic equals modified Gram–Schmidt over the rows.
 * The layers run in WebAssembly (./wasmGramState.ts) unless constructed with products 'js'; the
 * JS layer below is the reference they reproduce bit for bit.
 */
export class GramState {
  /** Paths advanced together (one: the layer is already O(n³) of independent work). */
  readonly lanes = 1;
  /** The lane of the last failure of `layers` (always 0). */
  readonly failedLane = 0;
  /** Current rank r (number of coordinates in use). */
  rank = 0;
  /** Coordinates, row i at [i·n, i·n + rank). */
  readonly C: Float64Array;
  private readonly Y: Float64Array;
  private readonly G: Float64Array;
  private readonly A: Float64Array;
  private readonly M: Float64Array;
  private readonly Z: Float64Array;
  private readonly R: Float64Array;
  private readonly pivots: Int32Array;
  private readonly chis: ChiShapes;
  /** The layers in WebAssembly (same bits), or null: the layers in JS below. */
  private readonly wasm: WasmGramLayers | null;

  /**
   * `products`: 'wasm' runs the layers' products in WebAssembly (./wasmGramState.ts), 'js' in the
   * plain JS below, the readable reference (same bits: wasmGramState.test.ts).
   */
  constructor(
    private readonly p: GramStateParams,
    products: 'wasm' | 'js' = 'wasm',
  ) {
    const { n, d } = p;
    this.wasm = products === 'wasm' ? new WasmGramLayers(n, d, p.beta, p.hg, PIVOT_TOLERANCE) : null;
    const w = Math.min(2 * n, d);
    this.C = new Float64Array(n * n);
    this.Y = new Float64Array(n * w);
    this.G = new Float64Array(n * n);
    this.A = new Float64Array(n * n);
    this.M = new Float64Array(n * n);
    // Z, then R, in one array (the variates' draw writes both).
    this.Z = new Float64Array(2 * n * n);
    this.R = this.Z.subarray(n * n);
    this.pivots = new Int32Array(n);
    this.chis = new ChiShapes(d);
  }

  /** Start from given unit tokens x (n·d): the Cholesky factor of their Gram matrix. */
  initFromTokens(x: Float64Array, _q = 0): void {
    const { n, d } = this.p;
    const G = this.G;
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let s = 0;
        for (let a = 0; a < d; a++) s += x[i * d + a] * x[j * d + a];
        G[i * n + j] = s;
        G[j * n + i] = s;
      }
    }
    this.rank = gramCoordinates(G, n, this.C, this.pivots, Math.min(n, d));
  }

  /**
   * Start from n independent uniform tokens: the Gaussian n×d matrix is L·Q (LQ decomposition)
   * with L lower-trapezoidal, L_ii ~ χ_{d−i}, L_ij ~ N(0, 1) below the diagonal (Bartlett), Q
   * uniform; the tokens are the normalized rows of L in the basis Q.
   */
  initUniform(g: Xoshiro128, _q = 0): void {
    const { n, d } = this.p;
    const r = Math.min(n, d);
    const C = this.C;
    for (let i = 0; i < n; i++) {
      const o = i * n;
      const last = Math.min(i, r - 1);
      let nn = 0;
      for (let j = 0; j <= last; j++) {
        const v = j === i ? this.chis.chi(g, d - i) : standardNormal(g);
        C[o + j] = v;
        nn += v * v;
      }
      for (let j = last + 1; j < n; j++) C[o + j] = 0;
      const inv = 1 / Math.sqrt(nn);
      for (let j = 0; j <= last; j++) C[o + j] *= inv;
    }
    this.rank = r;
  }

  /** Run `count` layers drawing from gens[0]; returns the index (within this call) of a failed layer or −1. */
  layers(gens: Xoshiro128[], count: number): number {
    const g = gens[0];
    if (this.wasm) {
      const bad = this.wasm.layers(this.C, this.rank, g, count, this.drawSpanNoise);
      this.rank = this.wasm.rank;
      return bad;
    }
    for (let l = 0; l < count; l++) if (!this.layer(g)) return l;
    return -1;
  }

  /**
   * A layer's variates: the block Z of V on the span (r×r) into out[zo …] and the Bartlett factor
   * R (k'×r, upper, row stride r) of its orthogonal part into out[ro …], both times sd; returns k'.
   */
  private readonly drawSpanNoise = (g: Xoshiro128, r: number, out: Float64Array, zo: number, ro: number): number => {
    const { d, sd } = this.p;
    fillNormal(g, out, sd, zo, r * r);
    const k = d - r;
    const kp = Math.min(k, r);
    for (let j = 0; j < kp; j++) {
      const o = ro + j * r;
      out[o + j] = sd * this.chis.chi(g, k - j);
      fillNormal(g, out, sd, o + j + 1, r - j - 1);
    }
    return kp;
  };

  private layer(g: Xoshiro128): boolean {
    const { n, d, beta, hg } = this.p;
    const r = this.rank;
    const { C, Y, G, A, M, Z, R } = this;
    attentionOfCoordinates(C, n, r, beta, A);
    // Means M = A C (coordinates).
    product(A, C, n, r, M);
    const kp = this.drawSpanNoise(g, r, Z, 0, n * n);
    const m = r + kp;
    if (!newRows(C, M, Z, R, n, r, kp, hg, Y)) return false;
    // New Gram matrix, then its Cholesky factor as the new coordinates.
    tokenGram(Y, n, m, G);
    this.rank = gramCoordinates(G, n, C, this.pivots, Math.min(n, d));
    return true;
  }

  /** Pairwise cosines ⟨x_i, x_j⟩, i < j in row order, to out[o …]. */
  cosines(out: Float64Array, o: number, _q = 0): void {
    const { n } = this.p;
    const { C, rank } = this;
    let k = o;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let s = 0;
        for (let a = 0; a < rank; a++) s += C[i * n + a] * C[j * n + a];
        out[k++] = s;
      }
    }
  }

  /** Final tokens C·Qᵀ in a uniform random frame Q (d×r) from `g`, times `scale`. */
  tokens(g: Xoshiro128, out: Float64Array, o: number, scale: number, _q = 0): void {
    const { n, d } = this.p;
    const { C, rank } = this;
    const frame = randomFrame(g, rank, d);
    for (let i = 0; i < n; i++) {
      const to = o + i * d;
      for (let a = 0; a < d; a++) out[to + a] = 0;
      for (let k = 0; k < rank; k++) {
        const c = C[i * n + k] * scale;
        const fo = k * d;
        for (let a = 0; a < d; a++) out[to + a] += c * frame[fo + a];
      }
    }
  }
}

/** A = softmax_j(β⟨c_i, c_j⟩) for unit rows c (n×r, stride n): the diagonal is the row maximum, one exp per pair. */
function attentionOfCoordinates(C: Float64Array, n: number, r: number, beta: number, A: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const oi = i * n;
    for (let j = i; j < n; j++) {
      const oj = j * n;
      let s = 0;
      for (let a = 0; a < r; a++) s += C[oi + a] * C[oj + a];
      const e = Math.exp(beta * (s - 1));
      A[oi + j] = e;
      A[oj + i] = e;
    }
  }
  for (let i = 0; i < n; i++) {
    const o = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += A[o + j];
    const inv = 1 / s;
    for (let j = 0; j < n; j++) A[o + j] *= inv;
  }
}

/**
 * M = A C (A n×n, C n×r, both stride n): two rows of M at a time, so that each load of C serves
 * two multiply-adds; every entry is the same in-order sum over j as one row at a time.
 */
function product(A: Float64Array, C: Float64Array, n: number, r: number, M: Float64Array): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const m0 = i * n;
    const m1 = m0 + n;
    for (let a = 0; a < r; a++) {
      M[m0 + a] = 0;
      M[m1 + a] = 0;
    }
    for (let j = 0; j < n; j++) {
      const a0 = A[m0 + j];
      const a1 = A[m1 + j];
      const co = j * n;
      for (let a = 0; a < r; a++) {
        const c = C[co + a];
        M[m0 + a] += a0 * c;
        M[m1 + a] += a1 * c;
      }
    }
  }
  for (; i < n; i++) {
    const mo = i * n;
    for (let a = 0; a < r; a++) M[mo + a] = 0;
    for (let j = 0; j < n; j++) {
      const aij = A[mo + j];
      const co = j * n;
      for (let a = 0; a < r; a++) M[mo + a] += aij * C[co + a];
    }
  }
}

/**
 * Y_i = [c_i + hg·m_i + Z m_i, R m_i] (stride r + kp), rows normalized (the chain's
 * normalization). False when a row is zero or not finite.
 */
function newRows(C: Float64Array, M: Float64Array, Z: Float64Array, R: Float64Array, n: number, r: number, kp: number, hg: number, Y: Float64Array): boolean {
  const m = r + kp;
  for (let i = 0; i < n; i++) {
    const yo = i * m;
    const mo = i * n;
    let nn = 0;
    let a = 0;
    // Two coordinates at a time: two independent sums share the loads of the mean.
    for (; a + 2 <= r; a += 2) {
      let s0 = C[mo + a] + hg * M[mo + a];
      let s1 = C[mo + a + 1] + hg * M[mo + a + 1];
      const z0 = a * r;
      const z1 = z0 + r;
      for (let b = 0; b < r; b++) {
        const mb = M[mo + b];
        s0 += Z[z0 + b] * mb;
        s1 += Z[z1 + b] * mb;
      }
      Y[yo + a] = s0;
      Y[yo + a + 1] = s1;
      nn += s0 * s0;
      nn += s1 * s1;
    }
    for (; a < r; a++) {
      let s = C[mo + a] + hg * M[mo + a];
      const zo = a * r;
      for (let b = 0; b < r; b++) s += Z[zo + b] * M[mo + b];
      Y[yo + a] = s;
      nn += s * s;
    }
    for (let j = 0; j < kp; j++) {
      let s = 0;
      const ro = j * r;
      for (let b = j; b < r; b++) s += R[ro + b] * M[mo + b];
      Y[yo + r + j] = s;
      nn += s * s;
    }
    if (!(nn > 0 && nn < Infinity)) return false;
    const inv = 1 / Math.sqrt(nn);
    for (let a = 0; a < m; a++) Y[yo + a] *= inv;
  }
  return true;
}

/**
 * Coordinates (n×rank, stride n) of n unit vectors from their Gram matrix G (n×n): the Cholesky
 * factor in token order, a pivot below PIVOT_TOLERANCE adding no direction (semidefinite G, at
 * most maxRank directions). A row of G bitwise equal to an earlier row copies that row's
 * coordinates, so identical tokens stay identical. Rows are renormalized. Returns the rank.
 */
function gramCoordinates(G: Float64Array, n: number, L: Float64Array, pivots: Int32Array, maxRank: number): number {
  let rank = 0;
  for (let i = 0; i < n; i++) {
    const li = i * n;
    const twin = earlierTwin(G, i, n, n);
    if (twin >= 0) {
      for (let k = 0; k < n; k++) L[li + k] = L[twin * n + k];
      continue;
    }
    let ss = 0;
    for (let k = 0; k < rank; k++) {
      const pj = pivots[k] * n;
      let t = G[li + pivots[k]];
      for (let l = 0; l < k; l++) t -= L[li + l] * L[pj + l];
      t /= L[pj + k];
      L[li + k] = t;
      ss += t * t;
    }
    for (let k = rank; k < n; k++) L[li + k] = 0;
    const gii = G[li + i];
    const s = gii - ss;
    if (rank < maxRank && s > PIVOT_TOLERANCE * gii) {
      L[li + rank] = Math.sqrt(s);
      pivots[rank++] = i;
      ss += s;
    }
    const inv = 1 / Math.sqrt(ss);
    for (let k = 0; k < rank; k++) L[li + k] *= inv;
  }
  return rank;
}

/** The first earlier row bitwise equal to row i, or −1. */
function earlierTwin(y: Float64Array, i: number, m: number, sy: number): number {
  const yo = i * sy;
  for (let j = 0; j < i; j++) {
    const jo = j * sy;
    let a = 0;
    while (a < m && y[jo + a] === y[yo + a]) a++;
    if (a === m) return j;
  }
  return -1;
}

// ---- Kernel table entry (see ./kernel.ts and ./table.ts) ----

/**
 * The chain on the Gram state (this file): per path, the initial state (from the given
 * tokens, or uniform by Bartlett from stream (seed, [INIT, p])), the layers from stream
 * (seed, [NOISE, p]), cosine snapshots, and the final cosines or (uniform starts) final tokens in
 * a uniform random frame drawn from the INIT stream after the initial state.
 */
function runGramStateChain(c: ResolvedChain, onPath?: OnPath): KernelRun {
  const { n, d, depth: L, paths } = c;
  const h = c.horizon / L;
  const params = { n, d, beta: c.beta, sd: (Math.sqrt(h) * c.sigma) / Math.sqrt(d), hg: h * c.gamma };
  const state = n === 2 ? new PairGramState(params) : new GramState(params);
  const m = pairCount(n);
  const tokensOut = c.output === 'tokens';
  const finalTokens = new Float64Array(tokensOut ? paths * n * d : 0);
  const finalCosines = tokensOut ? null : new Float64Array(paths * m);
  const recorder = c.snapshots ? new SnapshotRecorder(L, c.snapshots.stride, c.snapshots.record, n, d, paths, 1) : null;
  const snaps = recorder?.snapshots ?? null;
  const stops = snaps ? snaps.layers : [L];
  const scale = c.sphere === 'rms' ? rmsRadius(d) : 1;
  const layersOf = snaps ? snaps.layers.length : 0;
  // Paths in groups of state.lanes (the pair kernel interleaves four independent paths).
  for (let first = 0; first < paths; first += state.lanes) {
    const count = Math.min(state.lanes, paths - first);
    const inits: Xoshiro128[] = [];
    const gens: Xoshiro128[] = [];
    for (let l = 0; l < count; l++) {
      const p = c.firstPath + first + l;
      const init = streamRng(c.seed, [STREAM_INIT, p]);
      if (c.initialTokens) state.initFromTokens(c.initialTokens, l);
      else state.initUniform(init, l);
      inits.push(init);
      gens.push(streamRng(c.seed, [STREAM_NOISE, p]));
    }
    let k = 0;
    let s = 0;
    const record = () => {
      for (let l = 0; l < count; l++) state.cosines(snaps!.data, ((first + l) * layersOf + s) * m, l);
      s++;
    };
    if (snaps && snaps.layers[0] === 0) record();
    for (const stop of stops) {
      if (stop <= k) continue;
      const bad = state.layers(gens, stop - k);
      if (bad >= 0) {
        const p = c.firstPath + first + state.failedLane;
        throw new NumericalError(`non-finite or zero token at layer ${k + bad + 1} of path ${p} (check the size of beta, sigma and gamma)`);
      }
      k = stop;
      if (snaps) record();
    }
    for (let l = 0; l < count; l++) {
      if (tokensOut) state.tokens(inits[l], finalTokens, (first + l) * n * d, scale, l);
      else state.cosines(finalCosines!, (first + l) * m, l);
      onPath?.(first + l + 1, paths);
    }
  }
  return { finalTokens, finalCosines, snapshots: snaps };
}

export const gramStateKernel: LayerKernel = {
  name: 'gram state',
  contract: {
    kind: 'same-law',
    as: 'matrix',
    statement: contract,
    example: { n: 3, d: 5, depth: 12, horizon: 1, beta: 1.5, gamma: 0.3, output: 'cosines', initialTokens: [[1, 0, 0, 0, 0], [0.6, 0.8, 0, 0, 0], [0, 0.6, 0.8, 0, 0]] },
  },
  applies: (c) => c.sampling === 'gram-state',
  run: runGramStateChain,
};
