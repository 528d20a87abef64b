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

/**
 * The end state of one run, as a tagged union (same tolerance ε as `classifyFormation`):
 * - `one-cluster`: all tokens pairwise together;
 * - `two-groups`: two antipodal groups, `sizes` = [smaller, larger] (sum n);
 * - `clusters`: k ≥ 2 clusters that are not two antipodal groups (also two clusters whose
 *   cross cosines are not all within ε of −1);
 * - `undecided`: the "together" graph has a component that is not a clique (not yet converged).
 */
export type EndState =
  | { kind: 'one-cluster' }
  | { kind: 'two-groups'; sizes: [number, number] }
  | { kind: 'clusters'; k: number }
  | { kind: 'undecided' };

export type EndStateKind = EndState['kind'];
export const END_STATE_KINDS: readonly EndStateKind[] = ['one-cluster', 'two-groups', 'clusters', 'undecided'];

/** The end state named by a classification. */
export function endStateOf(c: Classification): EndState {
  if (c.formation === 'one-cluster') return { kind: 'one-cluster' };
  if (c.formation === 'antipodal') {
    const first = c.labels.filter((l) => l === 0).length;
    const second = c.labels.length - first;
    return { kind: 'two-groups', sizes: [Math.min(first, second), Math.max(first, second)] };
  }
  if (c.labels.length > 0 && c.labels[0] === -1) return { kind: 'undecided' };
  return { kind: 'clusters', k: c.clusters };
}

/** Same formation: same end-state kind and the same partition of the tokens (labels are canonical). */
function sameFormation(a: Classification, b: Classification): boolean {
  if (a.formation !== b.formation || a.clusters !== b.clusters) return false;
  for (let i = 0; i < a.labels.length; i++) if (a.labels[i] !== b.labels[i]) return false;
  return true;
}

/**
 * Time to formation from cosine snapshots of one path: the index of the first snapshot from which
 * the final snapshot's formation (same kind, same partition) holds at every later snapshot; null
 * when the final state is undecided. `snapshots` holds `count` snapshots of pairCount(n) cosines
 * from `offset` on (the layout of Snapshots with record 'cosines'). The resolution is the stride
 * between snapshots: the formation first held somewhere after the previous snapshot.
 */
export function formationSnapshot(
  snapshots: ArrayLike<number>,
  count: number,
  n: number,
  epsilon = DEFAULT_CLASSIFY_TOLERANCE,
  offset = 0,
): number | null {
  const size = (n * (n - 1)) / 2;
  const last = classifyFormation(snapshots, n, epsilon, offset + (count - 1) * size);
  if (endStateOf(last).kind === 'undecided') return null;
  let first = count - 1;
  while (first > 0 && sameFormation(classifyFormation(snapshots, n, epsilon, offset + (first - 1) * size), last)) first--;
  return first;
}
