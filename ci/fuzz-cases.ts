/**
 * Command lines for the fuzz suite (ci/fuzz.ts, ci/fuzz.test.ts), generated with fast-check from
 * the flag declarations of every dst-verify command (src/util/args.ts specs): values inside, at and
 * beyond each flag's limits, malformed numbers, hostile paths, unknown and repeated flags, stray
 * words. And what every run must satisfy, whatever its arguments (see {@link judgeRun}).
 *
 * Commands that take minutes when given valid arguments (verify, conform, report, plot,
 * experiment, mc-grid) always get at least one invalid element, so each case ends within the time
 * bound; simulate and theory may run for real, with sizes kept small where the flag sets the work.
 */
import fc from 'fast-check';
import { commandRegistry } from '../src/cli/registry.js';
import { simulateCommand } from '../src/cli/simulate.js';
import { MC_GRID_MERGE, MC_GRID_RUN } from '../src/cli/mcGrid.js';
import type { FlagSpec, FlagSpecs } from '../src/util/args.js';

export interface FuzzCase {
  argv: string[];
  /** True when some element is invalid on purpose: the run must then be refused (exit 2). */
  mustRefuse: boolean;
}

/** Paths no output may be written to: each must be refused before any work. */
export const HOSTILE_PATHS = ['', ' ', '/proc/x', '/proc/self/status', '/sys', '/sys/kernel/x.json', '/dev/sda', '/dev/null/x', '/nonexistent/dir/out', '--', 'x'.repeat(5000), `${'d/'.repeat(3000)}out`];
/** Odd but valid relative names (runs start in a fresh temporary directory). */
const ODD_PATHS = ['out.json', '-', 'a\nb.json', 'r\u00e9sultat.svg', 'with space.png', 'dir'];
/** Not a finite number in any reading. */
const NOT_A_NUMBER = ['', ' ', 'abc', 'NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '1_000', '1,2', '[]', '{}', 'null', '💥'];

/** Flags whose value multiplies the work of a valid run: kept small when valid. */
const WORK_FLAGS: Record<string, number> = { paths: 50, depth: 200, n: 8, d: 16, seeds: 1, reps: 1, repeat: 1, horizon: 20, 'snapshot-stride': 50 };

/** Commands whose valid runs are fast enough to run for real. */
const RUNNABLE = new Set(['simulate', 'theory']);

interface Program {
  name: string;
  prefix: string[];
  flags: FlagSpecs;
  positional?: string[];
}

/** Every program with its flags: the dst-verify commands and mc-grid run / merge. */
export async function programs(): Promise<Program[]> {
  const commands = [simulateCommand, ...(await commandRegistry())];
  return [
    ...commands.map((c) => ({ name: c.name, prefix: [c.name], flags: c.options, positional: c.name === 'plot' ? ['phase-diagram', 'convergence', 'cosine-trajectories', 'nope'] : c.name === 'experiment' ? ['noise-ablation', 'nope'] : undefined })),
    { name: 'mc-grid', prefix: ['mc-grid'], flags: MC_GRID_RUN.flags },
    { name: 'mc-grid merge', prefix: ['mc-grid', 'merge'], flags: MC_GRID_MERGE.flags, positional: ['/nonexistent', '.', '/proc'] },
  ];
}

/** A value for a flag: [text, invalid?]. */
function value(name: string, spec: FlagSpec, runnable: boolean): fc.Arbitrary<[string, boolean]> {
  const bad = (a: fc.Arbitrary<string>) => a.map((v) => [v, true] as [string, boolean]);
  const good = (a: fc.Arbitrary<string>) => a.map((v) => [v, false] as [string, boolean]);
  if (spec.type === 'boolean') return fc.constant(['', false]);
  if (spec.type === 'string') {
    const isPath = /FILE|DIR/.test(spec.value ?? '');
    const valid = spec.choices ? good(fc.constantFrom(...spec.choices)) : isPath ? good(fc.constantFrom(...ODD_PATHS)) : good(fc.constantFrom('1', '2', '0.5,1'));
    // '§' makes any string invalid for every string flag (no number, claim id, choice or command
    // starts with it); a command line cannot carry NUL bytes.
    const junk = fc.string({ maxLength: 20 }).map((x) => '§' + x.replace(/\0/g, ''));
    if (isPath) return fc.oneof(valid, bad(fc.constantFrom(...HOSTILE_PATHS)));
    return fc.oneof(valid, bad(junk));
  }
  const lo = spec.min ?? -1e6;
  const hi = spec.max ?? 1e6;
  const work = runnable && WORK_FLAGS[name] !== undefined;
  const cap = work ? Math.min(hi, Math.max(lo, WORK_FLAGS[name])) : hi;
  const inside = spec.type === 'integer' ? fc.integer({ min: Math.ceil(Math.max(lo, -1e6)), max: Math.floor(Math.min(cap, 1e6)) }).map(String) : fc.double({ min: Math.max(lo, -1e6), max: Math.min(cap, 1e6), noNaN: true }).map(String);
  // Surely invalid: beyond a declared limit, or not a finite number at all.
  const beyond: string[] = [...NOT_A_NUMBER];
  if (spec.min !== undefined) beyond.push(String(spec.min - 1));
  if (spec.max !== undefined) beyond.push(String(spec.max + 1), String(spec.max * 10 + 1));
  if (spec.type === 'integer') beyond.push('2.5', '1e20');
  // Odd: may be valid or refused further down (by the library's own checks); never counted as
  // invalid. Huge values are left out where they would make a valid run take minutes.
  const odd = work ? ['-0', '0'] : ['1e9', '1e12', '-1e9', '1e308', '0x10', '-0', '1e-400'];
  return fc.oneof({ weight: 3, arbitrary: good(inside) }, bad(fc.constantFrom(...beyond)), good(fc.constantFrom(...odd)));
}

/** One fuzz case for `program`. */
export function fuzzCase(program: Program): fc.Arbitrary<FuzzCase> {
  const runnable = RUNNABLE.has(program.name);
  const names = Object.keys(program.flags);
  const flag = fc.constantFrom(...names).chain((n) => value(n, program.flags[n], runnable).map(([v, invalid]) => ({ n, v, invalid, bool: program.flags[n].type === 'boolean' })));
  const extra: fc.Arbitrary<{ args: string[]; invalid: boolean }> = fc.oneof(
    fc.constant({ args: ['--no-such-flag'] as string[], invalid: true as boolean }),
    fc.constant({ args: ['stray-word'] as string[], invalid: true as boolean }),
    fc.constantFrom(...names).map((n) => ({ args: program.flags[n].type === 'boolean' ? [`--${n}`, `--${n}`] : [`--${n}`, '1', `--${n}`, '2'], invalid: true })),
    fc.constant({ args: ['--help'] as string[], invalid: false as boolean }),
  );
  return fc
    .record({
      flags: fc.uniqueArray(flag, { selector: (f) => f.n, maxLength: 5 }),
      positional: program.positional ? fc.constantFrom(...program.positional) : fc.constant(null),
      extra: fc.option(extra, { freq: 3 }),
      forced: fc.constantFrom(...names.filter((n) => program.flags[n].type !== 'boolean')).chain((n) => value(n, program.flags[n], false).filter(([, invalid]) => invalid).map(([v]) => ({ n, v }))),
    })
    .map(({ flags, positional, extra, forced }) => {
      const argv = [...program.prefix];
      if (positional !== null) argv.push(positional);
      let invalid = false;
      for (const f of flags) {
        argv.push(...(f.bool ? [`--${f.n}`] : [`--${f.n}`, f.v]));
        invalid ||= f.invalid;
      }
      const help = extra?.args[0] === '--help';
      if (extra) argv.push(...extra.args);
      invalid ||= extra?.invalid ?? false;
      // Slow commands: force one invalid value (replacing that flag if it was given).
      if (!runnable && !invalid && !help) {
        const i = argv.indexOf(`--${forced.n}`);
        if (i >= 0) argv.splice(i, program.flags[forced.n].type === 'boolean' ? 1 : 2);
        argv.push(`--${forced.n}`, forced.v);
        invalid = true;
      }
      return { argv, mustRefuse: invalid && !help && !runnable };
    });
}

/** Every program's cases, interleaved. */
export async function allCases(): Promise<fc.Arbitrary<FuzzCase>> {
  return fc.oneof(...(await programs()).map(fuzzCase));
}

export interface RunOutcome {
  code: number | null;
  signal: string | null;
  stderr: string;
  ms: number;
  /** Peak resident memory in KiB, when measurable. */
  maxRssKb: number | null;
  timedOut: boolean;
}

/** Limits every run must respect. */
export const LIMITS = { timeoutMs: 60_000, maxRssKb: 2_000_000, stderrLinesOnRefusal: 3 };

/** Problems with one run (empty: fine). */
export function judgeRun(c: FuzzCase, r: RunOutcome): string[] {
  const p: string[] = [];
  if (r.timedOut) p.push(`no exit within ${LIMITS.timeoutMs} ms (a hang)`);
  else if (r.code === null || ![0, 1, 2, 3].includes(r.code)) p.push(`exit ${r.code ?? r.signal}, not 0, 1, 2 or 3`);
  if (/\n\s+at .+:\d+:\d+\)?/.test(r.stderr) || /internal error/.test(r.stderr)) p.push('a stack trace or internal error on stderr');
  if (r.code === 2 && r.stderr.trim().split('\n').length > LIMITS.stderrLinesOnRefusal) p.push(`${r.stderr.trim().split('\n').length} lines on stderr for a usage error`);
  if (c.mustRefuse && !r.timedOut && r.code !== 2 && r.code !== 1) p.push(`an invalid element was accepted (exit ${r.code})`);
  if (r.maxRssKb !== null && r.maxRssKb > LIMITS.maxRssKb) p.push(`peak memory ${(r.maxRssKb / 1024).toFixed(0)} MiB over ${(LIMITS.maxRssKb / 1024).toFixed(0)} MiB`);
  return p;
}
