import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bonferroni, holm, sidakLevel } from './multiplicity.js';

describe('holm / bonferroni / sidak', () => {
  it('known values (hand-computed; agree with R p.adjust(method="holm"))', () => {
    expect(holm([0.01, 0.04, 0.03], 0.05)).toEqual({ adjusted: [0.03, 0.06, 0.06], rejected: [true, false, false] });
    // R: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm") = 0.05 0.08 0.09 0.09 0.09
    const h = holm([0.05, 0.04, 0.03, 0.02, 0.01], 0.05);
    [0.09, 0.09, 0.09, 0.08, 0.05].forEach((v, i) => expect(h.adjusted[i]).toBeCloseTo(v, 14));
    expect(h.rejected).toEqual([false, false, false, false, true]);
    expect(bonferroni([0.01, 0.04], 0.05)).toEqual({ adjusted: [0.02, 0.08], rejected: [true, false] });
    expect(bonferroni([0.6, 0.2], 0.05).adjusted).toEqual([1, 0.4]);
    expect(sidakLevel(0.05, 10)).toBeCloseTo(1 - 0.95 ** 0.1, 15);
    expect(sidakLevel(0.05, 1)).toBeCloseTo(0.05, 15);
  });
  it('properties: Holm rejects a superset of Bonferroni; adjusted ≥ raw; Šidák ≥ α/m', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 1e-4, max: 0.5, noNaN: true }),
        (p, a) => {
          const h = holm(p, a);
          const b = bonferroni(p, a);
          p.forEach((q, i) => {
            expect(h.adjusted[i]).toBeGreaterThanOrEqual(q);
            expect(h.adjusted[i]).toBeLessThanOrEqual(b.adjusted[i]);
            if (b.rejected[i]) expect(h.rejected[i]).toBe(true);
          });
          // Step-down definition: reject H₍₁₎..H₍ᵣ₎ where r is the first i with p₍ᵢ₎ > α/(m−i+1).
          const sorted = [...p].sort((x, y) => x - y);
          let r = 0;
          while (r < p.length && sorted[r] <= a / (p.length - r)) r++;
          expect(h.rejected.filter(Boolean).length).toBe(r);
          expect(sidakLevel(a, p.length)).toBeGreaterThanOrEqual(a / p.length - 1e-15);
        },
      ),
    );
  });
  it('rejects bad input', () => {
    expect(() => holm([], 0.05)).toThrow(/pValues/);
    expect(() => holm([0.1, 1.2], 0.05)).toThrow(/pValues\[1\]: got 1.2/);
    expect(() => bonferroni([NaN], 0.05)).toThrow(/pValues\[0\]/);
    expect(() => sidakLevel(0.05, 0)).toThrow(/invalid m/);
    expect(() => sidakLevel(1.5, 3)).toThrow(/invalid alpha/);
  });
});
