/**
 * mc-grid's grid flags (parsed by the shared parser of src/util/args.ts) to a grid spec: comma
 * lists become axes.
 *
 * @example
 * specFromFlags({ beta: '0.5,1,2', d: '3', paths: '1000' }); // { beta: [0.5, 1, 2], d: 3, paths: 1000 }
 */
import { ConfigError } from '../util/errors.js';
import { CELL_KEYS, RUN_KEYS, type GridSpec } from './grid.js';

function scalar(key: string, raw: string): number | string {
  const s = raw.trim();
  if (key === 'law' || (key === 'rho0' && s === 'uniform')) return s;
  if (s === '' || !Number.isFinite(Number(s))) throw new ConfigError(`--${key}`, raw, 'a finite number (or a comma-separated list)');
  return Number(s);
}

/** The grid keys given as flags: per-cell keys may be comma lists, run-wide keys single numbers. */
export function specFromFlags(values: Readonly<Record<string, string | number | boolean | undefined>>): GridSpec {
  const spec: Record<string, unknown> = {};
  for (const key of CELL_KEYS) {
    const raw = values[key];
    if (typeof raw !== 'string') continue;
    const items = raw.split(',').map((s) => scalar(key, s));
    spec[key] = items.length === 1 ? items[0] : items;
  }
  for (const key of RUN_KEYS) {
    const raw = values[key];
    if (typeof raw !== 'string') continue;
    if (raw.includes(',')) throw new ConfigError(`--${key}`, raw, 'a single value (it applies to the whole run)');
    spec[key] = scalar(key, raw);
  }
  return spec as GridSpec;
}
