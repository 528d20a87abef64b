/**
 * Scholz–Stephens k-sample Anderson–Darling test of "all samples share one distribution",
 * with the p-value interpolation of scipy.stats.anderson_ksamp.
 */
import { ConfigError } from '../util/errors.js';
import { requireOneOf } from '../util/validate.js';
import { requireSample, sortedCopy } from './checks.js';

export interface AndersonDarlingKSampleResult {
  /** Standardized statistic T = (A² − (k−1))/σ_N (what scipy reports as `statistic`). */
  readonly statistic: number;
  /** Unstandardized A²_akN (midrank) or A²_kN (right). */
  readonly rawStatistic: number;
  /** Approximate p-value, clipped to [0.001, 0.25] as in scipy. */
  readonly pValue: number;
  /**
   * 'interpolated': inside the tabulated range; 'lowerBound': T below all critical values,
   * the true p-value exceeds 0.25; 'upperBound': T above them, the true p-value is below 0.001.
   */
  readonly pValueKind: 'interpolated' | 'lowerBound' | 'upperBound';
  /** Critical values of T for significance levels 0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001. */
  readonly criticalValues: readonly number[];
}

/** Significance levels of Scholz & Stephens (1987), Table 2. */
export const AD_SIGNIFICANCE_LEVELS: readonly number[] = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

/**
 * k-sample Anderson–Darling test (Scholz & Stephens 1987, JASA 82:918–924).
 *
 * With pooled sorted data Z (size N), distinct values z*_j with multiplicities l_j, sample sizes
 * n_i, the midrank statistic (eq. 7, valid under ties) is
 *   A²_akN = (N−1)/N Σ_i (1/n_i) Σ_j (l_j/N) (N M_aij − n_i B_aj)² / (B_aj(N − B_aj) − N l_j/4),
 * B_aj = #{Z < z*_j} + l_j/2, M_aij = #{X_i < z*_j} + #{X_i = z*_j}/2. The 'right' variant is
 * eq. 6. T = (A² − (k−1))/σ_N with σ_N² from their eq. 4; the p-value interpolates
 * log(level) quadratically in the critical values t_k(level) = b0 + b1/√(k−1) + b2/(k−1)
 * (Table 2), exactly as scipy.stats.anderson_ksamp (variant='midrank' is its default).
 *
 * @example andersonDarlingKSample([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]).pValue // 0.0043560 (scipy: 0.0043560), statistic 4.7260
 */
