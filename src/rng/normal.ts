/**
 * Standard normal variates by the ziggurat method with 256 layers (Marsaglia & Tsang,
 * "The Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000), drawing
 * the layer index, the sign and a 52-bit uniform from two fresh 32-bit words so that the layer
 * and the abscissa are independent (the flaw of the original 32-bit version pointed out by
 * Leong, Zhang, Lee, Luk & Villasenor, J. Stat. Softw. 12(7), 2005). The tail beyond
 * r = 3.6541528853610088 uses Marsaglia's exact exponential-rejection method.
 *
 * About 99% of draws cost two generator outputs, one multiply and one compare.
 *
 * @example
 * const g = streamRng(1, [0]);
 * const z = standardNormal(g);
 */
import type { Xoshiro128 } from './xoshiro128.js';

const LAYERS = 256;
const R = 3.6541528853610088;
const V = 0.00492867323399; // area of each layer

const X = new Float64Array(LAYERS + 1);
const F = new Float64Array(LAYERS + 1);

(function buildTables() {
  const f = (x: number) => Math.exp(-0.5 * x * x);
  X[0] = V / f(R);
  X[1] = R;
  for (let i = 1; i < LAYERS - 1; i++) X[i + 1] = Math.sqrt(-2 * Math.log(V / X[i] + f(X[i])));
  X[LAYERS] = 0;
  for (let i = 0; i <= LAYERS; i++) F[i] = f(X[i]);
  F[0] = f(R) - V / X[0]; // unused: layer 0 handles the tail separately
})();

const TWO_M52 = 2.220446049250313e-16;

/**
 * Tables of the inlined fast path, indexed by j = w1 & 511 (layer i = j & 255, sign bit 8):
 * ZIG_XS[j] = ±X[i]·2^-52 (minus when bit 8 is set) and ZIG_XB[j] = X[i + 1]. For the 52-bit
 * integer N, N·ZIG_XS[j] has exactly the bits of ±((N·2^-52)·X[i]) (scaling by 2^-52 is exact),
 * so the fast path is one multiply, one |·| and one compare, bit-identical to standardNormal.
 */
export const ZIG_XS = new Float64Array(2 * LAYERS);
export const ZIG_XB = new Float64Array(2 * LAYERS);
for (let j = 0; j < 2 * LAYERS; j++) {
  const i = j & 255;
  ZIG_XS[j] = (j & 256 ? -X[i] : X[i]) * TWO_M52;
  ZIG_XB[j] = X[i + 1];
}

/** One standard normal variate from generator `g`. */
export function standardNormal(g: Xoshiro128): number {
  for (;;) {
    const w1 = g.nextInt32();
    const w2 = g.nextInt32() >>> 0;
    const i = w1 & 255;
    const u = ((w1 >>> 12) * 4294967296 + w2) * TWO_M52; // uniform in [0, 1), 52 bits
    const x = u * X[i];
    const sign = (w1 & 256) === 0 ? 1 : -1;
    if (x < X[i + 1]) return sign * x;
    if (i === 0) return sign * normalTail(g);
    if (F[i + 1] + g.nextDouble() * (F[i] - F[i + 1]) < Math.exp(-0.5 * x * x)) return sign * x;
  }
}

/** A draw of |Z| conditioned on |Z| > R. */
function normalTail(g: Xoshiro128): number {
  for (;;) {
    const a = -Math.log(1 - g.nextDouble()) / R;
    const b = -Math.log(1 - g.nextDouble());
    if (b + b > a * a) return R + a;
  }
}

/**
 * Fill `out[offset .. offset+count)` with standard normals times `scale`: exactly the values
 * `scale * standardNormal(g)` would give, draw by draw (same bits, same generator state after), but
 * about 5× faster. The generator state lives in local variables for the whole loop and the
 * xoshiro128** step is written out inline (a copy of Xoshiro128.nextUint32, ./xoshiro128.ts; pinned
 * by rng.test.ts 'fillNormal equals scale·standardNormal draw by draw'); the ~1% of draws that leave the fast path (wedge test,
 * tail) write the state back and take the general code.
 */
export function fillNormal(g: Xoshiro128, out: Float64Array, scale: number, offset = 0, count = out.length - offset): void {
  const end = offset + count;
  const XS = ZIG_XS;
  const XB = ZIG_XB;
  let k = offset;
  while (k < end) {
    // Fast loop: no calls inside, so the state stays in registers. It breaks out on a draw
    // that needs the slow path, which is finished below with the state written back.
    // (`| 0`: the state is int32, so V8 keeps it untagged in registers.)
    let s0 = g.s0 | 0;
    let s1 = g.s1 | 0;
    let s2 = g.s2 | 0;
    let s3 = g.s3 | 0;
    let w1 = 0;
    let x = 0;
    for (; k < end; k++) {
      // w1 = next output (signed), then the state update (xoshiro128** 1.1).
      let r = Math.imul(s1, 5);
      w1 = Math.imul((r << 7) | (r >>> 25), 9);
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      // w2 = next output (unsigned).
      r = Math.imul(s1, 5);
      const w2 = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const j = w1 & 511;
      // ±u·X[i] with u = 52-bit integer · 2^-52, the sign from the table (ZIG_XS).
      x = ((w1 >>> 12) * 4294967296 + w2) * XS[j];
      if (!(Math.abs(x) < XB[j])) break;
      out[k] = scale * x;
    }
    g.s0 = s0;
    g.s1 = s1;
    g.s2 = s2;
    g.s3 = s3;
    if (k < end) out[k++] = scale * zigguratSlow(g, w1, Math.abs(x));
  }
}

/** The ziggurat abscissae X[0 … 256] (read-only; for kernels that inline the fast path). */
export const ZIG_X: Float64Array = X;

/**
 * The rest of one standardNormal iteration after the fast test `x < X[i + 1]` failed for the
 * first word w1 and abscissa x (the generator state written back to g first).
 */
export function zigguratSlow(g: Xoshiro128, w1: number, x: number): number {
  const i = w1 & 255;
  const sign = (w1 & 256) === 0 ? 1 : -1;
  if (i === 0) return sign * normalTail(g);
  if (F[i + 1] + g.nextDouble() * (F[i] - F[i + 1]) < Math.exp(-0.5 * x * x)) return sign * x;
  return standardNormal(g);
}
