/**
 * Where two JSON values differ, as readable paths.
 *
 * @example
 * jsonDifferences({ a: [1, 2] }, { a: [1, 3] }, 'config'); // ['config.a[1]: 2 ≠ 3']
 */

/** Paths where two JSON values differ (at most `limit`); [] when they are equal. */
export function jsonDifferences(a: unknown, b: unknown, path = '', limit = 8, out: string[] = []): string[] {
  if (out.length >= limit) return out;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) {
      out.push(`${path || '(root)'}: ${a.length} entries ≠ ${b.length} entries`);
      return out;
    }
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b as object)])];
    for (const k of keys) {
      const sub = Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      jsonDifferences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], sub, limit, out);
    }
    return out;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path || '(root)'}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
  return out;
}
