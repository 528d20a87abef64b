/** The noise-ablation claim is tier-gated and needs an in-process trainable model. */
import { describe, expect, test } from 'vitest';
import * as noiseAblation from './noise-ablation.js';
import { runClaim } from '../src/claims/runner.js';
import { faultySimulator } from '../src/faults/faults.js';
import { referenceSimulator } from '../src/claims/reference.js';
import { parseHello } from '../src/protocol/protocol.js';

describe('noise-ablation claim', () => {
  test('is not applicable to a simulator without the trainable capability, in any tier', async () => {
    const r = await runClaim(noiseAblation, faultySimulator('token-wise-noise'), { tier: 'full', seed: 1 });
    expect(r.status).toBe('not-applicable');
    expect(r.summary).toMatch(/trainable/);
  });

  test('runs in the full tier only', async () => {
    const r = await runClaim(noiseAblation, referenceSimulator(), { tier: 'quick', seed: 1 });
    expect(r.status).toBe('not-applicable');
    expect(r.summary).toMatch(/full tier only/);
  });

  test('an external simulator cannot declare trainable over the protocol', () => {
    const info = parseHello({ id: 0, type: 'hello', protocol: 1, simulator: { name: 'x', version: '1' }, sphere: 'unit', capabilities: ['trainable', 'snapshots'] });
    expect(info.capabilities).toEqual(['snapshots']);
    expect(info.unknownCapabilities).toEqual(['trainable']);
  });
});
