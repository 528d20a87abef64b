/**
 * Monte Carlo cross-check of the theory against a seeded Euler–Maruyama simulation of the 1D cosine
 * SDE dρ = μ dt + sqrt(v) dB (own generator: xoshiro128** + Box–Muller, fixed seed). Each check is a
 * two-sided normal interval at α = 1e-3 per comparison (z = 3.29) widened by a stated allowance for
 * the O(Δt) Euler bias.
 */
import { describe, expect, test } from 'vitest';
import { antipodalProbability } from './antipodalProbability.js';
import { finiteTimeCdf, finiteTimeExpectation } from './finiteTime.js';

function rng(seed: number) {
  let a = seed >>> 0, b = 0x9e3779b9, c = 0x243f6a88, d = 0xb7e15162;
  const next = () => {
    const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
    return r / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  let spare: number | null = null;
  return () => {
    if (spare !== null) { const s = spare; spare = null; return s; }
    let u = next();
    while (u === 0) u = next();
    const rad = Math.sqrt(-2 * Math.log(u));
    const th = 2 * Math.PI * next();
    spare = rad * Math.sin(th);
    return rad * Math.cos(th);
  };
}

const Z = 3.29; // two-sided α = 1e-3

/** One Euler step of the cosine SDE; ρ is clipped to [−1, 1] (both ends are invariant). */
function step(rho: number, p: { beta: number; d: number; sigma: number; gamma: number }, dt: number, z: number): number {
  const s2 = (p.sigma * p.sigma) / p.d;
  const e = Math.exp(-p.beta * (1 - rho));
  const a = 1 / (1 + e), b = e / (1 + e);
  const pp = a * a + b * b, c = 2 * a * b;
  const q = 1 - rho * rho;
  const next = rho + q * (2 * p.gamma * b + s2 * ((p.d - 2) * c - pp * rho)) * dt + Math.sqrt(2 * pp * s2 * dt) * q * z;
  return Math.max(-1, Math.min(1, next));
}

describe('Monte Carlo cross-check of the cosine SDE', () => {
  const p = { d: 3, beta: 1, sigma: 1, gamma: 0 };

  test('finite time T = 8: P(ρ_T < −0.9) and E[ρ_T] inside their confidence intervals', () => {
    const normal = rng(20260121);
    const n = 12000, T = 8, dt = 0.01, steps = Math.round(T / dt);
    let below = 0, sum = 0, sumSq = 0;
    for (let i = 0; i < n; i++) {
      let rho = 0;
      for (let k = 0; k < steps; k++) rho = step(rho, p, dt, normal());
      if (rho < -0.9) below++;
      sum += rho;
      sumSq += rho * rho;
    }
    const pHat = below / n;
    const pTheory = finiteTimeCdf(-0.9, 0, T, p);
    expect(Math.abs(pHat - pTheory)).toBeLessThan(Z * Math.sqrt((pTheory * (1 - pTheory)) / n) + 0.005);
    const mean = sum / n;
    const sd = Math.sqrt(sumSq / n - mean * mean);
    expect(Math.abs(mean - finiteTimeExpectation((r) => r, 0, T, p))).toBeLessThan((Z * sd) / Math.sqrt(n) + 0.005);
  });

  test('long run: fraction ending at ρ = −1 matches P(ρ_∞ = −1 | ρ₀)', () => {
    const normal = rng(7);
    const n = 5000, dt = 0.01, tMax = 400;
    let anti = 0, undecided = 0;
    for (let i = 0; i < n; i++) {
      let rho = 0.2;
      let t = 0;
      // 1 ∓ ρ < 1e-10: the chance of returning from there is ≲ (1e-10)^{ε} ≈ 2e-4 (ε₋ = 0.367), far below the CI.
      while (1 - rho * rho > 1e-10 && t < tMax) { rho = step(rho, p, dt, normal()); t += dt; }
      if (1 - rho * rho > 1e-10) undecided++;
      else if (rho < 0) anti++;
    }
    expect(undecided / n).toBeLessThan(0.01);
    const pTheory = antipodalProbability(0.2, p);
    expect(Math.abs(anti / n - pTheory)).toBeLessThan(Z * Math.sqrt((pTheory * (1 - pTheory)) / n) + 0.005);
  });
});
