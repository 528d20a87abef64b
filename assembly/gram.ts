/**
 * WebAssembly pieces of the general-n projected layer (src/simulator/kernels/gram.ts
 * `gramLayer`, Q = K = I, no drift), exported through assembly/pair.ts (one module) and driven by
 * src/simulator/kernels/wasmGram.ts `WasmGramKernel`. The exponentials and the normals stay in JS
 * (V8's Math.exp and fillNormal), so the bits are exactly those of the JS gramLayer: every
 * entry is the same in-order sum of the same products; f64x2 lanes only ever hold two
 * DIFFERENT entries (wasm has no fused or reassociated arithmetic).
 *
 * Layout (f64, N = n rounded up to even, row strides N): X n×d tokens, XT d×N transposed
 * tokens, C n×N token Gram, A n×N weights, AT n×N transposed weights, P n×N = A C, L n×N
 * (G = P Aᵀ, lower triangle, then its Cholesky factor), Z n×d normals. Padding lanes hold
 * values that are never read back into a real entry.
 */

/** C = X Xᵀ (full, symmetric bit for bit): X transposed into XT, then `gramOfTransposed`. */
export function gramTokens(xp: usize, xtp: usize, cp: usize, n: i32, d: i32): void {
  const N = (n + 1) & ~1;
  // Transpose: XT[a][j] = X[j][a]; padding column zero.
  for (let j = 0; j < n; j++) {
    for (let a = 0; a < d; a++) store<f64>(xtp + ((<usize>(a * N + j)) << 3), load<f64>(xp + ((<usize>(j * d + a)) << 3)));
  }
  if (N > n) for (let a = 0; a < d; a++) store<f64>(xtp + ((<usize>(a * N + n)) << 3), 0);
  gramOfTransposed(xtp, cp, n, d);
}

/**
 * C = X Xᵀ (n×N, full, symmetric bit for bit) from XT (d×N, the n rows of X as columns, padding
 * column zero): every entry the in-order sum over a of X_ia X_ja; lanes over j, by 2 rows × 4
 * columns, upper triangle then mirrored.
 */
export function gramOfTransposed(xtp: usize, cp: usize, n: i32, d: i32): void {
  const N = (n + 1) & ~1;
  const rowB = <usize>N << 3;
  for (let i = 0; i < n; i += 2) {
    const i1 = i + 1 < n ? i + 1 : i;
    const xi = <usize>i << 3;
    const xi1 = <usize>i1 << 3;
    // Columns j ≥ i (i even: j starts on a lane pair), 4 at a time then 2.
    let j = i;
    for (; j + 4 <= N; j += 4) {
      let s00 = f64x2.splat(0);
      let s01 = f64x2.splat(0);
      let s10 = f64x2.splat(0);
      let s11 = f64x2.splat(0);
      let q = xtp;
      const jo = <usize>j << 3;
      for (let a = 0; a < d; a++) {
        const u0 = f64x2.splat(load<f64>(q + xi));
        const u1 = f64x2.splat(load<f64>(q + xi1));
        const v0 = v128.load(q + jo);
        const v1 = v128.load(q + jo, 16);
        s00 = f64x2.add(s00, f64x2.mul(u0, v0));
        s01 = f64x2.add(s01, f64x2.mul(u0, v1));
        s10 = f64x2.add(s10, f64x2.mul(u1, v0));
        s11 = f64x2.add(s11, f64x2.mul(u1, v1));
        q += rowB;
      }
      const ci = cp + (<usize>(i * N + j) << 3);
      const ci1 = cp + (<usize>(i1 * N + j) << 3);
      v128.store(ci, s00);
      v128.store(ci, s01, 16);
      v128.store(ci1, s10);
      v128.store(ci1, s11, 16);
    }
    for (; j < N; j += 2) {
      let s00 = f64x2.splat(0);
      let s10 = f64x2.splat(0);
      let q = xtp;
      const jo = <usize>j << 3;
      for (let a = 0; a < d; a++) {
        const v0 = v128.load(q + jo);
        s00 = f64x2.add(s00, f64x2.mul(f64x2.splat(load<f64>(q + xi)), v0));
        s10 = f64x2.add(s10, f64x2.mul(f64x2.splat(load<f64>(q + xi1)), v0));
        q += rowB;
      }
      v128.store(cp + (<usize>(i * N + j) << 3), s00);
      v128.store(cp + (<usize>(i1 * N + j) << 3), s10);
    }
  }
  // Mirror the upper triangle (j > i) into the lower one.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) store<f64>(cp + (<usize>(j * N + i) << 3), load<f64>(cp + (<usize>(i * N + j) << 3)));
  }
}

