/**
 * A fast start (whole-process times: `npm run bench -- --only startup`): `--help` and a small
 * `simulate` must not load the heavy modules — plotting (vega, resvg), mathjs, the claims and
 * specs, the process machinery for external simulators (execa), the progress bar. Checked on the
 * module graph itself, recorded by a resolve hook, so the test does not depend on timing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dst-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'hooks.mjs'), "export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.startsWith('file:')) process.stderr.write('LOADED ' + r.url + '\\n'); return r; }\n");
writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);

/** The file URLs that `dst-verify ...args` resolves. */
async function modulesLoaded(...args: string[]): Promise<string[]> {
  const r = await execa('node', ['--import', join(dir, 'register.mjs'), MAIN, ...args], { reject: false });
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7));
}

const HEAVY = [/node_modules\/vega/, /node_modules\/@resvg/, /node_modules\/mathjs/, /node_modules\/execa/, /node_modules\/cli-progress/, /\/dist\/specs\//, /\/src\/claims\/(runner|reference|arbitraries|draws)/, /\/src\/theory\//, /\/src\/report\/(figures|render|report)/];

describe('start-up loads only what the command needs', () => {
  for (const args of [['--help'], ['simulate', '--n', '2', '--d', '3', '--depth', '100']]) {
    test(`dst-verify ${args.join(' ')}`, async () => {
      const loaded = await modulesLoaded(...args);
      expect(loaded.length).toBeGreaterThan(5); // the hook saw the graph
      expect(loaded.filter((u) => HEAVY.some((h) => h.test(u)))).toEqual([]);
    });
  }

  test('the check can fail: verify loads the claims and specs', async () => {
    const loaded = await modulesLoaded('verify', '--only', 'identical-tokens', '--json');
    expect(loaded.filter((u) => HEAVY.some((h) => h.test(u))).length).toBeGreaterThan(0);
  });
});
