/** The public entry point and the README's runnable example. */
import { describe, expect, test } from 'vitest';
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import * as api from './index.js';

describe('public API', () => {
  test('exports the simulator, the theory oracle, the statistics and the claims', () => {
    for (const name of ['runChain', 'runSde', 'brownianIncrements', 'blockSums', 'streamRng', 'runChainParallel', 'referenceSimulator', 'runClaims', 'allClaims']) {
      expect(api).toHaveProperty(name);
    }
    expect(typeof api.theory.antipodalProbability).toBe('function');
    expect(typeof api.stats.clopperPearson).toBe('function');
  });

  test('the README example runs under plain node and agrees with theory', async () => {
    const script = fileURLToPath(new URL('../docs/examples/antipodal-probability.mjs', import.meta.url));
    const r = await execa('node', [script]);
    const m = /antipodal end states: (\d+)\/1000, 99% CI \[([\d.]+), ([\d.]+)\]/.exec(r.stdout);
    expect(m).not.toBeNull();
    const exact = api.theory.antipodalProbability(0, { d: 3, beta: 1, sigma: 1, gamma: 0 });
    // Fixed seed: deterministic; the 99% interval contains the theory value for this seed.
    expect(Number(m![2])).toBeLessThanOrEqual(exact);
    expect(Number(m![3])).toBeGreaterThanOrEqual(exact);
  });
});
