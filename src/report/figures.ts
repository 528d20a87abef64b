/**
 * The figure kinds shared by `report` and `plot`: a title, a caption for the HTML page, and the
 * spec from the figure's data.
 */
import type { ConvergenceData } from './convergence.js';
import { convergenceSpec } from './convergence.js';
import type { CosineData } from './cosineTrajectories.js';
import { cosineTrajectoriesSpec } from './cosineTrajectories.js';
import type { PhaseGrid } from './phaseGrid.js';
import { phaseDiagramSpec, phaseSlicesSpec } from './phaseDiagram.js';
import type { Spec } from './render.js';
import { sphereNote, type SphereData } from './sphereTrajectories.js';
import { sphereTrajectoriesSpec } from './sphereTrajectories.js';
import { nTokenFrequencySpec, nTokenGroupSizesSpec, type NTokenData } from './nToken.js';
import { noiseAblationSpec, type NoiseAblationData } from './noiseAblation.js';

import { FIGURE_KINDS, FIGURE_TITLES, type FigureKind } from './figureKinds.js';

export { FIGURE_KINDS, type FigureKind };

export interface FigureData {
  phase: PhaseGrid;
  convergence: ConvergenceData;
  cosine: CosineData;
  sphere: SphereData;
  nToken: NTokenData;
  noiseAblation: NoiseAblationData;
}

export interface FigureInfo {
  title: string;
  /** What the figure shows, one short paragraph (HTML-escaped by the page). */
  caption: string;
  /** Which data it needs. */
  needs: keyof FigureData;
  /** A sentence about this run's data to add to the caption (e.g. a formation not found), or null. */
  note?(data: FigureData): string | null;
  spec(data: FigureData): Spec;
}

export const FIGURES: Record<FigureKind, FigureInfo> = {
  'phase-diagram': {
    title: FIGURE_TITLES['phase-diagram'],
    caption:
      'Frequency of ρ(T) < −0.99 for two tokens started orthogonal, on a grid of inverse temperatures β and dimensions d (log axis; the horizon T grows with d, the time scale of the cosine). Antipodal end states have positive probability exactly right of the critical curve cosh(2β) = d − 2 (β*(d) = ½ arccosh(d − 2); every β > 0 for d ≤ 3).',
    needs: 'phase',
    spec: (d) => phaseDiagramSpec(d.phase),
  },
  'phase-slices': {
    title: FIGURE_TITLES['phase-slices'],
    caption:
      'The same grid, one panel per d: Monte Carlo frequency with its Clopper–Pearson interval, the exact finite-time probability P(ρ(T) < −0.99) of the limit SDE (up to the d the legend names), the long-run probability P(ρ(∞) = −1), and the critical β*(d) (dotted).',
    needs: 'phase',
    spec: (d) => phaseSlicesSpec(d.phase),
  },
  convergence: {
    title: FIGURE_TITLES.convergence,
    caption:
      'Strong error on coupled Brownian paths (left) and weak error of E ρ(T) against the exact law (right), against the depth L on log–log axes, with the fitted orders and their intervals from the strong-order and weak-order claims, and reference slopes ½ and 1.',
    needs: 'convergence',
    spec: (d) => convergenceSpec(d.convergence),
  },
  'cosine-trajectories': {
    title: FIGURE_TITLES['cosine-trajectories'],
    caption:
      'Sample paths of the cosine of two tokens for β below and above β*(d) (top), and the fraction of all paths with ρ(t) < −0.99 over time with its 95% band, against the finite-time law and the long-run probability P(ρ(∞) = −1) (bottom).',
    needs: 'cosine',
    spec: (d) => cosineTrajectoriesSpec(d.cosine),
  },
  'sphere-trajectories': {
    title: FIGURE_TITLES['sphere-trajectories'],
    caption:
      'Tokens in d = 3 until they reach their end formation: one run ending in one cluster and another run ending in two antipodal groups (the first of each among the candidate runs), each seen from both sides of the sphere (orthographic projection).',
    needs: 'sphere',
    spec: (d) => sphereTrajectoriesSpec(d.sphere),
    note: (d) => sphereNote(d.sphere),
  },
  'n-token-frequency': {
    title: FIGURE_TITLES['n-token-frequency'],
    caption:
      'Fraction of runs of n tokens (uniform random starts) ending in two antipodal groups at the horizon T, against β, one panel per d, with exact intervals; vertical rules: the predicted frontiers — ½ arccosh(d − 2), where equal groups (and two tokens) become attracting, and for odd n the β where the most equal unequal split (k, n − k) gets Λ = 0. Read from the mc-grid run named in the figure (docs/n-token.md).',
    needs: 'nToken',
    spec: (d) => nTokenFrequencySpec(d.nToken),
  },
  'n-token-group-sizes': {
    title: FIGURE_TITLES['n-token-group-sizes'],
    caption:
      'How the tokens split when they end in two antipodal groups: counts of the smaller group size k, pooled over every (β, d) cell of each n. Equal splits are exactly invariant; unequal ones are metastable (docs/model.md#two-antipodal-groups).',
    needs: 'nToken',
    spec: (d) => nTokenGroupSizesSpec(d.nToken),
  },
  'noise-ablation': {
    title: FIGURE_TITLES['noise-ablation'],
    caption:
      'Test accuracy of trained deep stochastic Transformers per arm (A: value matrices with their random-initialization noise, σ = 1, √h scaling; B: noise suppressed, σ = 0; C: noise scaled by h) at depths 8, 32, 128 with T fixed, with 95% t intervals over seeds (top), and the paired per-seed gaps A − B and A − C with their 95% intervals (bottom). Columns: frozen random network with a trained readout (a proxy) and end-to-end training, on a relational task a collapse erases and a control task it keeps. Design fixed in advance: docs/noise-ablation.md.',
    needs: 'noiseAblation',
    spec: (d) => noiseAblationSpec(d.noiseAblation),
  },
};
