/**
 * Command-line parsing for mc-grid: flags to a grid spec (comma lists become axes), negative
 * numbers accepted as values ("--rho0 -0.5"), and one-line usage errors.
 *
 * @example
 * specFromFlags({ beta: '0.5,1,2', d: '3', paths: '1000' }); // { beta: [0.5, 1, 2], d: 3, paths: 1000 }
 */
import { parseArgs } from 'node:util';
import { ConfigError, UsageError } from '../util/errors.js';
import { CELL_KEYS, RUN_KEYS, type GridSpec } from './grid.js';

export { UsageError };

type Options = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** node:util parseArgs, except that a string option's value may start with "-" followed by a digit or ".". */
export function parseFlags(argv: string[], options: Options): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : '';
    if (options[name]?.type === 'string' && /^-[\d.]/.test(argv[i + 1] ?? '')) args.push(`${argv[i]}=${argv[++i]}`);
    else args.push(argv[i]);
  }
  try {
    const r = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
}

function scalar(key: string, raw: string): number | string {
  const s = raw.trim();
  if (key === 'law' || (key === 'rho0' && s === 'uniform')) return s;
  if (s === '' || !Number.isFinite(Number(s))) throw new ConfigError(`--${key}`, raw, 'a finite number (or a comma-separated list)');
  return Number(s);
}

/** The grid keys given as flags: per-cell keys may be comma lists, run-wide keys single numbers. */
export function specFromFlags(values: Record<string, string | boolean | undefined>): GridSpec {
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