export function andersonDarlingKSample(
  samples: readonly ArrayLike<number>[],
  variant: 'midrank' | 'right' = 'midrank',
): AndersonDarlingKSampleResult {
  if (!Array.isArray(samples) || samples.length < 2) {
    throw new ConfigError('samples', samples, 'an array of at least 2 samples');
  }
  const v = requireOneOf('variant', variant, ['midrank', 'right'] as const);
  const sorted = samples.map((s, i) => sortedCopy(requireSample(`samples[${i}]`, s, 1)));
  const k = sorted.length;
  const sizes = sorted.map((s) => s.length);
  const N = sizes.reduce((a, b) => a + b, 0);
  if (N < 4) throw new ConfigError('total sample size', N, 'at least 4 observations');
  const Z = new Float64Array(N);
  {
    let o = 0;
    for (const s of sorted) {
      Z.set(s, o);
      o += s.length;
    }
    Z.sort();
  }
  // Distinct values and multiplicities.
  const zStar: number[] = [];
  const mult: number[] = [];
  for (let p = 0; p < N; ) {
    let q = p;
    while (q < N && Z[q] === Z[p]) q++;
    zStar.push(Z[p]);
    mult.push(q - p);
    p = q;
  }
  if (zStar.length < 2) throw new ConfigError('samples', samples, 'data with at least 2 distinct values');

  let A2 = 0;
  for (let i = 0; i < k; i++) {
    const s = sorted[i];
    const ni = s.length;
    let ptr = 0; // #{s < z*_j}
    let below = 0; // #{Z < z*_j}
    let inner = 0;
    const J = v === 'midrank' ? zStar.length : zStar.length - 1;
    for (let j = 0; j < J; j++) {
      const z = zStar[j];
      const l = mult[j];
      let eq = 0;
      while (ptr + eq < ni && s[ptr + eq] === z) eq++;
      if (v === 'midrank') {
        const B = below + l / 2;
        const M = ptr + eq / 2;
        const r = N * M - B * ni;
        inner += ((l / N) * r * r) / (B * (N - B) - (N * l) / 4);
      } else {
        const B = below + l;
        const M = ptr + eq;
        const r = N * M - B * ni;
        inner += ((l / N) * r * r) / (B * (N - B));
      }
      ptr += eq;
      below += l;
    }
    A2 += inner / ni;
  }
  if (v === 'midrank') A2 *= (N - 1) / N;

  // Variance of A² under H0 (Scholz & Stephens eq. 4), in scipy's arrangement.
  let H = 0;
  for (const n of sizes) H += 1 / n;
  // h = Σ_{r=1}^{N−1} 1/r;  g = Σ_{t≥0} (Σ_{r=N−1−t}^{N−1} 1/r)/(t+2) over r ≥ 2 (scipy's hs_cs).
  let g = 0;
  let cs = 0;
  for (let r = N - 1, t = 0; r >= 2; r--, t++) {
    cs += 1 / r;
    g += cs / (t + 2);
  }
  const h = cs + 1;
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k * k - 4 * h * k;
  const sigma2 = (a * N ** 3 + b * N ** 2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3));
  const m = k - 1;
  const T = (A2 - m) / Math.sqrt(sigma2);

  const critical = B0.map((b0, idx) => b0 + B1[idx] / Math.sqrt(m) + B2[idx] / m);
  const cMin = Math.min(...critical);
  const cMax = Math.max(...critical);
  let pValue: number;
  let pValueKind: AndersonDarlingKSampleResult['pValueKind'];
  if (T < cMin) {
    pValue = 0.25;
    pValueKind = 'lowerBound';
  } else if (T > cMax) {
    pValue = 0.001;
    pValueKind = 'upperBound';
  } else {
    const [c0, c1, c2] = quadraticLeastSquares(critical, AD_SIGNIFICANCE_LEVELS.map(Math.log));
    pValue = Math.exp(c0 + c1 * T + c2 * T * T);
    pValueKind = 'interpolated';
  }
  return { statistic: T, rawStatistic: A2, pValue, pValueKind, criticalValues: critical };
}

/** Least-squares fit y ≈ c0 + c1 x + c2 x² (centred for conditioning); returns [c0, c1, c2]. */
function quadraticLeastSquares(x: readonly number[], y: readonly number[]): [number, number, number] {
  const n = x.length;
  const mx = x.reduce((s, t) => s + t, 0) / n;
  // Normal equations in u = x − mx.
  const S = [0, 0, 0, 0, 0];
  const R = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const u = x[i] - mx;
    let p = 1;
    for (let e = 0; e <= 4; e++) {
      S[e] += p;
      if (e <= 2) R[e] += p * y[i];
      p *= u;
    }
  }
  const A = [
    [S[0], S[1], S[2], R[0]],
    [S[1], S[2], S[3], R[1]],
    [S[2], S[3], S[4], R[2]],
  ];
  for (let col = 0; col < 3; col++) {
    let piv = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(A[r][col]) > Math.abs(A[piv][col])) piv = r;
    [A[col], A[piv]] = [A[piv], A[col]];
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const f = A[r][col] / A[col][col];
      for (let cc = col; cc < 4; cc++) A[r][cc] -= f * A[col][cc];
    }
  }
  const d0 = A[0][3] / A[0][0];
  const d1 = A[1][3] / A[1][1];
  const d2 = A[2][3] / A[2][2];
  // Back to powers of x: d0 + d1 (x−mx) + d2 (x−mx)².
  return [d0 - d1 * mx + d2 * mx * mx, d1 - 2 * d2 * mx, d2];
}
