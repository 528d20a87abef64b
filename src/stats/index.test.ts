import { expect, it } from 'vitest';
import * as stats from './index.js';

it('index re-exports the public toolkit', () => {
  for (const name of [
    'clopperPearson', 'clopperPearsonLower', 'clopperPearsonUpper', 'wilson', 'binomialTwoSidedPValue',
    'binomialOneSidedPValue', 'powerOfBinomialTest', 'binomialSampleSizeForHalfWidth', 'sampleMean',
    'sampleVariance', 'meanInterval', 'tIntervalFromMoments', 'RunningMoments', 'sampleSizeForMeanHalfWidth',
    'ksTwoSample', 'ksTwoSampleExactSurvival', 'kolmogorovSurvival', 'ksOneSample', 'andersonDarlingKSample',
    'linearRegression', 'slopeFromBatches', 'holm', 'bonferroni', 'sidakLevel', 'chiSquareGoodnessOfFit',
    'twoProportionTest', 'requireAlpha', 'requireSample',
  ]) {
    expect(typeof (stats as Record<string, unknown>)[name], name).toBe('function');
  }
});
