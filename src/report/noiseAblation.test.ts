/** The noise-ablation figure renders from a tiny run without vega warnings. */
import { describe, expect, test } from 'vitest';
import { computeNoiseAblation, noiseAblationRows, noiseAblationSpec } from './noiseAblation.js';
import { renderSvg } from './render.js';

describe('noise-ablation figure', () => {
  const data = computeNoiseAblation({ frozenSeeds: 2, trainedSeeds: 2, train: 16, validation: 8, test: 8, epochs: 1 }, 'smoke', 3);

  test('one accuracy row per cell and arm, one gap row per cell and contrast', () => {
    const { accuracy, gaps } = noiseAblationRows(data.cells);
    expect(accuracy).toHaveLength(2 * 2 * 3 * 3);
    expect(gaps).toHaveLength(2 * 2 * 3 * 2);
    for (const r of gaps) expect(r.lower).toBeLessThanOrEqual(r.upper);
  });

  test('renders to SVG without warnings', async () => {
    const { svg, warnings } = await renderSvg(noiseAblationSpec(data));
    expect(warnings).toEqual([]);
    expect(svg).toContain('Does suppressing the noise degrade accuracy?');
    expect(svg).toContain('trained: relational');
  });
});
