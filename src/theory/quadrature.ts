/**
 * Quadrature building blocks: Gauss–Legendre and Gauss–Jacobi rules (Golub–Welsch) and an adaptive
 * Gauss–Kronrod (7, 15) integrator. Rules are cached by (n, exponent).
 *
 * Accuracy: nodes and weights to ~1e-15 relative for n ≤ 64; the adaptive integrator stops when the
 * sum of |K15 − G7| over its leaves is below the requested absolute tolerance (|K15 − G7| is a
 * pessimistic estimate of the K15 error for smooth integrands).
 */
import { NumericalError } from '../util/errors.js';

/** Nodes x and weights w of an n-point rule on [−1, 1]. */
export interface QuadratureRule {
  readonly x: Float64Array;
  readonly w: Float64Array;
}

/**
 * Eigenvalues of the symmetric tridiagonal matrix (diag, off) and the squared first components of
 * its normalized eigenvectors (implicit QL with Wilkinson shifts, tracking only row 0 of Z).
 */
function tridiagonalEigen(diag: Float64Array, off: Float64Array): { values: Float64Array; firstSq: Float64Array } {
  const n = diag.length;
  const dd = Float64Array.from(diag);
  const e = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) e[i] = off[i];
  const z = new Float64Array(n); // row 0 of the eigenvector matrix
  z[0] = 1;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const s = Math.abs(dd[m]) + Math.abs(dd[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * s) break;
      }
      if (m === l) break;
      if (++iter > 60) throw new NumericalError('tridiagonal eigen-solver did not converge');
      let g = (dd[l + 1] - dd[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = dd[m] - dd[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        let f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          dd[i + 1] -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = dd[i + 1] - p;
        r = (dd[i] - g) * s + 2 * c * b;
        p = s * r;
        dd[i + 1] = g + p;
        g = c * r - b;
        f = z[i + 1];
        z[i + 1] = s * z[i] + c * f;
        z[i] = c * z[i] - s * f;
      }
      if (r === 0 && i >= l) continue;
      dd[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  const firstSq = new Float64Array(n);
  for (let k = 0; k < n; k++) firstSq[k] = z[k] * z[k];
  return { values: dd, firstSq };
}

const jacobiCache = new Map<string, QuadratureRule>();

/**
 * n-point Gauss–Jacobi rule for the weight (1 − x)^α (1 + x)^β on [−1, 1], **normalized to total
 * weight 1** (divide-out of the moment μ₀ = 2^{α+β+1} B(α+1, β+1), which the caller supplies in
 * log form so that α or β → −1 costs no precision). α, β > −1; pass `onePlusBeta` exactly when β is
 * within rounding of −1. Built from the three-term recurrence of the monic Jacobi polynomials
 * (Golub–Welsch).
 */
export function gaussJacobiNormalized(n: number, alpha: number, beta: number, onePlusBeta = 1 + beta): QuadratureRule {
  const key = `${n}:${alpha}:${beta}:${onePlusBeta}`;
  const hit = jacobiCache.get(key);
  if (hit) return hit;
  const diag = new Float64Array(n);
  const off = new Float64Array(n);
  const ab = alpha + beta;
  diag[0] = (beta - alpha) / (ab + 2);
  for (let k = 1; k < n; k++) {
    const t = 2 * k + ab;
    diag[k] = (beta * beta - alpha * alpha) / (t * (t + 2));
  }
  for (let k = 1; k < n; k++) {
    const t = 2 * k + ab;
    const b2 =
      k === 1
        ? (4 * (1 + alpha) * onePlusBeta) / ((2 + ab) * (2 + ab) * (3 + ab))
        : (4 * k * (k + alpha) * (k + beta) * (k + ab)) / (t * t * (t + 1) * (t - 1));
    off[k - 1] = Math.sqrt(b2);
  }
  const { values, firstSq } = tridiagonalEigen(diag, off);
  const order = Array.from(values.keys()).sort((i, j) => values[i] - values[j]);
  const rule = { x: Float64Array.from(order, (i) => values[i]), w: Float64Array.from(order, (i) => firstSq[i]) };
  if (jacobiCache.size > 256) jacobiCache.clear();
  jacobiCache.set(key, rule);
  return rule;
}

const legendreCache = new Map<number, QuadratureRule>();

/** n-point Gauss–Legendre rule on [−1, 1] (Newton on P_n from Chebyshev-like initial guesses). */
export function gaussLegendre(n: number): QuadratureRule {
  const hit = legendreCache.get(n);
  if (hit) return hit;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      if (n === 1) p0 = 1;
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    let p0 = 1;
    let p1 = z;
    for (let k = 2; k <= n; k++) {
      const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    dp = (n * (z * p1 - p0)) / (z * z - 1);
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  const rule = { x, w };
  legendreCache.set(n, rule);
  return rule;
}

/** ∫_a^b f by an n-point Gauss–Legendre rule. */
export function integrateGaussLegendre(f: (x: number) => number, a: number, b: number, n: number): number {
  const { x, w } = gaussLegendre(n);
  const half = 0.5 * (b - a);
  const mid = 0.5 * (b + a);
  let s = 0;
  for (let i = 0; i < n; i++) s += w[i] * f(mid + half * x[i]);
  return s * half;
}

// Kronrod 15 / Gauss 7 nodes on [0, 1] half-interval (QUADPACK qk15).
const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0.0,
];
const WGK = [
  0.022935322010529224963732008058970, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const WG = [0.129484966168869693270611432679082, 0.279705391489276667901467771423780, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

/** One G7/K15 panel: the K15 value and |K15 − G7|. */
export function kronrod15(f: (x: number) => number, a: number, b: number): { value: number; error: number } {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  let k = WGK[7] * fc;
  let g = WG[3] * fc;
  for (let j = 0; j < 7; j++) {
    const f1 = f(c - h * XGK[j]);
    const f2 = f(c + h * XGK[j]);
    k += WGK[j] * (f1 + f2);
    if (j % 2 === 1) g += WG[(j - 1) / 2] * (f1 + f2);
  }
  return { value: k * h, error: Math.abs((k - g) * h) };
}

/** A leaf of an adaptive partition: its interval and the K15 integral over it. */
export interface QuadratureLeaf {
  readonly a: number;
  readonly b: number;
  readonly value: number;
}

/**
 * Adaptive G7K15 over the given breakpoints (sorted): bisects any panel whose |K15 − G7| exceeds
 * its share of `absTol` (proportional to its width) until the global estimate is below absTol or
 * `maxLeaves` is reached. Returns the leaves in increasing order, their sum and the error estimate.
 */
export function adaptiveKronrod(
  f: (x: number) => number,
  breakpoints: readonly number[],
  absTol: number,
  maxLeaves = 20000,
): { leaves: QuadratureLeaf[]; value: number; error: number } {
  const total = breakpoints[breakpoints.length - 1] - breakpoints[0];
  const leaves: QuadratureLeaf[] = [];
  let error = 0;
  let count = 0;
  const stack: Array<[number, number, { value: number; error: number }, number]> = [];
  for (let i = breakpoints.length - 2; i >= 0; i--) {
    const a = breakpoints[i];
    const b = breakpoints[i + 1];
    if (b > a) stack.push([a, b, kronrod15(f, a, b), 0]);
  }
  while (stack.length > 0) {
    const [a, b, r, depth] = stack.pop()!;
    const share = (absTol * (b - a)) / total;
    if (r.error <= share || depth >= 60 || count + stack.length >= maxLeaves || b - a <= 1e-15 * (Math.abs(a) + Math.abs(b))) {
      leaves.push({ a, b, value: r.value });
      error += r.error;
      count++;
      continue;
    }
    const m = 0.5 * (a + b);
    stack.push([m, b, kronrod15(f, m, b), depth + 1]);
    stack.push([a, m, kronrod15(f, a, m), depth + 1]);
  }
  let value = 0;
  for (const l of leaves) value += l.value;
  return { leaves, value, error };
}
