/**
 * The frontier of an end state along a β axis, by the rule docs/n-token.md fixes before the run:
 * going up the β grid, `upper` is the smallest β from which every larger grid β has at least one
 * run in the state (so the exact one-sided lower bound of its frequency is > 0 there), and `lower`
 * is the grid β just below it — the frequency leaves 0 in (lower, upper] at the grid's resolution.
 * `upper` is null when the largest β has no such run; `lower` is null when even the smallest has.
 *
 * @example frontierInterval([{ beta: 0.5, count: 0 }, { beta: 1, count: 2 }, { beta: 1.5, count: 0 }, { beta: 2, count: 5 }])
 * // { lower: 1.5, upper: 2 }
 */
export function frontierInterval(cells: readonly { beta: number; count: number }[]): { lower: number | null; upper: number | null } {
  const sorted = [...cells].sort((a, b) => a.beta - b.beta);
  let i = sorted.length;
  while (i > 0 && sorted[i - 1].count > 0) i--;
  if (i === sorted.length) return { lower: sorted.length ? sorted[sorted.length - 1].beta : null, upper: null };
  return { lower: i > 0 ? sorted[i - 1].beta : null, upper: sorted[i].beta };
}
