import { describe, expect, it } from 'vitest';
import { ConfigError } from '../util/errors.js';
import { andersonDarlingKSample } from './andersonDarling.js';

// Same deterministic sequences as ks.test.ts (reproducible in Python):
const PHI = 0.6180339887498949;
const R2 = 0.41421356237309515;
const seqx = (m: number, b = 0): number[] => Array.from({ length: m }, (_, i) => (((i + 1) * PHI) % 1) + b);
const seqy = (n: number, b = 0): number[] => Array.from({ length: n }, (_, j) => (((j + 1) * R2) % 1) + b);

describe('andersonDarlingKSample vs scipy.stats.anderson_ksamp (scipy 1.17.1)', () => {
  it('docs-style examples (variant="midrank")', () => {
    // anderson_ksamp([[1,2,3,4,5],[6,7,8,9,10]], variant='midrank') → 4.726015467264128, 0.0043559779665065
    const a = andersonDarlingKSample([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]);
    expect(a.statistic).toBeCloseTo(4.726015467264128, 10);
    expect(a.pValue).toBeCloseTo(0.0043559779665065, 10);
    expect(a.pValueKind).toBe('interpolated');
    // anderson_ksamp([[1,2,3,4,5],[3,4,5,6,7]], variant='midrank') → 1.3406175851231712, 0.09101691449243049 (ties)
    const b = andersonDarlingKSample([[1, 2, 3, 4, 5], [3, 4, 5, 6, 7]]);
    expect(b.statistic).toBeCloseTo(1.3406175851231712, 10);
    expect(b.pValue).toBeCloseTo(0.09101691449243049, 10);
  });
  it('heavy ties, both variants', () => {
    const t = [1, 1, 2, 2, 2, 3, 4, 4, 5, 6];
    const u = [2, 3, 3, 4, 5, 5, 6, 7, 7, 8];
    const mid = andersonDarlingKSample([t, u]);
    expect(mid.statistic).toBeCloseTo(2.8476266954730227, 10);
    expect(mid.pValue).toBeCloseTo(0.022342709342987804, 10);
    const right = andersonDarlingKSample([t, u], 'right');
    expect(right.statistic).toBeCloseTo(2.2623449880179973, 10);
    expect(right.pValue).toBeCloseTo(0.038174595689491456, 10);
  });
  // samples[i] = seqx(n_i, shift_i) for even i, seqy(n_i, shift_i) for odd i.
  it.each([
    [[10, 12], [0, 0.2], 'midrank', 0.9892292852468509, 0.1277948122199584],
    [[10, 12], [0, 0.2], 'right', 0.9202355003725083, 0.13667281748287116],
    [[15, 15, 15], [0, 0, 0.15], 'midrank', -0.4057939406143814, 0.25],
    [[15, 15, 15], [0, 0, 0.15], 'right', -0.4115832555983635, 0.25],
    [[8, 9], [0, 0.3], 'midrank', 1.5652128097396212, 0.07344076889780182],
    [[8, 9], [0, 0.3], 'right', 1.4709579773030979, 0.08034273125697933],
    [[40, 30], [0, 0.1], 'midrank', 0.23429304693438194, 0.25],
    [[40, 30], [0, 0.1], 'right', 0.20014923007755958, 0.25],
  ] as const)('sizes %j shifts %j %s', (sizes, shifts, variant, stat, p) => {
    const samples = sizes.map((n, i) => (i % 2 === 0 ? seqx(n, shifts[i]) : seqy(n, shifts[i])));
    const r = andersonDarlingKSample(samples, variant);
    expect(r.statistic).toBeCloseTo(stat, 10);
    expect(r.pValue).toBeCloseTo(p, 10);
    if (p === 0.25) expect(r.pValueKind).toBe('lowerBound');
  });
  it('floors the p-value at 0.001 for clearly different samples', () => {
    const r = andersonDarlingKSample([seqx(50), seqy(50, 2)]);
    expect(r.pValue).toBe(0.001);
    expect(r.pValueKind).toBe('upperBound');
  });
  it('accepts Float64Array samples and is invariant to sample order', () => {
    const a = andersonDarlingKSample([new Float64Array(seqx(12)), seqy(9, 0.2), seqx(7, 0.1)]);
    const b = andersonDarlingKSample([seqx(7, 0.1), new Float64Array(seqx(12)), seqy(9, 0.2)]);
    expect(a.statistic).toBeCloseTo(b.statistic, 12);
  });
  it('rejects bad input', () => {
    expect(() => andersonDarlingKSample([[1, 2, 3]])).toThrow(/samples/);
    expect(() => andersonDarlingKSample([[1, 2], []])).toThrow(ConfigError);
    expect(() => andersonDarlingKSample([[1, 1], [1, 1]])).toThrow(/distinct/);
    expect(() => andersonDarlingKSample([[1], [2, 3]])).toThrow(/at least 4/);
    expect(() => andersonDarlingKSample([[1, 2], [3, Infinity]])).toThrow(/samples\[1\]\[1\]/);
  });
});
