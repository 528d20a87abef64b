/**
 * WebAssembly pieces of the general-n Gram-state layer (src/simulator/kernels/gramState.ts
 * `GramState`), exported through assembly/pair.ts (one module) and driven by
 * src/simulator/kernels/wasmGramState.ts `WasmGramState`. The exponentials and the variates stay
 * in JS (V8's Math.exp, fillNormal, the chi sampler), so the bits are exactly those of the JS
 * layer: every entry is the same in-order sum of the same products, and f64x2 lanes only ever hold
 * two DIFFERENT entries (wasm has no fused or reassociated arithmetic).
 *
 * Layout (f64, N = n rounded up to even, row strides N unless said): C n×N coordinates, CT N×N
 * (C transposed, rows a < rank), S n×N cosines C Cᵀ, E n×N exponentials (symmetric, from JS),
 * AT n×N transposed weights (AT_ji = A_ij), MT N×N transposed means, Z r×r and R k'×r (row
 * stride r, from JS), YT 2n×N transposed new rows, G n×N their Gram matrix, V N reciprocals,
 * P n pivots (i32). Padding lanes (column n when n is odd) hold zeros or values never read back
 * into a real entry.
 */
import { gramOfTransposed } from './gram';

/** CT (rows a < r) from C, padding column zero; S = C Cᵀ. */
export function gramStateCosines(cp: usize, ctp: usize, sp: usize, n: i32, r: i32): void {
  const N = (n + 1) & ~1;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < r; a++) store<f64>(ctp + (<usize>(a * N + i) << 3), load<f64>(cp + (<usize>(i * N + a) << 3)));
  }
  if (N > n) for (let a = 0; a < r; a++) store<f64>(ctp + (<usize>(a * N + n) << 3), 0);
  gramOfTransposed(ctp, sp, n, r);
}

/**
 * One layer after the exponentials E (n×N) and the variates Z, R: A = rows of E normalized,
 * M = A C, Y_i = [c_i + hg·m_i + Z m_i, R m_i] normalized, G = Y Yᵀ, its Cholesky factor in token
 * order as the new C (rank ≤ maxRank; pivots below tol times their diagonal add no direction),
 * then CT and S for the next layer. Returns the new rank, or −1 when a row of Y is zero or not
 * finite.
 */
export function gramStateLayer(
  cp: usize, ctp: usize, sp: usize, ep: usize, atp: usize, mtp: usize, zp: usize, rp: usize,
  ytp: usize, gp: usize, vp: usize, pp: usize, n: i32, r: i32, kp: i32, hg: f64, maxRank: i32, tol: f64,
): i32 {
  const N = (n + 1) & ~1;
  const rowB = <usize>N << 3;
  // Reciprocal row sums of E (in order j), padding lane zero; AT_ji = E_ji · v_i = A_ij (E symmetric).
  for (let i = 0; i < n; i++) {
    const e = ep + <usize>i * rowB;
    let s: f64 = 0;
    for (let j = 0; j < n; j++) s += load<f64>(e + (<usize>j << 3));
    store<f64>(vp + (<usize>i << 3), 1 / s);
  }
  if (N > n) store<f64>(vp + (<usize>n << 3), 0);
  for (let j = 0; j < n; j++) {
    const e = ep + <usize>j * rowB;
    const a = atp + <usize>j * rowB;
    for (let i = 0; i < N; i += 2) {
      const o = <usize>i << 3;
      v128.store(a + o, f64x2.mul(v128.load(e + o), v128.load(vp + o)));
    }
  }
  // MT_k = Σ_j C_jk AT_j (k < r): the means, transposed.
  rowsTimes(mtp, 0, 0, 0, ctp, rowB, 8, atp, r, n, false, N);
  // YT_a = CT_a + hg·MT_a + Σ_b Z_ab MT_b (a < r), YT_{r+j} = Σ_{b ≥ j} R_jb MT_b (j < k').
  const rB = <usize>r << 3;
  rowsTimes(ytp, ctp, mtp, hg, zp, rB, 8, mtp, r, r, false, N);
  rowsTimes(ytp + <usize>r * rowB, 0, 0, 0, rp, rB, 8, mtp, kp, r, true, N);
  // Row norms (in order a), each row of Y in (0, ∞), then normalized.
  const m = r + kp;
  for (let i = 0; i < N; i += 2) {
    const o = <usize>i << 3;
    let nn = f64x2.splat(0);
    let q = ytp + o;
    for (let a = 0; a < m; a++) {
      const y = v128.load(q);
      nn = f64x2.add(nn, f64x2.mul(y, y));
      q += rowB;
    }
    const n0 = f64x2.extract_lane(nn, 0);
    if (!(n0 > 0 && n0 < Infinity)) return -1;
    if (i + 1 < n) {
      const n1 = f64x2.extract_lane(nn, 1);
      if (!(n1 > 0 && n1 < Infinity)) return -1;
    } else nn = f64x2.replace_lane(nn, 1, 1);
    const inv = f64x2.div(f64x2.splat(1), f64x2.sqrt(nn));
    q = ytp + o;
    for (let a = 0; a < m; a++) {
      v128.store(q, f64x2.mul(v128.load(q), inv));
      q += rowB;
    }
  }
  gramOfTransposed(ytp, gp, n, m);
  const rank = gramCoordinates(gp, cp, pp, n, maxRank, tol);
  gramStateCosines(cp, ctp, sp, n, rank);
  return rank;
}