/**
 * From the exponentials E (A = rows of E normalized, in place): P = A C (P_ik = Σ_j A_ij C_jk in order j), G = P Aᵀ (lower
 * triangle, G_ij = Σ_k P_ik A_jk in order k) into L, then the Cholesky factor in place.
 * Returns 0, or −2 when a pivot is below tol times its diagonal entry.
 */
export function gramCholesky(ap: usize, atp: usize, cp: usize, pp: usize, lp: usize, n: i32, tol: f64): i32 {
  const N = (n + 1) & ~1;
  const rowB = <usize>N << 3;
  // Row normalization of the exponentials (in-order row sum, then times its reciprocal).
  for (let i = 0; i < n; i++) {
    const r = ap + (<usize>(i * N) << 3);
    let s: f64 = 0;
    for (let j = 0; j < n; j++) s += load<f64>(r + (<usize>j << 3));
    const inv = 1 / s;
    for (let j = 0; j < n; j++) store<f64>(r + (<usize>j << 3), load<f64>(r + (<usize>j << 3)) * inv);
  }
  // AT[k][j] = A[j][k].
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) store<f64>(atp + (<usize>(k * N + j) << 3), load<f64>(ap + (<usize>(j * N + k) << 3)));
  }
  if (N > n) for (let k = 0; k < n; k++) store<f64>(atp + (<usize>(k * N + n) << 3), 0);
  // P = A C: rows i, i1 together, lanes over k (C symmetric: row j of C gives C_jk = C_kj); the
  // same 2×2-block, four-lane loop as gramTokens above, on other operands.
  for (let i = 0; i < n; i += 2) {
    const i1 = i + 1 < n ? i + 1 : i;
    const ai = ap + (<usize>(i * N) << 3);
    const ai1 = ap + (<usize>(i1 * N) << 3);
    let k = 0;
    for (; k + 4 <= N; k += 4) {
      let s00 = f64x2.splat(0);
      let s01 = f64x2.splat(0);
      let s10 = f64x2.splat(0);
      let s11 = f64x2.splat(0);
      let q = cp + (<usize>k << 3);
      for (let j = 0; j < n; j++) {
        const u0 = f64x2.splat(load<f64>(ai + (<usize>j << 3)));
        const u1 = f64x2.splat(load<f64>(ai1 + (<usize>j << 3)));
        const v0 = v128.load(q);
        const v1 = v128.load(q, 16);
        s00 = f64x2.add(s00, f64x2.mul(u0, v0));
        s01 = f64x2.add(s01, f64x2.mul(u0, v1));
        s10 = f64x2.add(s10, f64x2.mul(u1, v0));
        s11 = f64x2.add(s11, f64x2.mul(u1, v1));
        q += rowB;
      }
      const pi = pp + (<usize>(i * N + k) << 3);
      const pi1 = pp + (<usize>(i1 * N + k) << 3);
      v128.store(pi, s00);
      v128.store(pi, s01, 16);
      v128.store(pi1, s10);
      v128.store(pi1, s11, 16);
    }
    for (; k < N; k += 2) {
      let s00 = f64x2.splat(0);
      let s10 = f64x2.splat(0);
      let q = cp + (<usize>k << 3);
      for (let j = 0; j < n; j++) {
        const v0 = v128.load(q);
        s00 = f64x2.add(s00, f64x2.mul(f64x2.splat(load<f64>(ai + (<usize>j << 3))), v0));
        s10 = f64x2.add(s10, f64x2.mul(f64x2.splat(load<f64>(ai1 + (<usize>j << 3))), v0));
        q += rowB;
      }
      v128.store(pp + (<usize>(i * N + k) << 3), s00);
      v128.store(pp + (<usize>(i1 * N + k) << 3), s10);
    }
  }
  // G = P Aᵀ, lower triangle (j ≤ i, lane pairs from 0): lanes over j of AT.
  for (let i = 0; i < n; i += 2) {
    const i1 = i + 1 < n ? i + 1 : i;
    const pi = pp + (<usize>(i * N) << 3);
    const pi1 = pp + (<usize>(i1 * N) << 3);
    for (let j = 0; j <= i; j += 2) {
      let s00 = f64x2.splat(0);
      let s10 = f64x2.splat(0);
      let q = atp + (<usize>j << 3);
      for (let k = 0; k < n; k++) {
        const v0 = v128.load(q);
        s00 = f64x2.add(s00, f64x2.mul(f64x2.splat(load<f64>(pi + (<usize>k << 3))), v0));
        s10 = f64x2.add(s10, f64x2.mul(f64x2.splat(load<f64>(pi1 + (<usize>k << 3))), v0));
        q += rowB;
      }
      v128.store(lp + (<usize>(i * N + j) << 3), s00);
      v128.store(lp + (<usize>(i1 * N + j) << 3), s10);
    }
  }
  // Cholesky, exactly the JS order.
  for (let j = 0; j < n; j++) {
    const rj = lp + (<usize>(j * N) << 3);
    let s = load<f64>(rj + (<usize>j << 3));
    const gjj = s;
    for (let k = 0; k < j; k++) {
      const l = load<f64>(rj + (<usize>k << 3));
      s -= l * l;
    }
    if (!(s > tol * gjj)) return -2;
    const ljj = Math.sqrt(s);
    store<f64>(rj + (<usize>j << 3), ljj);
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = lp + (<usize>(i * N) << 3);
      let t = load<f64>(ri + (<usize>j << 3));
      for (let k = 0; k < j; k++) t -= load<f64>(ri + (<usize>k << 3)) * load<f64>(rj + (<usize>k << 3));
      store<f64>(ri + (<usize>j << 3), t * inv);
    }
  }
  return 0;
}

