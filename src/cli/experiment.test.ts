/** The `experiment` command's user errors and help (the run itself is covered in src/training). */
import { describe, expect, test } from 'vitest';
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const cli = (...args: string[]) => execa('node', [MAIN, ...args], { reject: false });

describe('dst-verify experiment', () => {
  test.each([
    [[], /experiment needs a name: noise-ablation/],
    [['grokking'], /invalid experiment: got "grokking"/],
    [['noise-ablation', '--tier', 'huge'], /invalid --tier: got "huge"/],
    [['noise-ablation', '--seed', '-3'], /--seed/],
    [['noise-ablation', 'extra'], /unexpected argument "extra"/],
  ])('%j is a usage error: one line, exit status 2', async (args, message) => {
    const r = await cli('experiment', ...args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('--help lists the tiers and the output directory', async () => {
    const r = await cli('experiment', '--help');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/experiment noise-ablation \[--tier quick\|full\]/);
    expect(r.stdout).toMatch(/--out DIR/);
  });
});
