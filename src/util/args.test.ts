/** The shared command-line parser: typed values, ranges, and every kind of usage error. */
import { describe, expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { formatHelp, MAX_TIMER_MS, parseArgs, type ProgramSpec } from './args.js';
import { ConfigError, UsageError } from './errors.js';

const program = {
  name: 'demo',
  summary: 'an example program',
  usage: 'demo [--n N] [--beta B] [--law LAW] [--json] [--out FILE]',
  flags: {
    n: { type: 'integer', value: 'N', help: 'tokens', default: 2, min: 2, max: 64 },
    beta: { type: 'number', value: 'B', help: 'inverse temperature', min: 0 },
    law: { type: 'string', value: 'LAW', help: 'entry law', default: 'gaussian', choices: ['gaussian', 'uniform'] },
    'timeout-ms': { type: 'integer', value: 'MS', help: 'timeout', default: 1000, min: 1, max: MAX_TIMER_MS },
    json: { type: 'boolean', help: 'JSON output' },
    out: { type: 'string', value: 'FILE', help: 'output file' },
  },
} as const satisfies ProgramSpec;

const parse = (...argv: string[]) => {
  const r = parseArgs(program, argv);
  if (r.help) throw new Error('unexpected help');
  return r;
};

describe('parseArgs', () => {
  test('typed values with defaults', () => {
    expect(parse().values).toEqual({ n: 2, beta: undefined, law: 'gaussian', 'timeout-ms': 1000, json: false, out: undefined });
    expect(parse('--n', '8', '--beta=1.5', '--json', '--law', 'uniform').values).toMatchObject({ n: 8, beta: 1.5, json: true, law: 'uniform' });
  });

  test('a negative number is a value, not a flag', () => {
    expect(() => parse('--beta', '-1')).toThrow(/invalid --beta: got "-1"; expected a finite number >= 0/);
  });

  test('--help anywhere before -- asks for help, even next to mistakes', () => {
    expect(parseArgs(program, ['--bogus', '--help'])).toEqual({ help: true });
    expect(parseArgs(program, ['-h'])).toEqual({ help: true });
    expect(parseArgs({ ...program, positionals: { name: 'WORD' } }, ['--', '--help'])).toMatchObject({ help: false, positionals: ['--help'] });
  });

  const usage: [string[], RegExp][] = [
    [['--bogus'], /^unknown option --bogus \(see: demo --help\)$/],
    [['--jsn'], /unknown option --jsn \(did you mean --json\?\)/],
    [['-x'], /unknown option -x/],
    [['word'], /unexpected argument "word": demo takes no positional arguments/],
    [['--n', '3', '--n', '4'], /--n is given more than once/],
    [['--json', '--json'], /--json is given more than once/],
    [['--json=yes'], /--json takes no value/],
    [['--out'], /--out needs a value \(FILE\)/],
    [['--out', '--json'], /--out needs a value/],
  ];
  test.each(usage)('usage error %j', (argv, re) => {
    expect(() => parse(...argv)).toThrow(UsageError);
    expect(() => parse(...argv)).toThrow(re);
  });

  const values: [string[], RegExp][] = [
    [['--n', '1'], /invalid --n: got "1"; expected an integer in \[2, 64\]/],
    [['--n', '2.5'], /expected an integer in \[2, 64\]/],
    [['--n', ''], /invalid --n: got ""/],
    [['--beta', 'abc'], /expected a finite number >= 0/],
    [['--beta', 'Infinity'], /got "Infinity"/],
    [['--beta', 'NaN'], /got "NaN"/],
    [['--timeout-ms', '1e10'], /expected an integer in \[1, 2147483647\]/],
    [['--law', 'cauchy'], /expected one of gaussian, uniform/],
    [['--out', ''], /invalid --out: got ""; expected a non-empty value/],
  ];
  test.each(values)('bad value %j', (argv, re) => {
    expect(() => parse(...argv)).toThrow(ConfigError);
    expect(() => parse(...argv)).toThrow(re);
  });

  test('positional words within their declared count', () => {
    const p = { ...program, positionals: { name: 'DIR', min: 1, max: 2 } };
    expect(() => parseArgs(p, [])).toThrow(/missing DIR/);
    expect(parseArgs(p, ['a', '--json', 'b'])).toMatchObject({ positionals: ['a', 'b'] });
    expect(() => parseArgs(p, ['a', 'b', 'c'])).toThrow(/unexpected argument "c": demo takes at most 2 DIR/);
  });

  fcTest.prop([fc.array(fc.oneof(fc.constantFrom('--n', '--beta', '--json', '--out', '--law', '-h', '--', '='), fc.string()), { maxLength: 8 })])(
    'any argv gives values, help, or a one-line UsageError/ConfigError',
    (argv) => {
      try {
        parseArgs(program, argv);
      } catch (e) {
        expect(e instanceof UsageError || e instanceof ConfigError).toBe(true);
        expect((e as Error).message).not.toMatch(/\n/);
      }
    },
  );
});

test('formatHelp lists every flag with its range and default', () => {
  const help = formatHelp(program);
  expect(help).toMatch(/--n N\s+tokens; in \[2, 64\] \(default 2\)/);
  expect(help).toMatch(/--timeout-ms MS\s+timeout; in \[1, 2147483647\] \(default 1000\)/);
  expect(help).toMatch(/--help, -h/);
});
