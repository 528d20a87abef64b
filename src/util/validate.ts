/**
 * Small validators shared by every public entry point. Each throws a {@link ConfigError} that
 * names the parameter, the offending value and the accepted range.
 */
import { ConfigError } from './errors.js';

/** An integer in [min, max]. */
export function requireInteger(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new ConfigError(name, value, range);
  }
  return value;
}

/** A finite number >= min (or > min when `strict`), <= max. */
export function requireNumber(
  name: string,
  value: unknown,
  opts: { min?: number; max?: number; strictMin?: boolean; strictMax?: boolean } = {},
): number {
  const { min = -Infinity, max = Infinity, strictMin = false, strictMax = false } = opts;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (strictMin ? value > min : value >= min) &&
    (strictMax ? value < max : value <= max);
  if (!ok) {
    const lo = min === -Infinity ? '' : `${strictMin ? '>' : '>='} ${min}`;
    const hi = max === Infinity ? '' : `${strictMax ? '<' : '<='} ${max}`;
    const range = ['a finite number', [lo, hi].filter(Boolean).join(' and ')].filter(Boolean).join(' ');
    throw new ConfigError(name, value, range);
  }
  return value;
}

/** One of a fixed set of strings. */
export function requireOneOf<T extends string>(name: string, value: unknown, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new ConfigError(name, value, `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
  }
  return value as T;
}

/**
 * A real matrix given as an array of `rows` arrays of `cols` finite numbers; returned row-major
 * in a Float64Array.
 */
export function requireMatrix(name: string, value: unknown, rows: number, cols: number): Float64Array {
  if (!Array.isArray(value) || value.length !== rows) {
    throw new ConfigError(name, value, `a ${rows}x${cols} matrix (array of ${rows} rows)`);
  }
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row: unknown = value[i];
    if (!Array.isArray(row) && !(row instanceof Float64Array)) {
      throw new ConfigError(`${name}[${i}]`, row, `a row of ${cols} finite numbers`);
    }
    const r = row as ArrayLike<unknown>;
    if (r.length !== cols) throw new ConfigError(`${name}[${i}]`, row, `a row of ${cols} finite numbers`);
    for (let j = 0; j < cols; j++) {
      const x = r[j];
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new ConfigError(`${name}[${i}][${j}]`, x, 'a finite number');
      }
      out[i * cols + j] = x;
    }
  }
  return out;
}
