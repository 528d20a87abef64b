/**
 * Every claim passes at the quick tier against the reference simulator, with the default seed
 * that `dst-verify verify` uses (CI is deterministic; fresh seeds are exercised by
 * scripts/false-alarm-rate and keep the stated α).
 */
import { describe, expect, test } from 'vitest';
import { allClaims } from './index.js';
import { referenceSimulator } from '../src/claims/reference.js';
import { runClaim } from '../src/claims/runner.js';
import { DEFAULT_SEED } from '../src/claims/claim.js';

describe('claims against the reference simulator (quick tier)', () => {
  test('claim ids are unique and every claim states its metadata', () => {
    const ids = allClaims.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { meta } of allClaims) {
      expect(meta.claim.length).toBeGreaterThan(20);
      expect(meta.section.length).toBeGreaterThan(5);
      expect(meta.power.length).toBeGreaterThan(20);
      if (meta.kind === 'statistical') {
        expect(meta.alpha).toBeGreaterThan(0);
        expect(meta.catches.length).toBeGreaterThan(0);
      }
    }
    expect(new Set(allClaims.map((c) => c.meta.group))).toEqual(new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g']));
  });

  test.each(allClaims.map((c) => [c.meta.id, c] as const))('%s', async (_id, claim) => {
    const r = await runClaim(claim, referenceSimulator(), { tier: 'quick', seed: DEFAULT_SEED });
    expect(r.status, r.summary).toBe(claim.meta.tiers && !claim.meta.tiers.includes('quick') ? 'not-applicable' : 'pass');
  });
});
