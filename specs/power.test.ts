/**
 * Power: each claim fails on the deliberately broken simulators it is designed to catch
 * (meta.catches), at the quick tier and the default seed.
 */
import { describe, expect, test } from 'vitest';
import { allClaims } from './index.js';
import { faultySimulator, FAULT_IDS, type FaultId } from '../src/faults/faults.js';
import { runClaim } from '../src/claims/runner.js';
import { DEFAULT_SEED } from '../src/claims/claim.js';

const cases = allClaims.flatMap((c) => c.meta.catches.map((f) => [c.meta.id, f, c] as const));

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
});