/**
 * Out_k = I_k + hg·H_k + Σ_j W_kj V_j for k < rows (rows of N lanes; I absent when ip = 0, then the
 * sum starts from zero), j from 0 (or from k when `upper`) to terms − 1, in order j. W_kj is read
 * at wp + k·wRow + j·wCol bytes. Two rows × eight lanes at a time; the rows' sums are independent.
 */
function rowsTimes(
  op: usize, ip: usize, hp: usize, hg: f64, wp: usize, wRow: usize, wCol: usize, vp: usize,
  rows: i32, terms: i32, upper: bool, N: i32,
): void {
  const rowB = <usize>N << 3;
  const hv = f64x2.splat(hg);
  for (let k = 0; k < rows; k += 2) {
    const k1 = k + 1 < rows ? k + 1 : k;
    const w0 = wp + <usize>k * wRow;
    const w1 = wp + <usize>k1 * wRow;
    const j0 = upper ? k : 0;
    let i = 0;
    for (; i + 8 <= N; i += 8) {
      const o = <usize>i << 3;
      let a0 = start(ip, hp, hv, k, rowB, o);
      let a1 = start(ip, hp, hv, k, rowB, o + 16);
      let a2 = start(ip, hp, hv, k, rowB, o + 32);
      let a3 = start(ip, hp, hv, k, rowB, o + 48);
      let b0 = start(ip, hp, hv, k1, rowB, o);
      let b1 = start(ip, hp, hv, k1, rowB, o + 16);
      let b2 = start(ip, hp, hv, k1, rowB, o + 32);
      let b3 = start(ip, hp, hv, k1, rowB, o + 48);
      let j = j0;
      if (upper) {
        // Row k's first term alone: row k1's sum starts at k1.
        const u = f64x2.splat(load<f64>(w0 + <usize>j * wCol));
        const q = vp + <usize>j * rowB + o;
        a0 = f64x2.add(a0, f64x2.mul(u, v128.load(q)));
        a1 = f64x2.add(a1, f64x2.mul(u, v128.load(q, 16)));
        a2 = f64x2.add(a2, f64x2.mul(u, v128.load(q, 32)));
        a3 = f64x2.add(a3, f64x2.mul(u, v128.load(q, 48)));
        j++;
      }
      let q = vp + <usize>j * rowB + o;
      for (; j < terms; j++) {
        const u = f64x2.splat(load<f64>(w0 + <usize>j * wCol));
        const t = f64x2.splat(load<f64>(w1 + <usize>j * wCol));
        const v0 = v128.load(q);
        const v1 = v128.load(q, 16);
        const v2 = v128.load(q, 32);
        const v3 = v128.load(q, 48);
        a0 = f64x2.add(a0, f64x2.mul(u, v0));
        a1 = f64x2.add(a1, f64x2.mul(u, v1));
        a2 = f64x2.add(a2, f64x2.mul(u, v2));
        a3 = f64x2.add(a3, f64x2.mul(u, v3));
        b0 = f64x2.add(b0, f64x2.mul(t, v0));
        b1 = f64x2.add(b1, f64x2.mul(t, v1));
        b2 = f64x2.add(b2, f64x2.mul(t, v2));
        b3 = f64x2.add(b3, f64x2.mul(t, v3));
        q += rowB;
      }
      // Row k1 first: when k1 = k (odd rows) row k's complete sum is the one that stays.
      const s1 = op + <usize>k1 * rowB + o;
      v128.store(s1, b0);
      v128.store(s1, b1, 16);
      v128.store(s1, b2, 32);
      v128.store(s1, b3, 48);
      const s0 = op + <usize>k * rowB + o;
      v128.store(s0, a0);
      v128.store(s0, a1, 16);
      v128.store(s0, a2, 32);
      v128.store(s0, a3, 48);
    }
    for (; i < N; i += 2) {
      const o = <usize>i << 3;
      let a0 = start(ip, hp, hv, k, rowB, o);
      let b0 = start(ip, hp, hv, k1, rowB, o);
      let j = j0;
      if (upper) {
        a0 = f64x2.add(a0, f64x2.mul(f64x2.splat(load<f64>(w0 + <usize>j * wCol)), v128.load(vp + <usize>j * rowB + o)));
        j++;
      }
      let q = vp + <usize>j * rowB + o;
      for (; j < terms; j++) {
        const v0 = v128.load(q);
        a0 = f64x2.add(a0, f64x2.mul(f64x2.splat(load<f64>(w0 + <usize>j * wCol)), v0));
        b0 = f64x2.add(b0, f64x2.mul(f64x2.splat(load<f64>(w1 + <usize>j * wCol)), v0));
        q += rowB;
      }
      v128.store(op + <usize>k1 * rowB + o, b0);
      v128.store(op + <usize>k * rowB + o, a0);
    }
  }
}

