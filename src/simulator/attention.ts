/**
 * Self-attention on token sets: A_ij = softmax_j(β⟨Q x_i, K x_j⟩) (row-stochastic) and the
 * attention means m_i = Σ_j A_ij x_j. Buffers are supplied by the caller so that the per-layer
 * loop allocates nothing.
 */

/** Row-major d×d matrix–vector product y = M x for one token (offsets into flat arrays). */
export function matVec(
  m: Float64Array,
  d: number,
  x: Float64Array,
  xOffset: number,
  y: Float64Array,
  yOffset: number,
): void {
  for (let a = 0; a < d; a++) {
    let s = 0;
    const ro = a * d;
    for (let b = 0; b < d; b++) s += m[ro + b] * x[xOffset + b];
    y[yOffset + a] = s;
  }
}

/**
 * Dot product with four independent partial sums (summation order differs from a plain loop, so
 * the last bits can differ): breaks the latency chain of one long sum. Used by the projected
 * sampling path only; the explicit-noise path keeps plain in-order sums.
 */
export function dotFast(u: Float64Array, uo: number, v: Float64Array, vo: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let a = 0;
  for (; a + 4 <= d; a += 4) {
    s0 += u[uo + a] * v[vo + a];
    s1 += u[uo + a + 1] * v[vo + a + 1];
    s2 += u[uo + a + 2] * v[vo + a + 2];
    s3 += u[uo + a + 3] * v[vo + a + 3];
  }
  for (; a < d; a++) s0 += u[uo + a] * v[vo + a];
  return s0 + s1 + (s2 + s3);
}

/**
 * Row-wise softmax in place on an n×n array of logits, subtracting each row's maximum so that
 * large β·⟨·,·⟩ never overflows.
 */
export function softmaxRows(weights: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (weights[row + j] > max) max = weights[row + j];
    let z = 0;
    for (let j = 0; j < n; j++) {
      const u = weights[row + j] - max;
      const e = u === 0 ? 1 : Math.exp(u); // exp(0) = 1 exactly: skip the call for the maximum
      weights[row + j] = e;
      z += e;
    }
    const inv = 1 / z;
    for (let j = 0; j < n; j++) weights[row + j] *= inv;
  }
}

/**
 * Attention weights like `attentionWeights` for Q = K = I, with the logits computed by `dotFast`
 * (faster for large d; last bits may differ). Used by the projected sampling path.
 */
export function attentionWeightsFast(x: Float64Array, n: number, d: number, beta: number, weights: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const logit = beta * dotFast(x, i * d, x, j * d, d);
      weights[i * n + j] = logit;
      weights[j * n + i] = logit;
    }
  }
  softmaxRows(weights, n);
}

/**
 * Attention weights, written row-major into `weights` (n·n). `query`/`key` are d×d matrices or
 * null for the identity; `qx`, `kx` are n·d scratch buffers used only when they are given.
 * The softmax subtracts the row maximum, so large β·⟨·,·⟩ never overflows.
 */
export function attentionWeights(
  x: Float64Array,
  xOffset: number,
  n: number,
  d: number,
  beta: number,
  query: Float64Array | null,
  key: Float64Array | null,
  weights: Float64Array,
  qx: Float64Array,
  kx: Float64Array,
): void {
  let qs = x;
  let qo = xOffset;
  let ks = x;
  let ko = xOffset;
  if (query) {
    for (let i = 0; i < n; i++) matVec(query, d, x, xOffset + i * d, qx, i * d);
    qs = qx;
    qo = 0;
  }
  if (key) {
    for (let i = 0; i < n; i++) matVec(key, d, x, xOffset + i * d, kx, i * d);
    ks = kx;
    ko = 0;
  }
  // Logits. With Q = K (both identity, or the same matrix) ⟨Qx_i, Kx_j⟩ is symmetric and each
  // product is computed once: a·b and b·a are the same IEEE product, so the bits do not change.
  const symmetric = query === key;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const oi = qo + i * d;
    for (let j = symmetric ? i : 0; j < n; j++) {
      const oj = ko + j * d;
      let s = 0;
      for (let a = 0; a < d; a++) s += qs[oi + a] * ks[oj + a];
      const logit = beta * s;
      weights[row + j] = logit;
      if (symmetric) weights[j * n + i] = logit;
    }
  }
  softmaxRows(weights, n);
}

/** Attention means m_i = Σ_j A_ij x_j, written into `means` (n·d). Sums run over j in order. */
export function attentionMeans(
  weights: Float64Array,
  x: Float64Array,
  xOffset: number,
  n: number,
  d: number,
  means: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const mo = i * d;
    const wo = i * n;
    let a = 0;
    // Four coordinates at a time in registers; the sum over j keeps its order (same bits as
    // accumulating in memory from 0).
    for (; a + 4 <= d; a += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < n; j++) {
        const w = weights[wo + j];
        const xo = xOffset + j * d + a;
        s0 += w * x[xo];
        s1 += w * x[xo + 1];
        s2 += w * x[xo + 2];
        s3 += w * x[xo + 3];
      }
      means[mo + a] = s0;
      means[mo + a + 1] = s1;
      means[mo + a + 2] = s2;
      means[mo + a + 3] = s3;
    }
    for (; a < d; a++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += weights[wo + j] * x[xOffset + j * d + a];
      means[mo + a] = s;
    }
  }
}
