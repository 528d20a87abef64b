/**
 * Overflow- and cancellation-free elementary kernels used by the scale density.
 *
 * The drift ratio of the cosine SDE is a combination of sech(u) and tanh(u) with u = β(1 − ρ) ∈ [0, 2β].
 * Its difference quotients at u = 0 (ρ = 1) and u = 2β (ρ = −1) are needed to peel off the exact
 * power laws at the endpoints; evaluating them as (f(u) − f(v))/(u − v) would lose all digits when
 * u → v, so they are rewritten with product formulas. All functions take u, v ≥ 0 and are accurate to
 * a few ulps relative to max(|result|, tiny) for any finite inputs (no overflow even for u ~ 1e5).
 */

/** sech(u) = 2e^{−u}/(1 + e^{−2u}) for u ≥ 0. */
export function sech(u: number): number {
  const e = Math.exp(-Math.abs(u));
  return (2 * e) / (1 + e * e);
}

/** sinh(x)/x, accurate near 0. */
export function sinhc(x: number): number {
  const ax = Math.abs(x);
  if (ax < 1e-4) return 1 + (x * x) / 6;
  if (ax > 700) return Infinity;
  return Math.sinh(x) / x;
}

/** sinh(w)·sech(u)·sech(v) for u, v ≥ 0, |w| ≤ (u + v)/2 + 1, without overflow. */
function sinhSechSech(w: number, u: number, v: number): number {
  // = 2 e^{w−u−v} (1 − e^{−2w}) / ((1 + e^{−2u})(1 + e^{−2v})), exact; sign handled via w ≥ 0 here.
  const eu = Math.exp(-2 * u);
  const ev = Math.exp(-2 * v);
  return (2 * Math.exp(w - u - v) * -Math.expm1(-2 * w)) / ((1 + eu) * (1 + ev));
}

/** (sech u − sech v)/(u − v) for u, v ≥ 0; equals sech′(u) = −sech u tanh u when u = v. */
export function sechDiffQuotient(u: number, v: number): number {
  const delta = u - v;
  if (Math.abs(delta) > 0.5) return (sech(u) - sech(v)) / delta;
  // sech u − sech v = −2 sinh((u+v)/2) sinh((u−v)/2) sech u sech v
  return -sinhSechSech((u + v) / 2, u, v) * sinhc(delta / 2);
}

/** (tanh u − tanh v)/(u − v) for u, v ≥ 0; equals sech²u when u = v. */
export function tanhDiffQuotient(u: number, v: number): number {
  const delta = u - v;
  if (Math.abs(delta) > 0.5) return (Math.tanh(u) - Math.tanh(v)) / delta;
  // tanh u − tanh v = sinh(u − v) sech u sech v
  return sinhc(delta) * sech(u) * sech(v);
}

/** 1 − tanh(u) = 2/(e^{2u} + 1), accurate for large u. */
export function oneMinusTanh(u: number): number {
  return 2 / (Math.exp(2 * u) + 1);
}
