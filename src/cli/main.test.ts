/** End-to-end tests of the built CLI (npm test builds dist/ first). */
import { describe, expect, test } from 'vitest';
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const cli = (...args: string[]) => execa('node', [MAIN, ...args], { reject: false });

describe('dst-verify CLI', () => {
  test('simulate --json prints unit-norm tokens, identical across two runs', async () => {
    const args = ['simulate', '--n', '2', '--d', '3', '--depth', '200', '--beta', '1', '--seed', '7', '--json'];
    const a = await cli(...args);
    const b = await cli(...args);
    expect(a.exitCode).toBe(0);
    const ja = JSON.parse(a.stdout);
    const jb = JSON.parse(b.stdout);
    expect(ja.paths[0].tokens).toEqual(jb.paths[0].tokens);
    expect(ja.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(ja.seed).toBe(7);
    expect(ja.config).toMatchObject({ n: 2, d: 3, depth: 200, beta: 1, seed: 7 });
    for (const t of ja.paths[0].tokens as number[][]) expect(Math.hypot(...t)).toBeCloseTo(1, 12);
  });

  test('simulate --workers 1 and --workers 2 print identical tokens (worker-count invariance)', async () => {
    const args = ['simulate', '--n', '3', '--d', '5', '--depth', '50', '--beta', '1.5', '--seed', '11', '--paths', '5', '--json'];
    const one = await cli(...args, '--workers', '1');
    const two = await cli(...args, '--workers', '2');
    const here = await cli(...args);
    expect(one.exitCode).toBe(0);
    expect(two.exitCode).toBe(0);
    const tokens = (r: { stdout: string }) => (JSON.parse(r.stdout) as { paths: { tokens: number[][] }[] }).paths.map((p) => p.tokens);
    expect(tokens(one)).toHaveLength(5);
    expect(tokens(two)).toEqual(tokens(one));
    expect(tokens(here)).toEqual(tokens(one));
    const bad = await cli('simulate', '--workers', '0');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/invalid --workers: got "0"; expected an integer >= 1/);
  });

  test('the RMS sphere returns tokens of norm √d', async () => {
    const r = await cli('simulate', '--n', '3', '--d', '4', '--depth', '10', '--sphere', 'rms', '--json');
    for (const t of JSON.parse(r.stdout).paths[0].tokens as number[][]) expect(Math.hypot(...t)).toBeCloseTo(2, 12);
  });

  test('the readable summary names clusters and antipodal pairs', async () => {
    const r = await cli('simulate', '--n', '2', '--d', '3', '--depth', '100', '--paths', '3');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/path 0: .*clusters=\d antipodal pairs=\d/);
    expect(r.stdout).toMatch(/formations over 3 paths/);
  });

  const bad: [string[], RegExp][] = [
    [['--n', '0'], /invalid n: got 0/],
    [['--n', '2.5'], /invalid --n: got "2.5"; expected an integer/],
    [['--d', '1'], /invalid d: got 1; expected an integer in \[2, 4096\]/],
    [['--depth', '0'], /invalid depth: got 0/],
    [['--horizon', '-1'], /invalid horizon: got -1; expected a finite number > 0/],
    [['--beta', 'abc'], /invalid --beta: got "abc"; expected a finite number/],
    [['--beta', 'Infinity'], /invalid --beta: got "Infinity"/],
    [['--sigma', '-2'], /invalid sigma: got -2/],
    [['--gamma', 'NaN'], /invalid --gamma: got "NaN"/],
    [['--law', 'cauchy'], /invalid --law: got "cauchy"; expected one of gaussian, uniform, rademacher/],
    [['--sphere', 'torus'], /invalid --sphere: got "torus"/],
    [['--init', '[[1,0,0]]'], /invalid initialTokens: got an array of length 1; expected a 2x3 matrix/],
    [['--init', '[[1,0,0],[0,0,0]]'], /invalid initialTokens\[1\]: got "a zero vector"/],
    [['--query', '[[1,0],[0,1]]'], /invalid query/],
    [['--key', '{oops'], /invalid --key: got "\{oops"; expected valid JSON/],
    [['--seed', '-1'], /invalid seed: got -1/],
    [['--bogus'], /unknown option --bogus \(see: dst-verify simulate --help\)/],
    [['--n', '2', '--n', '3'], /--n is given more than once/],
    [['stray'], /unexpected argument "stray"/],
  ];
  test.each(bad)('simulate %j exits 2 with one line and no stack', async (args, msg) => {
    const r = await cli('simulate', ...args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('unknown command and help', async () => {
    const u = await cli('frobnicate');
    expect(u.exitCode).toBe(2);
    expect(u.stderr).toMatch(/unknown command "frobnicate"/);
    const h = await cli('--help');
    expect(h.exitCode).toBe(0);
    expect(h.stdout).toMatch(/simulate/);
    const hs = await cli('simulate', '--help');
    expect(hs.stdout).toMatch(/--depth L/);
  });
});

describe('dst-verify theory and verify', () => {
  test('theory --json has the documented keys and the sanity value', async () => {
    const r = await cli('theory', '--d', '3', '--beta', '1', '--horizon', '40', '--json');
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const k of ['lambdaPlus', 'lambdaMinus', 'antipodalAttracts', 'criticalBeta', 'criticalDimension', 'maxAttractingDimension', 'antipodalProbability', 'collapseProbability', 'finiteTime']) {
      expect(j).toHaveProperty(k);
    }
    expect(j.antipodalProbability).toBeCloseTo(0.2224, 3);
    expect(j.finiteTime.horizon).toBe(40);
  });

  test('theory --n adds the (k, n − k) antipodal-group table', async () => {
    const j = JSON.parse((await cli('theory', '--d', '6', '--beta', '1.1', '--n', '3', '--json')).stdout);
    expect(j.groups).toHaveLength(1);
    expect(j.groups[0].sizes).toEqual([1, 2]);
    expect(j.groups[0].criticalBeta).toBeGreaterThan(j.criticalBeta); // unequal groups need a larger β
    const text = await cli('theory', '--d', '6', '--beta', '1.1', '--n', '4');
    expect(text.stdout).toMatch(/two antipodal groups of n = 4 tokens/);
    expect((await cli('theory', '--n', '1')).exitCode).toBe(2);
  });

  test('theory rejects bad input with exit 2', async () => {
    const r = await cli('theory', '--d', '3', '--rho0', '1');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/invalid rho0/);
  });

  test('verify --only runs the chosen claims and exits 0 with one JSON entry each', async () => {
    const r = await cli('verify', '--only', 'sphere-invariance,noncollapse-two-tokens', '--json');
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.results.map((x: { id: string }) => x.id)).toEqual(['sphere-invariance', 'noncollapse-two-tokens']);
    expect(j.ok).toBe(true);
  });

  test('verify rejects an unknown tier or claim id with exit 2', async () => {
    expect((await cli('verify', '--tier', 'huge')).exitCode).toBe(2);
    const u = await cli('verify', '--only', 'nope');
    expect(u.exitCode).toBe(2);
    expect(u.stderr).toMatch(/unknown claim id "nope"/);
  });
});
