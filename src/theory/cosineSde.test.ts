import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { cosineDrift, cosineDiffusionSquared, pairAttentionWeights } from './cosineSde.js';
import { ConfigError } from '../util/errors.js';

const paramsArb = fc.record({
  beta: fc.double({ min: 0, max: 10, noNaN: true }),
  d: fc.integer({ min: 2, max: 64 }),
  sigma: fc.double({ min: 0.05, max: 3, noNaN: true }),
  gamma: fc.double({ min: 0, max: 2, noNaN: true }),
});

/**
 * Drift and quadratic variation of ρ = ⟨x₁, x₂⟩ computed directly from the particle SDE with explicit
 * vectors (Itô: ⟨uᵀdW m, vᵀdW n⟩ = s²⟨u,v⟩⟨m,n⟩dt), independently of the closed forms.
 */
function particleGenerator(x1: number[], x2: number[], beta: number, sigma: number, gamma: number) {
  const d = x1.length;
  const s2 = (sigma * sigma) / d;
  const dot = (u: number[], v: number[]) => u.reduce((acc, ui, i) => acc + ui * v[i], 0);
  const rho = dot(x1, x2);
  const e11 = Math.exp(beta), e12 = Math.exp(beta * rho);
  const a = e11 / (e11 + e12), b = e12 / (e11 + e12);
  const m1 = x1.map((v, i) => a * v + b * x2[i]);
  const m2 = x1.map((v, i) => b * v + a * x2[i]);
  const proj = (x: number[], v: number[]) => { const c = dot(x, v); return v.map((vi, i) => vi - c * x[i]); };
  // tr(P1 P2) = Σ_kl (P1)_kl (P2)_kl
  let trP1P2 = 0;
  for (let k = 0; k < d; k++) for (let l = 0; l < d; l++) {
    trP1P2 += ((k === l ? 1 : 0) - x1[k] * x1[l]) * ((k === l ? 1 : 0) - x2[k] * x2[l]);
  }
  const drift =
    gamma * (dot(proj(x1, m1), x2) + dot(x1, proj(x2, m2))) -
    0.5 * (d - 1) * s2 * (dot(m1, m1) + dot(m2, m2)) * rho +
    s2 * trP1P2 * dot(m1, m2);
  const u1 = proj(x1, x2), u2 = proj(x2, x1);
  const qv = s2 * (dot(u1, u1) * dot(m1, m1) + dot(u2, u2) * dot(m2, m2) + 2 * dot(u1, u2) * dot(m1, m2));
  return { rho, drift, qv };
}

describe('cosine SDE coefficients', () => {
  test.prop([paramsArb])('vanish at the invariant boundaries ρ = ±1', (p) => {
    for (const r of [-1, 1]) {
      expect(Math.abs(cosineDrift(r, p))).toBe(0);
      expect(Math.abs(cosineDiffusionSquared(r, p))).toBe(0);
    }
  });

  test.prop([
    fc.integer({ min: 2, max: 7 }),
    fc.double({ min: 0, max: 5, noNaN: true }),
    fc.double({ min: 0.1, max: 2, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 14, maxLength: 14 }),
  ])('match the Itô generator of the particle SDE at random token pairs', (d, beta, sigma, gamma, raw) => {
    const norm = (v: number[]) => { const n = Math.hypot(...v); return n > 1e-3 ? v.map((x) => x / n) : null; };
    const x1 = norm(raw.slice(0, d));
    const x2 = norm(raw.slice(7, 7 + d));
    fc.pre(x1 !== null && x2 !== null);
    const g = particleGenerator(x1!, x2!, beta, sigma, gamma);
    const rho = Math.max(-1, Math.min(1, g.rho));
    const p = { beta, d, sigma, gamma };
    expect(cosineDrift(rho, p)).toBeCloseTo(g.drift, 10);
    expect(cosineDiffusionSquared(rho, p)).toBeCloseTo(g.qv, 10);
  });

  test('attention weights at the boundaries: a = b = ½ at ρ = 1, a₋ = 1/(1+e^{−2β}) at ρ = −1', () => {
    expect(pairAttentionWeights(1, 3)).toEqual({ a: 0.5, b: 0.5, p: 0.5, c: 0.5 });
    expect(pairAttentionWeights(-1, 0.7).a).toBeCloseTo(1 / (1 + Math.exp(-1.4)), 15);
  });

  test('reject bad input with a ConfigError naming the parameter', () => {
    const ok = { beta: 1, d: 3, sigma: 1, gamma: 0 };
    expect(() => cosineDrift(1.5, ok)).toThrow(ConfigError);
    expect(() => cosineDrift(Number.NaN, ok)).toThrow(/rho/);
    expect(() => cosineDrift(0, { ...ok, d: 1 })).toThrow(/invalid d: got 1/);
    expect(() => cosineDrift(0, { ...ok, beta: -1 })).toThrow(/beta/);
    expect(() => cosineDiffusionSquared(0, { ...ok, sigma: -0.1 })).toThrow(/sigma/);
    expect(() => cosineDiffusionSquared(0, { ...ok, gamma: Infinity })).toThrow(/gamma/);
  });
});
