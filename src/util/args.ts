/**
 * The one command-line parser of every dst-verify command, script and CI entry point.
 *
 * A program declares its flags (type, accepted range or choices, default, help text) and its
 * positional words; `parseArgs` turns argv into typed values or throws a one-line
 * {@link UsageError} / {@link ConfigError}: an unknown flag, an unexpected positional word, a flag
 * given twice, a missing or malformed value and a value outside its range are all usage errors.
 * `--help` (or `-h`) anywhere before `--` asks for the help text, which `formatHelp` builds from the
 * same declarations. `runProgram` prints user errors on one line (exit status 2) and never a stack
 * trace for them.
 *
 * @example
 * const program = { name: 'demo', summary: 'an example', usage: 'demo --n N', flags: {
 *   n: { type: 'integer', value: 'N', help: 'token count', default: 2, min: 2, max: 64 },
 *   json: { type: 'boolean', help: 'print JSON' } } } as const;
 * parseArgs(program, ['--n', '4']); // { help: false, values: { n: 4, json: false }, positionals: [] }
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ConfigError, NumericalError, UsageError } from './errors.js';

/** Longest delay Node's timers support (2^31 − 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

interface FlagBase {
  /** One line of help text. */
  help: string;
  /** Placeholder in the help text, e.g. "N". */
  value?: string;
  /** Default as shown in the help text when it is not the typed default (e.g. "by tier"). */
  defaultText?: string;
}
export interface BooleanFlag extends FlagBase {
  type: 'boolean';
}
export interface StringFlag extends FlagBase {
  type: 'string';
  default?: string;
  /** The accepted values; anything else is refused. */
  choices?: readonly string[];
  /** Accept the empty string (refused by default: `--out ''` is almost always a mistake). */
  allowEmpty?: boolean;
}
export interface NumberFlag extends FlagBase {
  /** 'integer': a safe integer; 'number': a finite number. */
  type: 'number' | 'integer';
  default?: number;
  min?: number;
  max?: number;
  /** The minimum itself is refused (x > min). */
  exclusiveMin?: boolean;
}
export type FlagSpec = BooleanFlag | StringFlag | NumberFlag;
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** The typed values of a flag set: booleans are always present, others when given or defaulted. */
export type FlagValues<S extends FlagSpecs> = {
  [K in keyof S]: S[K] extends BooleanFlag
    ? boolean
    : S[K] extends NumberFlag
      ? S[K] extends { default: number }
        ? number
        : number | undefined
      : S[K] extends { default: string }
        ? string
        : string | undefined;
};

/** Positional words a program accepts (none when absent). */
export interface PositionalSpec {
  /** Placeholder in messages, e.g. "KIND" or "DIR". */
  name: string;
  min?: number;
  max?: number;
  /** Said after an unexpected word, e.g. 'quote the simulator command: --sim "python3 sim.py"'. */
  hint?: string;
}

export interface ProgramSpec<S extends FlagSpecs = FlagSpecs> {
  /** How the user calls it, e.g. "dst-verify simulate" or "node dist/ci/golden.js". */
  name: string;
  summary: string;
  /** Usage line(s) after the name. */
  usage: string;
  flags: S;
  positionals?: PositionalSpec;
  examples?: readonly string[];
  /** Extra paragraphs at the end of the help text. */
  notes?: readonly string[];
}

export type Parsed<S extends FlagSpecs> = { help: true } | { help: false; values: FlagValues<S>; positionals: string[] };

