/**
 * Power: each claim fails on the deliberately broken simulators it is designed to catch
 * (meta.catches), at the quick tier and the default seed — and each exact or property claim still
 * does when the broken simulator computes (and declares) float32, so that the float32 tolerances
 * of src/claims/tolerance.ts are shown not to hide a fault.
 */
import { describe, expect, test } from 'vitest';
import { allClaims } from './index.js';
import { faultySimulator, FAULT_IDS, type FaultId } from '../src/faults/faults.js';
import { runClaim } from '../src/claims/runner.js';
import { DEFAULT_SEED } from '../src/claims/claim.js';

const cases = allClaims.flatMap((c) => c.meta.catches.map((f) => [c.meta.id, f, c] as const));
const float32Cases = cases.filter(([, , c]) => c.meta.kind !== 'statistical');

describe('every claim rejects the faults it is designed to catch', () => {
  test('every fault is caught by at least one claim, and every statistical claim catches one', () => {
    const caught = new Set(cases.map(([, f]) => f));
    for (const f of FAULT_IDS) expect(caught, f).toContain(f);
    for (const c of allClaims) if (c.meta.kind === 'statistical') expect(c.meta.catches.length, c.meta.id).toBeGreaterThan(0);
  });

  test.each(cases)('%s rejects %s', async (_id, fault, claim) => {
    const r = await runClaim(claim, faultySimulator(fault as FaultId), { tier: 'quick', seed: DEFAULT_SEED });
    expect(r.status, r.summary).toBe('fail');
  });

  test.each(float32Cases)('%s rejects %s in float32', async (_id, fault, claim) => {
    const r = await runClaim(claim, faultySimulator(fault as FaultId, { float32: true }), { tier: 'quick', seed: DEFAULT_SEED });
    expect(r.status, r.summary).toBe('fail');
  });
});