/** The starting value of a sum of rowsTimes: I_k + hg·H_k at byte offset o of row k, or zero. */
@inline
function start(ip: usize, hp: usize, hv: v128, k: i32, rowB: usize, o: usize): v128 {
  if (ip === 0) return f64x2.splat(0);
  const at = <usize>k * rowB + o;
  return f64x2.add(v128.load(ip + at), f64x2.mul(hv, v128.load(hp + at)));
}

/**
 * gramState.ts `gramCoordinates` on wasm memory (same operations, same order): the coordinates
 * (C, n×N, zero beyond the rank up to column n) of n unit vectors from their Gram matrix G (n×N),
 * the Cholesky factor in token order with pivots below tol times the diagonal adding no direction,
 * rows bitwise equal to an earlier row of G copying its coordinates, rows renormalized. Returns
 * the rank.
 */
function gramCoordinates(gp: usize, cp: usize, pp: usize, n: i32, maxRank: i32, tol: f64): i32 {
  const N = (n + 1) & ~1;
  const rowB = <usize>N << 3;
  let rank = 0;
  for (let i = 0; i < n; i++) {
    const li = cp + <usize>i * rowB;
    const gi = gp + <usize>i * rowB;
    const twin = earlierTwin(gp, i, n, rowB);
    if (twin >= 0) {
      memory.copy(li, cp + <usize>twin * rowB, <usize>n << 3);
      continue;
    }
    let ss: f64 = 0;
    for (let k = 0; k < rank; k++) {
      const pk = load<i32>(pp + (<usize>k << 2));
      const lp = cp + <usize>pk * rowB;
      let t = load<f64>(gi + (<usize>pk << 3));
      for (let l = 0; l < k; l++) t -= load<f64>(li + (<usize>l << 3)) * load<f64>(lp + (<usize>l << 3));
      t /= load<f64>(lp + (<usize>k << 3));
      store<f64>(li + (<usize>k << 3), t);
      ss += t * t;
    }
    for (let k = rank; k < n; k++) store<f64>(li + (<usize>k << 3), 0);
    const gii = load<f64>(gi + (<usize>i << 3));
    const s = gii - ss;
    if (rank < maxRank && s > tol * gii) {
      store<f64>(li + (<usize>rank << 3), Math.sqrt(s));
      store<i32>(pp + (<usize>rank << 2), i);
      rank++;
      ss += s;
    }
    const inv = 1 / Math.sqrt(ss);
    for (let k = 0; k < rank; k++) store<f64>(li + (<usize>k << 3), load<f64>(li + (<usize>k << 3)) * inv);
  }
  return rank;
}

/** The first earlier row of G equal to row i over its n entries (f64 ===, as in JS), or −1. */
function earlierTwin(gp: usize, i: i32, n: i32, rowB: usize): i32 {
  const gi = gp + <usize>i * rowB;
  for (let j = 0; j < i; j++) {
    const gj = gp + <usize>j * rowB;
    let a = 0;
    while (a < n && load<f64>(gj + (<usize>a << 3)) === load<f64>(gi + (<usize>a << 3))) a++;
    if (a === n) return j;
  }
  return -1;
}
