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
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      let s = 0;
      const oi = qo + i * d;
      const oj = ko + j * d;
      for (let a = 0; a < d; a++) s += qs[oi + a] * ks[oj + a];
      const logit = beta * s;
      weights[row + j] = logit;
      if (logit > max) max = logit;
    }
    let z = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(weights[row + j] - max);
      weights[row + j] = e;
      z += e;
    }
    const inv = 1 / z;
    for (let j = 0; j < n; j++) weights[row + j] *= inv;
  }
}

/** Attention means m_i = Σ_j A_ij x_j, written into `means` (n·d). */
export function attentionMeans(
  weights: Float64Array,
  x: Float64Array,
  xOffset: number,
  n: number,
  d: number,
  means: Float64Array,
): void {
  means.fill(0, 0, n * d);
  for (let i = 0; i < n; i++) {
    const mo = i * d;
    for (let j = 0; j < n; j++) {
      const w = weights[i * n + j];
      const xo = xOffset + j * d;
      for (let a = 0; a < d; a++) means[mo + a] += w * x[xo + a];
    }
  }
}
