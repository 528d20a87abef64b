/**
 * Errors raised for user mistakes. The CLI prints `error.message` on one line and exits with
 * status 2; no stack trace is shown for these.
 */

/** A configuration value outside its accepted range. */
export class ConfigError extends Error {
  readonly parameter: string;
  readonly value: unknown;
  readonly accepted: string;

  constructor(parameter: string, value: unknown, accepted: string) {
    super(`invalid ${parameter}: got ${describeValue(value)}; expected ${accepted}`);
    this.name = 'ConfigError';
    this.parameter = parameter;
    this.value = value;
    this.accepted = accepted;
  }
}

/** Bad command-line usage (unknown flag, missing value, stray word): one line, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A computation that produced a non-finite number; names where it happened. */
export class NumericalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NumericalError';
  }
}

/** Short, single-line rendering of an offending value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a typed array of length ${(value as Float64Array).length}`;
  return typeof value;
}
