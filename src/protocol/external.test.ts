/**
 * The adapter against the Python simulator (fixtures/python/dst_sim.py) on tiny requests: with
 * the same increments it must match the reference chain to rounding, on either sphere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceSimulator } from '../claims/reference.js';
import { ExternalSimulator, startExternalSimulator } from './external.js';
import { CAPABILITIES } from '../claims/simulatorUnderTest.js';
import { chainRequest, maxAbsDiff, pythonSim } from './testing.js';
import { ExternalSimulatorError } from './errors.js';

const ref = referenceSimulator();
const TOL = 1e-11;

describe('external adapter with the Python simulator', () => {
  let unit: ExternalSimulator;
  let rms: ExternalSimulator;
  beforeAll(async () => {
    [unit, rms] = await Promise.all([startExternalSimulator(pythonSim()), startExternalSimulator(pythonSim('--sphere', 'rms'))]);
  });
  afterAll(async () => {
    await Promise.all([unit?.close(), rms?.close()]);
  });

  it('completes the handshake', () => {
    expect(unit.info).toMatchObject({ name: 'dst_sim.py', version: '1.0.0', sphere: 'unit' });
    expect([...unit.info.capabilities].sort()).toEqual([...CAPABILITIES].sort());
    expect(rms.info.sphere).toBe('rms');
  });

  it('matches the reference chain pathwise given the increments', async () => {
    const req = chainRequest({ n: 3, d: 4, depth: 25, paths: 5, beta: 2, gamma: 0.5, increments: true });
    const [a, b] = await Promise.all([unit.runChain(req), ref.runChain(req)]);
    expect(maxAbsDiff(a.finalTokens, b.finalTokens)).toBeLessThan(TOL);
  });

  it('converts from the RMS sphere (tokens ×√d, β/d) to the same answer', async () => {
    const req = chainRequest({ n: 4, d: 5, depth: 15, paths: 3, beta: 3, increments: true, snapshotStride: 4 });
    const [a, b] = await Promise.all([rms.runChain(req), ref.runChain(req)]);
    expect(maxAbsDiff(a.finalTokens, b.finalTokens)).toBeLessThan(TOL);
    expect(maxAbsDiff(a.snapshots!, b.snapshots!)).toBeLessThan(TOL);
    // Unit-sphere tokens come back, although the simulator works at radius √5.
    expect(Math.hypot(...a.finalTokens.subarray(0, 5))).toBeCloseTo(1, 12);
  });

  it('supports matrices and snapshots', async () => {
    const d = 3;
    const q = new Float64Array([1, 0.2, 0, 0, 1, 0.1, 0.3, 0, 1]);
    const k = new Float64Array([0.9, 0, 0, 0.1, 1.1, 0, 0, 0, 1]);
    const v = new Float64Array([0, -1, 0, 1, 0, 0, 0, 0, 1]);
    const req = chainRequest({ n: 3, d, depth: 10, paths: 2, gamma: 1, query: q, key: k, valueMatrix: v, increments: true, snapshotStride: 3 });
    const [a, b] = await Promise.all([unit.runChain(req), ref.runChain(req)]);
    expect(maxAbsDiff(a.finalTokens, b.finalTokens)).toBeLessThan(TOL);
    expect(a.snapshots!.length).toBe(2 * 5 * 3 * 3); // layers 0, 3, 6, 9, 10
    expect(maxAbsDiff(a.snapshots!, b.snapshots!)).toBeLessThan(TOL);
  });

  it('draws its own noise for every law, with independent paths', async () => {
    for (const law of ['gaussian', 'uniform', 'rademacher'] as const) {
      const r = await unit.runChain(chainRequest({ n: 2, d: 3, depth: 10, paths: 3, law }));
      expect(r.finalTokens.length).toBe(18);
      expect(maxAbsDiff(r.finalTokens.subarray(0, 6), r.finalTokens.subarray(6, 12))).toBeGreaterThan(1e-6);
    }
  });

  it('refuses a request needing an undeclared capability before sending it', async () => {
    const limited = await startExternalSimulator(pythonSim('--capabilities', 'snapshots'));
    try {
      const err = await limited.runChain(chainRequest({ increments: true })).catch((e) => e);
      expect(err).toBeInstanceOf(ExternalSimulatorError);
      expect(err.kind).toBe('unsupported');
      expect(err.message).toMatch(/explicit-noise/);
    } finally {
      await limited.close();
    }
  });

  it('passes a simulator error reply on as an error naming the request', async () => {
    // Zero initial tokens (σ = 0): the first normalization divides by zero.
    const req = chainRequest({ n: 2, d: 3, depth: 2, paths: 1, sigma: 0, initialTokens: new Float64Array(6) });
    const err = await unit.runChain(req).catch((e) => e);
    expect(err.kind).toBe('error-reply');
    expect(err.message).toMatch(/run_chain #\d+ .*simulator error: FloatingPointError/);
    // The process keeps serving.
    await expect(unit.runChain(chainRequest({ paths: 1 }))).resolves.toBeTruthy();
  });
});
