/**
 * Closed forms of P(ρ_∞ = −1 | ρ₀) in special cases (DERIVATION.md §5), used as exact test oracles.
 *
 * d = 2, γ = 0, any β: then 2μ/v = −ρ/(1 − ρ²) (the (d − 2)c term vanishes and p cancels), so
 * S′ ∝ (1 − ρ²)^{−1/2}, S = arcsin, and P = arccos(ρ₀)/π (for every β and σ > 0). In the angle θ
 * (ρ = cos θ) this says θ is a martingale: dθ = s·sqrt(2p)·sin θ dB.
 *
 * β = 0 (uniform attention): a = b = ½, h ≡ α := 2γd/σ² + d − 2, S′ ∝ (1 + ρ)^{−(1+α)/2}(1 − ρ)^{(α−1)/2},
 * so P is a Beta tail: P = I_{(1−ρ₀)/2}((1 + α)/2, (1 − α)/2) when α < 1 (only d = 2, γ < σ²/4), else 0.
 * That one needs the incomplete beta function and is checked in the tests against scipy values.
 */
import { validateCosineParams, requireCosineOpen, type CosineParams } from './params.js';

/** arccos(ρ₀)/π when d = 2, γ = 0 and σ > 0; undefined for other parameters. */
export function antipodalProbabilityPlanar(rho0: number, params: CosineParams): number | undefined {
  const r = requireCosineOpen('rho0', rho0);
  const p = validateCosineParams(params);
  if (p.d !== 2 || p.gamma !== 0 || p.sigma === 0) return undefined;
  return Math.acos(r) / Math.PI;
}
