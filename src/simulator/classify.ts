/**
 * Classification of an end state into clusters and antipodal groups.
 *
 * Definitions (tolerance ε ∈ (0, 1)):
 * - tokens i, j are *together* when ⟨x_i, x_j⟩ ≥ 1 − ε, and *antipodal* when ⟨x_i, x_j⟩ ≤ −1 + ε;
 * - a *cluster* is a set of tokens that are pairwise together (the components of the "together"
 *   graph, each required to be a clique — otherwise the state is undecided);
 * - the state is `one-cluster` when all tokens form one cluster, `antipodal` ("two antipodal
 *   groups") when there are exactly two clusters and every pair across them is antipodal, and
 *   `other` otherwise (not yet converged, or some other formation).
 * On the unit sphere, 1 − ⟨x, y⟩ = |x − y|²/2, so ε = 1e-3 means a distance below ≈ 0.045.
 */
import { ConfigError } from '../util/errors.js';

export type Formation = 'one-cluster' | 'antipodal' | 'other';

export interface Classification {
  formation: Formation;
  /** Cluster label of each token (−1 where the components are not cliques). */
  labels: number[];
  /** Number of clusters (components of the "together" graph). */
  clusters: number;
  /** Number of antipodal pairs i < j. */
  antipodalPairs: number;
}

export const DEFAULT_CLASSIFY_TOLERANCE = 1e-3;

/**
 * Classify a token set from its pairwise cosines (i < j in row order, as `pairwiseCosines` writes
 * them).
 */
export function classifyFormation(
  cosines: ArrayLike<number>,
  n: number,
  epsilon = DEFAULT_CLASSIFY_TOLERANCE,
  offset = 0,
): Classification {
  if (!(epsilon > 0 && epsilon < 1)) throw new ConfigError('epsilon', epsilon, 'a number in (0, 1)');
  const cos = (i: number, j: number): number => {
    if (i === j) return 1;
    const [a, b] = i < j ? [i, j] : [j, i];
    return cosines[offset + a * n - (a * (a + 1)) / 2 + (b - a - 1)];
  };
  const labels = new Array<number>(n).fill(-1);
  let clusters = 0;
  let cliques = true;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== -1) continue;
    const stack = [i];
    labels[i] = clusters;
    const members: number[] = [];
    while (stack.length) {
      const u = stack.pop()!;
      members.push(u);
      for (let v = 0; v < n; v++) {
        if (labels[v] === -1 && cos(u, v) >= 1 - epsilon) {
          labels[v] = clusters;
          stack.push(v);
        }
      }
    }
    for (const u of members) for (const v of members) if (cos(u, v) < 1 - epsilon) cliques = false;
    clusters++;
  }
  let antipodalPairs = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (cos(i, j) <= -1 + epsilon) antipodalPairs++;
  let formation: Formation = 'other';
  if (cliques && clusters === 1) formation = 'one-cluster';
  else if (cliques && clusters === 2) {
    let allAntipodal = true;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (labels[i] !== labels[j] && cos(i, j) > -1 + epsilon) allAntipodal = false;
    if (allAntipodal) formation = 'antipodal';
  }
  return { formation, labels: cliques ? labels : labels.map(() => -1), clusters, antipodalPairs };
}
