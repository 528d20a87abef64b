/**
 * xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 47(4), 2021): 128-bit state, period 2^128 − 1, 32-bit outputs, passes BigCrush.
 * Chosen because every operation is a 32-bit integer operation that V8 compiles to machine
 * instructions (no BigInt), so it is fast in JavaScript.
 *
 * @example
 * const g = new Xoshiro128(1, 2, 3, 4);
 * g.nextUint32(); // an integer in [0, 2^32)
 * g.nextDouble(); // a double in [0, 1) with 53 random bits
 */
export class Xoshiro128 {
  /**
   * The four state words (signed 32-bit). Public only so that bulk samplers (fillNormal,
   * fillEntries) can keep the state in local variables for a whole loop and write it back:
   * treat as internal.
   */
  s0: number;
  s1: number;
  s2: number;
  s3: number;

  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** Next output as a signed 32-bit integer (cheapest form; use `>>> 0` for unsigned). */
  nextInt32(): number {
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Next output in [0, 2^32). */
  nextUint32(): number {
    return this.nextInt32() >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits (two outputs). */
  nextDouble(): number {
    const hi = this.nextInt32() >>> 5; // 27 bits
    const lo = this.nextInt32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * 1.1102230246251565e-16; // 2^-53
  }

  /** The state, for snapshots and tests. */
  state(): [number, number, number, number] {
    return [this.s0, this.s1, this.s2, this.s3];
  }
}
