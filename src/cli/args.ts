/**
 * Command-line plumbing shared by the commands: option specs with help text, strict parsing of
 * numbers and JSON values, and one-line errors for user mistakes.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, UsageError } from '../util/errors.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Placeholder shown in help, e.g. "N". */
  value?: string;
  default?: string;
}

export interface Command {
  name: string;
  summary: string;
  /** Usage line(s) after "dst-verify". */
  usage: string;
  options: Record<string, OptionSpec>;
  examples?: string[];
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

export { UsageError };

export function parseCommandArgs(cmd: Command, argv: string[]) {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [k, spec] of Object.entries(cmd.options)) options[k] = { type: spec.type };
  // parseArgs refuses "--beta -1" as ambiguous; a negative number after a string option is its value.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : '';
    if (options[name]?.type === 'string' && /^-\d|^-\.\d|^-Infinity$/.test(argv[i + 1] ?? '')) {
      args.push(`${argv[i]}=${argv[++i]}`);
    } else args.push(argv[i]);
  }
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]} (see: dst-verify ${cmd.name} --help)`);
  }
}

export function formatHelp(cmd: Command): string {
  const lines = [`dst-verify ${cmd.name} — ${cmd.summary}`, '', `Usage: dst-verify ${cmd.usage}`, '', 'Options:'];
  const entries = Object.entries(cmd.options).map(([k, s]) => {
    const flag = `--${k}${s.type === 'string' ? ` ${s.value ?? 'VALUE'}` : ''}`;
    const def = s.default !== undefined ? ` (default ${s.default})` : '';
    return [flag, s.description + def] as const;
  });
  entries.push(['--help, -h', 'show this help']);
  const w = Math.max(...entries.map(([f]) => f.length)) + 2;
  for (const [f, d] of entries) lines.push(`  ${f.padEnd(w)}${d}`);
  if (cmd.examples?.length) lines.push('', 'Examples:', ...cmd.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

/** A number from a flag value; the flag name is reported on error. */
export function numberFlag(name: string, raw: string | boolean | undefined, fallback?: number): number | undefined {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(Number(raw))) {
    throw new ConfigError(`--${name}`, raw, 'a finite number');
  }
  return Number(raw);
}

/** An integer from a flag value. */
export function integerFlag(name: string, raw: string | boolean | undefined, fallback?: number): number | undefined {
  const v = numberFlag(name, raw, fallback);
  if (v !== undefined && !Number.isInteger(v)) throw new ConfigError(`--${name}`, raw, 'an integer');
  return v;
}

/** A JSON value given inline or as @file. */
export function jsonFlag(name: string, raw: string | boolean | undefined): unknown {
  if (raw === undefined || typeof raw !== 'string') return undefined;
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

/** Write to stdout honouring back-pressure for large outputs. */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text.endsWith('\n') ? text : text + '\n')) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}
