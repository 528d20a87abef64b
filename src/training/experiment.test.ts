/** Reproducibility and pairing of the noise-ablation runs on a tiny configuration. */
import { describe, expect, test } from 'vitest';
import { NOISE_ABLATION, type TierSizes } from './design.js';
import { initialValues, runNoiseAblation } from './experiment.js';
import { analyzeNoiseAblation } from './analysis.js';

const tiny: TierSizes = { frozenSeeds: 2, trainedSeeds: 2, train: 24, validation: 12, test: 16, epochs: 2 };
const design = { ...NOISE_ABLATION, depths: [3, 5] };

describe('noise ablation runs', () => {
  test('repeat bit for bit, and a record does not depend on what else runs', () => {
    const a = runNoiseAblation(design, { seed: 11, sizes: tiny });
    const b = runNoiseAblation(design, { seed: 11, sizes: tiny });
    expect(b).toStrictEqual(a);
    const one = runNoiseAblation(design, { seed: 11, sizes: tiny, selection: { regimes: ['trained'], tasks: ['relational'], depths: [5], arms: ['C'] } });
    expect(one).toStrictEqual(a.filter((r) => r.regime === 'trained' && r.task === 'relational' && r.depth === 5 && r.arm === 'C'));
    expect(runNoiseAblation(design, { seed: 12, sizes: tiny })).not.toStrictEqual(a);
  });

  test('arms are paired: A and C start from the same draws, B from zero', () => {
    const [A, B, C] = design.arms;
    const va = initialValues(5, design, 8, A);
    expect(initialValues(5, design, 8, C)).toStrictEqual(va);
    expect(initialValues(5, design, 8, B).every((x) => x === 0)).toBe(true);
    // Entries have variance σ²/d: a 4096-entry sample variance lies within 5 standard errors.
    const big = initialValues(5, design, 128, A);
    const v = big.reduce((s, x) => s + x * x, 0) / big.length;
    const target = 1 / design.shape.d;
    expect(Math.abs(v - target)).toBeLessThan(5 * target * Math.sqrt(2 / big.length));
  });

  test('analysis pairs the seeds and gives one p-value per contrast and cell', () => {
    const cells = analyzeNoiseAblation(design, runNoiseAblation(design, { seed: 11, sizes: tiny }));
    expect(cells).toHaveLength(2 * 2 * 2);
    for (const c of cells) {
      expect(c.contrasts.map((k) => k.contrast)).toEqual(['A-B', 'A-C']);
      const [a, b] = c.arms;
      expect(c.contrasts[0].gaps).toEqual(a.accuracies.map((x, k) => x - b.accuracies[k]));
      expect(c.contrasts[0].pHolm).toBeGreaterThanOrEqual(c.contrasts[0].pValue);
    }
  });
});
