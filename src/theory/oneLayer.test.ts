import { describe, expect, test } from 'vitest';
import { runChain } from '../simulator/chain.js';
import { ksOneSample } from '../stats/index.js';
import { singleTokenLayerCdf, singleTokenLayerLaw } from './oneLayer.js';

describe('exact one-layer law of a single token', () => {
  test('is a CDF: 0 at −1, 1 at 1, non-decreasing; the table interpolates it to 1e-4', () => {
    const p = { d: 4, h: 1, sigma: 1.5, gamma: 0.5 };
    const law = singleTokenLayerLaw(p);
    let prev = 0;
    for (let c = -0.999; c < 1; c += 0.037) {
      const f = singleTokenLayerCdf(c, p);
      expect(f).toBeGreaterThanOrEqual(prev - 1e-12);
      expect(Math.abs(law(c) - f)).toBeLessThan(1e-4);
      prev = f;
    }
    expect(singleTokenLayerCdf(-1, p)).toBe(0);
    expect(singleTokenLayerCdf(1, p)).toBe(1);
  });

  test.each([
    { d: 3, h: 1, sigma: 1, gamma: 1 },
    { d: 5, h: 2, sigma: 2, gamma: 0 },
  ])('matches the reference chain at L = 1 (KS at α = 0.001, 20000 paths): %o', (p) => {
    const x0 = new Array(p.d).fill(0);
    x0[0] = 1;
    const r = runChain({ n: 1, d: p.d, depth: 1, horizon: p.h, beta: 1, sigma: p.sigma, gamma: p.gamma, seed: 5, paths: 20000, initialTokens: [x0] });
    const c = Float64Array.from({ length: 20000 }, (_, k) => r.finalTokens[k * p.d]);
    expect(ksOneSample(c, singleTokenLayerLaw(p)).pValue).toBeGreaterThan(0.001);
  });
});
