/** The `plot` and `report` commands (src/cli/plot.ts, src/cli/report.ts) through the built CLI (npm test builds dist/ first). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const cli = (...args: string[]) => execa('node', [MAIN, ...args], { reject: false });
const dir = mkdtempSync(join(tmpdir(), 'dst-plot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dst-verify plot', () => {
  test('--help lists the kinds and their options', async () => {
    const r = await cli('plot', '--help');
    expect(r.exitCode).toBe(0);
    for (const k of ['phase-diagram', 'phase-slices', 'convergence', 'cosine-trajectories', 'sphere-trajectories', 'n-token-frequency', 'n-token-group-sizes']) expect(r.stdout).toContain(k);
    expect(r.stdout).toMatch(/--beta-step S/);
    expect(r.stdout).toMatch(/--from FILE/);
  });

  test('a small phase diagram as SVG, and the same figure as PNG', async () => {
    const args = ['--tier', 'smoke', '--d-min', '3', '--d-max', '4', '--beta-max', '1', '--beta-step', '0.5', '--paths', '20', '--step', '0.1'];
    const svg = await cli('plot', 'phase-diagram', ...args, '--out', join(dir, 'p.svg'));
    expect(svg.exitCode, svg.stderr).toBe(0);
    expect(readFileSync(join(dir, 'p.svg'), 'utf8')).toContain('critical curve');
    const png = await cli('plot', 'phase-diagram', ...args, '--scale', '1', '--out', join(dir, 'p.png'));
    expect(png.exitCode, png.stderr).toBe(0);
    expect(readFileSync(join(dir, 'p.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  test('phase panels to d = 512 on a log axis: T = max(20, 5·d) and ⌈T/h⌉ layers, or one --horizon for all', async () => {
    const args = ['--tier', 'smoke', '--d-min', '64', '--beta-max', '1', '--beta-step', '1', '--paths', '10', '--step', '4'];
    const r = await cli('plot', 'phase-diagram', ...args, '--d-max', '512', '--out', join(dir, 'wide.svg'));
    expect(r.exitCode, r.stderr).toBe(0);
    const svg = readFileSync(join(dir, 'wide.svg'), 'utf8');
    expect(svg).toContain('dimension d (log scale)');
    for (const d of ['64', '128', '256', '512']) expect(svg).toContain(`>${d}</text>`);
    expect(svg).toContain('T = max(20, 5·d)');
    const fixed = await cli('plot', 'phase-slices', ...args, '--d-max', '128', '--horizon', '8', '--out', join(dir, 'fixed.svg'));
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    expect(readFileSync(join(dir, 'fixed.svg'), 'utf8')).toContain('T = 8, L = 2 layers');
  });

  test('sphere trajectories for a chosen n and β', async () => {
    const r = await cli('plot', 'sphere-trajectories', '--tier', 'smoke', '--n', '3', '--beta', '2', '--out', join(dir, 's.svg'));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 's.svg'), 'utf8')).toContain('n = 3 tokens');
  });

  const bad: [string[], RegExp][] = [
    [['plot', '--out', 'x.svg'], /missing figure kind; kinds: phase-diagram/],
    [['plot', 'histogram', '--out', 'x.svg'], /invalid kind: got "histogram"/],
    [['plot', 'phase-diagram'], /missing --out FILE.svg or FILE.png/],
    [['plot', 'phase-diagram', '--out', 'x.pdf'], /invalid --out extension: got "\.pdf"/],
    [['plot', 'convergence', '--n', '3', '--out', 'x.svg'], /--n does not apply to convergence/],
    [['plot', 'phase-diagram', '--beta-step', '0', '--out', 'x.svg'], /invalid --beta-step: got 0/],
    [['plot', 'phase-diagram', '--d-min', '1', '--out', 'x.svg'], /invalid --d-min: got 1/],
    [['plot', 'phase-diagram', '--depth', '200', '--out', 'x.svg'], /--depth does not apply to phase-diagram \(it applies to cosine-trajectories, sphere-trajectories\)/],
    [['plot', 'phase-diagram', '--step', '0', '--out', 'x.svg'], /invalid --step: got 0/],
    [['plot', 'cosine-trajectories', '--beta', '1,abc', '--out', 'x.svg'], /invalid --beta: got "abc"/],
    [['plot', 'convergence', '--from', '/nonexistent.json', '--out', 'x.svg'], /invalid --from/],
    [['plot', 'phase-diagram', '--tier', 'huge', '--out', 'x.svg'], /invalid --tier: got "huge"/],
    [['report'], /missing --out DIR/],
    [['report', '--out', 'r', '--seed', '-3'], /invalid --seed/],
    [['report', '--out', 'r', 'extra'], /unexpected argument "extra"/],
  ];
  test.each(bad)('%j exits 2 with one line', async (args, msg) => {
    const r = await cli(...args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
