/**
 * The generator and ziggurat of the WebAssembly kernels (a library module, imported by
 * assembly/pair.ts and assembly/pairGramState.ts; nothing here is a wasm export).
 *
 * xoshiro256** (Blackman & Vigna, ACM TOMS 47(4), 2021) with native 64-bit integers and ONE
 * 64-bit output per normal for the 256-layer ziggurat: bits 0–7 the layer, bit 8 the sign, bits
 * 12–63 a 52-bit abscissa (the ~1% slow draws — wedge, tail — take one more output per uniform,
 * 53 bits). A generator state is 4 u64 (s0 … s3) in memory.
 *
 * Memory: the ziggurat tables at TAB (written by the JS loader from src/rng/normal.ts):
 * XS[512] (±X[i]·2^-52), XB[512] (X[i+1]), X[257], F[257].
 */

export const TAB: usize = memory.data(8 * (512 + 512 + 258 + 258), 16);
const XS: usize = TAB;
const XB: usize = TAB + 512 * 8;
const FT: usize = TAB + (1024 + 258) * 8;
const R: f64 = 3.6541528853610088;
const TWO_M53: f64 = 1.1102230246251565e-16;

/** Next output of the generator whose state is at sp (state updated in memory). */
export function nextMem(sp: usize): u64 {
  let s0 = load<u64>(sp);
  let s1 = load<u64>(sp, 8);
  let s2 = load<u64>(sp, 16);
  let s3 = load<u64>(sp, 24);
  const w = rotl<u64>(s1 * 5, 7) * 9;
  const t = s1 << 17;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u64>(s3, 45);
  store<u64>(sp, s0);
  store<u64>(sp, s1, 8);
  store<u64>(sp, s2, 16);
  store<u64>(sp, s3, 24);
  return w;
}

/** Uniform in [0, 1) with 53 bits (one output). */
export function nextDoubleMem(sp: usize): f64 {
  return <f64>(<i64>(nextMem(sp) >> 11)) * TWO_M53;
}

/** |Z| conditioned on |Z| > R (Marsaglia's exponential rejection). */
function tailMem(sp: usize): f64 {
  for (;;) {
    const a = -Math.log(1 - nextDoubleMem(sp)) / R;
    const b = -Math.log(1 - nextDoubleMem(sp));
    if (b + b > a * a) return R + a;
  }
  return 0; // unreachable
}

/**
 * The rest of a ziggurat draw whose fast test failed for output w with |abscissa| ax (state at
 * sp, already advanced past w): the base-layer tail, the wedge test, or fresh draws.
 */
function slowMem(sp: usize, w: u64, ax: f64): f64 {
  for (;;) {
    const i = <usize>(w & 255);
    const sign: f64 = (w & 256) == 0 ? 1.0 : -1.0;
    if (i == 0) return sign * tailMem(sp);
    const fi = load<f64>(FT + (i << 3));
    const fi1 = load<f64>(FT + ((i + 1) << 3));
    if (fi1 + nextDoubleMem(sp) * (fi - fi1) < Math.exp(-0.5 * ax * ax)) return sign * ax;
    w = nextMem(sp);
    const j = <usize>(w & 511);
    const xv = <f64>(<i64>(w >> 12)) * load<f64>(XS + (j << 3));
    ax = Math.abs(xv);
    if (ax < load<f64>(XB + (j << 3))) return xv;
  }
  return 0; // unreachable
}

/**
 * `count` standard normals from the generator at sp into out, out + stride, … (the ziggurat fast
 * path with the state in locals; a slow draw writes the state back and calls slowMem): nextMem's
 * step inline, for speed; pinned by src/simulator/kernels/wasmPair.test.ts (paths run four at a
 * time get the bits of one at a time, and fillNormals' draws).
 */
export function fillStrided(sp: usize, out: usize, count: i32, stride: usize): void {
  let s0 = load<u64>(sp);
  let s1 = load<u64>(sp, 8);
  let s2 = load<u64>(sp, 16);
  let s3 = load<u64>(sp, 24);
  let j = 0;
  for (;;) {
    let w: u64 = 0;
    let xv: f64 = 0;
    for (; j < count; j++) {
      w = rotl<u64>(s1 * 5, 7) * 9;
      const t = s1 << 17;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl<u64>(s3, 45);
      const i = <usize>(w & 511) << 3;
      xv = <f64>(<i64>(w >> 12)) * load<f64>(XS + i);
      if (!(Math.abs(xv) < load<f64>(XB + i))) break;
      store<f64>(out, xv);
      out += stride;
    }
    if (j == count) break;
    store<u64>(sp, s0);
    store<u64>(sp, s1, 8);
    store<u64>(sp, s2, 16);
    store<u64>(sp, s3, 24);
    store<f64>(out, slowMem(sp, w, Math.abs(xv)));
    out += stride;
    j++;
    s0 = load<u64>(sp);
    s1 = load<u64>(sp, 8);
    s2 = load<u64>(sp, 16);
    s3 = load<u64>(sp, 24);
  }
  store<u64>(sp, s0);
  store<u64>(sp, s1, 8);
  store<u64>(sp, s2, 16);
  store<u64>(sp, s3, 24);
}

/** `count` uniforms in [0, 1) (53 bits, one output each: nextDoubleMem) into out, out + stride, … */
export function fillUniformStrided(sp: usize, out: usize, count: i32, stride: usize): void {
  for (let j = 0; j < count; j++) {
    store<f64>(out, nextDoubleMem(sp));
    out += stride;
  }
}

/** One standard normal from the generator at sp (the draw of fillNormals). */
export function normalMem(sp: usize): f64 {
  const w = nextMem(sp);
  const j = <usize>(w & 511);
  const xv = <f64>(<i64>(w >> 12)) * load<f64>(XS + (j << 3));
  const ax = Math.abs(xv);
  return ax < load<f64>(XB + (j << 3)) ? xv : slowMem(sp, w, ax);
}