/** Parse `argv` (without the program name) against `program`'s declarations. */
export function parseArgs<S extends FlagSpecs>(program: ProgramSpec<S>, argv: readonly string[]): Parsed<S> {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  if (options.includes('--help') || options.includes('-h')) return { help: true };
  const see = ` (see: ${program.name} --help)`;
  const raw = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (i === end) {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || /^-[\d.]/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unknown option ${arg}${see}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = Object.hasOwn(program.flags, name) ? program.flags[name] : undefined;
    if (!spec) throw new UsageError(`unknown option --${name}${suggest(name, Object.keys(program.flags))}${see}`);
    if (raw.has(name)) throw new UsageError(`--${name} is given more than once${see}`);
    if (spec.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value${see}`);
      raw.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && i + 1 !== end && !argv[i + 1].startsWith('--')) value = argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value${spec.value ? ` (${spec.value})` : ''}${see}`);
    raw.set(name, value);
  }
  const p = program.positionals;
  const min = p?.min ?? 0;
  const max = p?.max ?? (p && p.name ? Infinity : 0);
  if (positionals.length > max) {
    const what = max === 0 ? 'takes no positional arguments' : `takes at most ${max} ${p!.name}`;
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[max])}: ${program.name} ${what}${p?.hint ? ` (${p.hint})` : see}`);
  }
  if (positionals.length < min) throw new UsageError(`missing ${p!.name}${see}`);
  const values: Record<string, string | number | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(program.flags)) values[name] = convert(name, spec, raw.get(name));
  return { help: false, values: values as FlagValues<S>, positionals };
}

function convert(name: string, spec: FlagSpec, raw: string | true | undefined): string | number | boolean | undefined {
  const flag = `--${name}`;
  if (spec.type === 'boolean') return raw === true;
  if (raw === undefined) return spec.default;
  const text = raw as string;
  if (spec.type === 'string') {
    if (text === '' && !spec.allowEmpty) throw new ConfigError(flag, text, 'a non-empty value');
    if (spec.choices && !spec.choices.includes(text)) throw new ConfigError(flag, text, `one of ${spec.choices.join(', ')}`);
    return text;
  }
  const x = text.trim() === '' ? NaN : Number(text);
  const ok = Number.isFinite(x) && (spec.type === 'number' || Number.isSafeInteger(x)) && inRange(x, spec);
  if (!ok) throw new ConfigError(flag, text, describeNumber(spec));
  return x;
}

function inRange(x: number, s: NumberFlag): boolean {
  if (s.min !== undefined && (s.exclusiveMin ? !(x > s.min) : !(x >= s.min))) return false;
  return s.max === undefined || x <= s.max;
}

/** "an integer in [1, 64]", "a finite number > 0", … */
export function describeNumber(s: NumberFlag): string {
  const what = s.type === 'integer' ? 'an integer' : 'a finite number';
  const lo = s.min;
  const hi = s.max;
  if (lo !== undefined && hi !== undefined) return `${what} in ${s.exclusiveMin ? '(' : '['}${fmt(lo)}, ${fmt(hi)}]`;
  if (lo !== undefined) return `${what} ${s.exclusiveMin ? '>' : '>='} ${fmt(lo)}`;
  if (hi !== undefined) return `${what} <= ${fmt(hi)}`;
  return what;
}

const fmt = (x: number) => String(x);

/** " (did you mean --x?)" for a near miss (edit distance ≤ 2), else "". */
function suggest(name: string, known: string[]): string {
  let best = '';
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best ? ` (did you mean --${best}?)` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The help text: summary, usage, one line per flag (with its range and default), examples. */
export function formatHelp(program: ProgramSpec): string {
  const lines = [`${program.name} — ${program.summary}`, '', `Usage: ${program.usage.split('\n').join('\n       ')}`, '', 'Options:'];
  const entries = Object.entries(program.flags).map(([k, s]) => {
    const flag = `--${k}${s.type === 'boolean' ? '' : ` ${s.value ?? (s.type === 'string' ? 'VALUE' : s.type === 'integer' ? 'N' : 'X')}`}`;
    const range = s.type === 'number' || s.type === 'integer' ? (s.min !== undefined || s.max !== undefined ? `; ${describeNumber(s).replace(/^an? (integer|finite number) /, '')}` : '') : '';
    const shown = s.defaultText ?? (s.type !== 'boolean' && s.default !== undefined ? String(s.default) : undefined);
    return [flag, `${s.help}${range}${shown !== undefined ? ` (default ${shown})` : ''}`] as const;
  });
  entries.push(['--help, -h', 'show this help']);
  const w = Math.min(34, Math.max(...entries.map(([f]) => f.length)) + 2);
  for (const [f, d] of entries) lines.push(f.length + 2 > w ? `  ${f}\n  ${''.padEnd(w)}${d}` : `  ${f.padEnd(w)}${d}`);
  if (program.examples?.length) lines.push('', 'Examples:', ...program.examples.map((e) => `  ${e}`));
  if (program.notes?.length) lines.push('', ...program.notes);
  return lines.join('\n');
}

/** A JSON value given inline or as @FILE (e.g. `--init '[[1,0],[0,1]]'` or `--init @tokens.json`). */
export function parseJsonFlag(name: string, raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  let text = raw;
  if (raw.startsWith('@')) {
    try {
      text = readFileSync(raw.slice(1), 'utf8');
    } catch {
      throw new ConfigError(`--${name}`, raw, 'inline JSON or @FILE naming a readable JSON file');
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`--${name}`, raw.length > 60 ? raw.slice(0, 57) + '...' : raw, 'valid JSON (inline or @FILE)');
  }
}

/**
 * A worker-thread count: at most 4 per core (more only adds memory: each worker holds its own
 * arrays and WebAssembly instance) and never more than the work items it shares.
 */
export function boundWorkers(workers: number, items = Infinity, flag = '--workers'): number {
  const max = 4 * availableParallelism();
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= max)) throw new ConfigError(flag, workers, `an integer in [1, ${max}] (4 per core)`);
  return Math.max(1, Math.min(workers, items));
}

/** Errors a user can fix: printed on one line, exit status 2. */
export function isUsageError(e: unknown): e is Error {
  return e instanceof UsageError || e instanceof ConfigError || e instanceof NumericalError;
}

/**
 * Parse argv for `program`, print its help on `--help`, run `main` and set the exit status:
 * main's status, 2 with one line on stderr for a user error, 70 with the stack for a bug.
 */
export async function runProgram<S extends FlagSpecs>(
  program: ProgramSpec<S>,
  argv: readonly string[],
  main: (values: FlagValues<S>, positionals: string[]) => Promise<number> | number,
): Promise<number> {
  const label = program.name.replace(/^node\s+/, '');
  try {
    const parsed = parseArgs(program, argv);
    if (parsed.help) {
      process.stdout.write(formatHelp(program) + '\n');
      return (process.exitCode = 0);
    }
    return (process.exitCode = await main(parsed.values, parsed.positionals));
  } catch (e) {
    return (process.exitCode = reportError(label, e));
  }
}

/** Print an error the way every program does; returns the exit status (2 user error, 70 bug). */
export function reportError(label: string, e: unknown): number {
  if (isUsageError(e)) {
    process.stderr.write(`${label}: ${e.message.split('\n')[0]}\n`);
    return 2;
  }
  process.stderr.write(`${label}: internal error (please report): ${(e as Error)?.stack ?? String(e)}\n`);
  return 70;
}
