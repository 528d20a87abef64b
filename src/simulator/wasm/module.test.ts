/**
 * The WebAssembly memory never grows in ordinary runs: growing a memory detaches its old
 * ArrayBuffer, and the first detach in a process makes V8 add detach checks to every typed-array
 * access it optimizes from then on — about 50% slower on a simple Float64Array loop, 10% on the
 * report's training stage (docs/performance.md). So the module starts with 64 MiB (1024 pages,
 * `--initialMemory` in `npm run build:wasm`), more than any kernel's scratch at the sizes below.
 */
import { describe, expect, test } from 'vitest';
import { runChain } from '../chain.js';
import { scratchMemory } from './module.js';

describe('the WebAssembly memory', () => {
  test('starts at 64 MiB and does not grow for every kernel up to d = 1024, n = 32', () => {
    const before = scratchMemory(0).ex.memory.buffer;
    expect(before.byteLength).toBe(64 * 2 ** 20);
    runChain({ n: 2, d: 1024, beta: 2, horizon: 1, depth: 20, paths: 5, seed: 1 }); // wasm pair, four lanes and one
    runChain({ n: 2, d: 1024, beta: 2, horizon: 1, depth: 20, paths: 1, seed: 1, snapshots: { stride: 10, record: 'tokens' } });
    runChain({ n: 32, d: 1024, beta: 2, horizon: 1, depth: 3, paths: 1, seed: 1 }); // wasm gram (projected, general n)
    runChain({ n: 2, d: 1024, beta: 2, horizon: 1, depth: 20, paths: 5, seed: 1, output: 'cosines' }); // pair Gram state
    runChain({ n: 32, d: 1024, beta: 2, horizon: 1, depth: 20, paths: 2, seed: 1, output: 'cosines' }); // general-n Gram state
    const after = scratchMemory(0).ex.memory.buffer;
    expect(after).toBe(before);
    expect(before.byteLength).toBeGreaterThan(0); // not detached
  });
});
