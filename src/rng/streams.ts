/**
 * Splittable, seeded randomness: an independent generator for every (seed, stream id …) address.
 *
 * The 128-bit state of stream (seed, ids) is four 32-bit hashes of the words
 * (seed low, seed high, id₁ low, id₁ high, …, word count), each hash a chain of murmur3's
 * `fmix32` bijection started from a different constant. Distinct addresses therefore get
 * effectively independent, uniformly spread states of a period-2^128 generator (the same idea as
 * numpy's SeedSequence). Two streams of 2^40 draws each among 2^20 streams overlap with
 * probability below 2^-47. Because a path's randomness depends only on its address, results are
 * bit-identical whatever the batching, order or number of workers.
 *
 * @example
 * const g = streamRng(7, [STREAM_NOISE, 12]); // the noise of path 12 under seed 7
 */
import { Xoshiro128 } from './xoshiro128.js';
import { ConfigError } from '../util/errors.js';

/** Stream purpose tags: the first id of a stream address says what the stream is for. */
export const STREAM_NOISE = 0;
export const STREAM_INIT = 1;
export const STREAM_BROWNIAN = 2;
export const STREAM_DERIVED_SEED = 3;

const TWO32 = 4294967296;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

function checkWord(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ConfigError(name, value, `an integer in [0, ${Number.MAX_SAFE_INTEGER}]`);
  }
}

function addressWords(seed: number, ids: readonly number[]): number[] {
  checkWord('seed', seed);
  const words = [seed % TWO32 | 0, Math.floor(seed / TWO32) | 0];
  ids.forEach((id, k) => {
    checkWord(`stream id ${k}`, id);
    words.push(id % TWO32 | 0, Math.floor(id / TWO32) | 0);
  });
  words.push(ids.length);
  return words;
}

function hashWords(words: readonly number[], start: number): number {
  let h = start;
  for (const w of words) h = fmix32((h ^ w) + 0x9e3779b9);
  return fmix32(h);
}

/** The generator of stream `ids` under `seed` (both non-negative safe integers). */
export function streamRng(seed: number, ids: readonly number[]): Xoshiro128 {
  const words = addressWords(seed, ids);
  return new Xoshiro128(
    hashWords(words, 0x243f6a88),
    hashWords(words, 0x85a308d3),
    hashWords(words, 0x13198a2e),
    hashWords(words, 0x03707344),
  );
}

/**
 * A new seed in [0, 2^53) derived from `seed` and a label path, for nesting experiments
 * (e.g. one seed per grid cell) without ever sharing streams.
 */
export function deriveSeed(seed: number, ids: readonly number[]): number {
  const g = streamRng(seed, [STREAM_DERIVED_SEED, ...ids]);
  return Math.floor(g.nextDouble() * 9007199254740992);
}