/**
 * x_i += Σ_{k≤i} L_ik z_k (in order k), then x_i ← x_i/|x_i| with |x_i|² summed as the JS
 * kernel does (groups of four coordinates: (t0² + t1²) + (t2² + t3²), then one by one; the
 * last token of an odd n one by one throughout). Tokens go in pairs sharing the loads of z_k.
 * Returns −1 or the first bad token (x partly updated, as in JS).
 */
export function gramNoise(xp: usize, lp: usize, zp: usize, n: i32, d: i32): i32 {
  const N = (n + 1) & ~1;
  const d4 = d & ~3;
  const zrow = <usize>d << 3;
  let i = 0;
  // Tokens i and i + 1 together (they share the loads of z_k), four coordinates at a time.
  for (; i + 2 <= n; i += 2) {
    const xo = xp + (<usize>(i * d) << 3);
    const xo1 = xo + zrow;
    const ri = lp + (<usize>(i * N) << 3);
    const ri1 = ri + (<usize>N << 3);
    let nn: f64 = 0;
    let mm: f64 = 0;
    let a = 0;
    for (; a < d4; a += 4) {
      const ao = <usize>a << 3;
      let t01 = v128.load(xo + ao);
      let t23 = v128.load(xo + ao, 16);
      let u01 = v128.load(xo1 + ao);
      let u23 = v128.load(xo1 + ao, 16);
      let zq = zp + ao;
      for (let k = 0; k <= i; k++) {
        const l = f64x2.splat(load<f64>(ri + (<usize>k << 3)));
        const l1 = f64x2.splat(load<f64>(ri1 + (<usize>k << 3)));
        const z01 = v128.load(zq);
        const z23 = v128.load(zq, 16);
        t01 = f64x2.add(t01, f64x2.mul(l, z01));
        t23 = f64x2.add(t23, f64x2.mul(l, z23));
        u01 = f64x2.add(u01, f64x2.mul(l1, z01));
        u23 = f64x2.add(u23, f64x2.mul(l1, z23));
        zq += zrow;
      }
      const l11 = f64x2.splat(load<f64>(ri1 + (<usize>(i + 1) << 3)));
      u01 = f64x2.add(u01, f64x2.mul(l11, v128.load(zq)));
      u23 = f64x2.add(u23, f64x2.mul(l11, v128.load(zq, 16)));
      v128.store(xo + ao, t01);
      v128.store(xo + ao, t23, 16);
      v128.store(xo1 + ao, u01);
      v128.store(xo1 + ao, u23, 16);
      const q01 = f64x2.mul(t01, t01);
      const q23 = f64x2.mul(t23, t23);
      const p01 = f64x2.mul(u01, u01);
      const p23 = f64x2.mul(u23, u23);
      nn += (f64x2.extract_lane(q01, 0) + f64x2.extract_lane(q01, 1)) + (f64x2.extract_lane(q23, 0) + f64x2.extract_lane(q23, 1));
      mm += (f64x2.extract_lane(p01, 0) + f64x2.extract_lane(p01, 1)) + (f64x2.extract_lane(p23, 0) + f64x2.extract_lane(p23, 1));
    }
    for (; a < d; a++) {
      let t = load<f64>(xo + (<usize>a << 3));
      let u = load<f64>(xo1 + (<usize>a << 3));
      for (let k = 0; k <= i; k++) {
        const zk = load<f64>(zp + (<usize>(k * d + a) << 3));
        t += load<f64>(ri + (<usize>k << 3)) * zk;
        u += load<f64>(ri1 + (<usize>k << 3)) * zk;
      }
      u += load<f64>(ri1 + (<usize>(i + 1) << 3)) * load<f64>(zp + (<usize>((i + 1) * d + a) << 3));
      store<f64>(xo + (<usize>a << 3), t);
      store<f64>(xo1 + (<usize>a << 3), u);
      nn += t * t;
      mm += u * u;
    }
    if (!(nn > 0 && nn < Infinity)) return i;
    if (!(mm > 0 && mm < Infinity)) return i + 1;
    scale(xo, d, 1 / Math.sqrt(nn));
    scale(xo1, d, 1 / Math.sqrt(mm));
  }
  if (i < n) {
    // The last token of an odd n: coordinate by coordinate, as in JS.
    const xo = xp + (<usize>(i * d) << 3);
    const ri = lp + (<usize>(i * N) << 3);
    let nn: f64 = 0;
    for (let a = 0; a < d; a++) {
      let t = load<f64>(xo + (<usize>a << 3));
      for (let k = 0; k <= i; k++) t += load<f64>(ri + (<usize>k << 3)) * load<f64>(zp + (<usize>(k * d + a) << 3));
      store<f64>(xo + (<usize>a << 3), t);
      nn += t * t;
    }
    if (!(nn > 0 && nn < Infinity)) return i;
    scale(xo, d, 1 / Math.sqrt(nn));
  }
  return -1;
}

@inline
function scale(xo: usize, d: i32, k1: f64): void {
  const kv = f64x2.splat(k1);
  let b = 0;
  for (; b + 2 <= d; b += 2) v128.store(xo + (<usize>b << 3), f64x2.mul(v128.load(xo + (<usize>b << 3)), kv));
  for (; b < d; b++) store<f64>(xo + (<usize>b << 3), load<f64>(xo + (<usize>b << 3)) * k1);
}
