/**
 * δ = tanh(y/2) in f64x2 lanes, branch-free (a library module of the WebAssembly kernels:
 * assembly/pair.ts, assembly/pairGramState.ts). Lanes never mix, and no math library is called,
 * so every lane's bits are independent of the other lane and of the AssemblyScript runtime.
 */

const T3: f64 = -1.0 / 3.0;
const T5: f64 = 2.0 / 15.0;
const T7: f64 = -17.0 / 315.0;
const T9: f64 = 62.0 / 2835.0;
const T11: f64 = -1382.0 / 155925.0;
const T13: f64 = 21844.0 / 6081075.0;

const LN2_HI: f64 = 6.93147180369123816490e-1; // fdlibm's split of ln 2: k·LN2_HI is exact
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700;

/** a + b·c in both lanes. */
// @ts-ignore: decorator
@inline
function mad(a: v128, b: v128, c: v128): v128 {
  return f64x2.add(a, f64x2.mul(b, c));
}

/** The constant x in both lanes. */
// @ts-ignore: decorator
@inline
function k(x: f64): v128 {
  return f64x2.splat(x);
}

/**
 * δ = tanh(y/2) = (1 − e)/(1 + e), e = exp(−y), in both lanes (y ≥ 0), branch-free: the Taylor
 * series of tanh for y < 0.1 (no cancellation; first omitted term below 1e-20 relative), else
 * through e, computed here as 2^k·p(r) (−y = k ln 2 + r, |r| ≤ ln2/2, p the degree-13 Taylor
 * polynomial of e^r, truncation below 1e-17 relative; y clamped to 40, where δ rounds to 1
 * anyway). For y ≥ 0.1 the relative error of δ is a few 1e-16 (no cancellation in 1 − e,
 * e ≤ 0.905). Both polynomials by Estrin's scheme (pairs, then powers r², r⁴, r⁸): a dependency
 * depth of 8 operations instead of Horner's 26, which is what the kernels wait for.
 */
// @ts-ignore: decorator
@inline
export function tanhHalfV(y: v128): v128 {
  const u = f64x2.mul(k(0.5), y);
  const w = f64x2.mul(u, u);
  const w2 = f64x2.mul(w, w);
  const p = mad(mad(k(T3), k(T5), w), w2, mad(mad(k(T7), k(T9), w), w2, mad(k(T11), k(T13), w)));
  const series = f64x2.mul(u, mad(k(1.0), w, p));
  const x = f64x2.neg(f64x2.min(y, k(40.0)));
  const kf = f64x2.nearest(f64x2.mul(x, k(INV_LN2)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(kf, k(LN2_HI))), f64x2.mul(kf, k(LN2_LO)));
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const f0 = mad(mad(k(1.0), k(1.0), r), r2, mad(k(1.0 / 2.0), k(1.0 / 6.0), r));
  const f1 = mad(mad(k(1.0 / 24.0), k(1.0 / 120.0), r), r2, mad(k(1.0 / 720.0), k(1.0 / 5040.0), r));
  const f2 = mad(mad(k(1.0 / 40320.0), k(1.0 / 362880.0), r), r2, mad(k(1.0 / 3628800.0), k(1.0 / 39916800.0), r));
  const f3 = mad(k(1.0 / 479001600.0), k(1.0 / 6227020800.0), r);
  const q = mad(mad(f0, r4, f1), r8, mad(f2, r4, f3));
  // 2^k from the bits of k + 1.5·2^52 (k integer in [−58, 0]): (low bits + 1023) << 52.
  const kb = f64x2.add(kf, k(6755399441055744.0));
  const scale = i64x2.shl(i64x2.add(kb, i64x2.splat(1023)), 52);
  const e = f64x2.mul(q, scale);
  const viaExp = f64x2.div(f64x2.sub(k(1.0), e), f64x2.add(k(1.0), e));
  return v128.bitselect(series, viaExp, f64x2.lt(y, k(0.1)));
}

/** tanhHalfV on one number (the bits of a lane of tanhHalfV). */
// @ts-ignore: decorator
@inline
export function tanhHalf(y: f64): f64 {
  return f64x2.extract_lane(tanhHalfV(f64x2.splat(y)), 0);
}
