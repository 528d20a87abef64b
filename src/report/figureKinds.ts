/**
 * The figure kinds and their titles, without the data and rendering code (so that command-line
 * help can list them without loading the plotting stack).
 */
export const FIGURE_KINDS = ['phase-diagram', 'phase-slices', 'convergence', 'cosine-trajectories', 'sphere-trajectories', 'n-token-frequency', 'n-token-group-sizes', 'noise-ablation'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

export const FIGURE_TITLES: Record<FigureKind, string> = {
  'phase-diagram': 'Phase diagram in (β, d)',
  'phase-slices': 'Antipodal probability against β, per dimension',
  convergence: 'Convergence to the limit SDE',
  'cosine-trajectories': 'Cosine paths ρ(t)',
  'sphere-trajectories': 'Token paths on S²',
  'n-token-frequency': 'Two antipodal groups for n tokens, against β',
  'n-token-group-sizes': 'Sizes of the two antipodal groups',
  'noise-ablation': 'Suppressing the noise: accuracy against depth',
};
