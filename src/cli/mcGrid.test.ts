/**
 * mc-grid: byte-identical outputs for 1 vs 2 workers, for shards merged vs one run, and for a run
 * killed halfway and resumed vs an uninterrupted one; refusal of a mismatched output directory.
 * Runs the compiled script alias (dist/scripts/mc-grid.js: `npm run build` first), and checks that
 * `dst-verify mc-grid` is the same command.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGridConfig } from '../grid/grid.js';
import { resolveShard, inShard } from '../grid/shard.js';
import { specFromFlags } from '../grid/cli.js';
import { cellChecksum } from '../grid/files.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'dist', 'scripts', 'mc-grid.js');
const MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
let tmp = '';
let grid = '';

/** 12 cells (n = 2 and n = 3, fixed and uniform starts), about 0.1 s each on one core. */
const GRID = { beta: [0.5, 1, 2], d: [3, 5], n: [2, 3], depth: 500, horizon: 10, paths: 200, seed: 42 };
const CELLS = 12;

function mcGrid(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', env: { ...cleanEnv(), ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The environment without scheduler variables that would shard the test runs, and with the
 * recorded commit pinned (others may commit to this checkout while the test runs).
 */
function cleanEnv(): Record<string, string> {
  const env = { ...process.env, DST_VERIFY_COMMIT: 'test-commit' } as Record<string, string>;
  for (const k of ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX', 'MC_GRID_SHARDS']) delete env[k];
  return env;
}

/** Every deterministic file of an output directory (timing/ and provenance/ left out) → bytes. */
function deterministicFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const rel = relative(dir, p);
      if (rel === 'timing' || rel === 'provenance') continue;
      if (statSync(p).isDirectory()) walk(p);
      else out.set(rel, readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** The last CSV column, `sampling`, of every row of DIR/results.csv (no field of ours holds a comma). */
function samplingColumn(dir: string): string[] {
  const [header, ...rows] = readFileSync(join(dir, 'results.csv'), 'utf8').trim().split('\n');
  expect(header.split(',').at(-1)).toBe('sampling');
  return rows.map((r) => r.split(',').at(-1)!);
}

function expectSameOutput(a: string, b: string): void {
  const fa = deterministicFiles(a);
  const fb = deterministicFiles(b);
  expect([...fb.keys()].sort()).toEqual([...fa.keys()].sort());
  expect(fa.has('results.json') && fa.has('results.csv') && fa.has('run.json')).toBe(true);
  for (const [name, text] of fa) expect(fb.get(name), name).toBe(text);
}

beforeAll(() => {
  if (!existsSync(SCRIPT)) throw new Error(`${SCRIPT} not found: run \`npm run build\` first`);
  tmp = mkdtempSync(join(tmpdir(), 'mc-grid-test-'));
  grid = join(tmp, 'grid.json');
  writeFileSync(grid, JSON.stringify(GRID));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('grid, shard and flag parsing', () => {
  it('expands axes with beta varying fastest and fills defaults', () => {
    const c = buildGridConfig({ beta: [0.5, 1], d: [3, 4] });
    expect(c.cells.map((x) => [x.d, x.beta])).toEqual([[3, 0.5], [3, 1], [4, 0.5], [4, 1]]);
    expect(c.cells[0]).toEqual({ n: 2, d: 3, beta: 0.5, sigma: 1, gamma: 0, depth: 2000, horizon: 20, law: 'gaussian', rho0: 0, paths: 1000 });
    expect(buildGridConfig({ beta: 1, d: 3, n: 4 }).cells[0].rho0).toBeNull();
    expect(buildGridConfig({ cells: [{ beta: 1, d: 3 }, { beta: 2, d: 6, n: 4 }], paths: 10 }).cells.map((x) => [x.n, x.paths])).toEqual([[2, 10], [4, 10]]);
  });
  it('rejects bad grids naming the cell and parameter', () => {
    expect(() => buildGridConfig({ beta: 1 })).toThrow(/invalid d/);
    expect(() => buildGridConfig({ beta: 1, d: [3, 1] })).toThrow(/cell 1 d/);
    expect(() => buildGridConfig({ beta: 1, d: 3, rho0: 1 })).toThrow(/rho0/);
    expect(() => buildGridConfig({ beta: 1, d: 3, law: 'cauchy' })).toThrow(/law/);
  });
  it('parses flags: comma lists become axes, run-wide keys stay single', () => {
    expect(specFromFlags({ beta: '0.5,1,2', d: '3', rho0: '-0.5,uniform' })).toEqual({ beta: [0.5, 1, 2], d: 3, rho0: [-0.5, 'uniform'] });
    expect(() => specFromFlags({ seed: '1,2' })).toThrow(/single value/);
  });
  it('takes the shard from --shard or from SLURM / Kubernetes variables with a count', () => {
    expect(resolveShard({ shard: '2/8' }, {})).toEqual({ index: 2, count: 8 });
    expect(resolveShard({ shards: '8' }, { SLURM_ARRAY_TASK_ID: '3' })).toEqual({ index: 3, count: 8 });
    expect(resolveShard({}, { JOB_COMPLETION_INDEX: '1', MC_GRID_SHARDS: '4' })).toEqual({ index: 1, count: 4 });
    expect(resolveShard({ shard: '0/1' }, {})).toBeNull();
    expect(resolveShard({}, {})).toBeNull();
    expect(() => resolveShard({}, { SLURM_ARRAY_TASK_ID: '3' })).toThrow(/shard count/);
    expect(() => resolveShard({ shards: '4' }, { SLURM_ARRAY_TASK_ID: '4' })).toThrow(/0 … 3/);
    expect(() => resolveShard({ shard: '1-4' }, {})).toThrow(/i\/N/);
    const shards = [0, 1, 2].map((index) => ({ index, count: 3 }));
    for (let i = 0; i < 10; i++) expect(shards.filter((s) => inShard(i, s))).toHaveLength(1);
  });
});

describe('mc-grid runs', () => {
  it('gives identical files with 1 and 2 workers', () => {
    const one = mcGrid(['--grid', grid, '--out', join(tmp, 'w1'), '--workers', '1', '--quiet']);
    expect(one.status, one.stderr).toBe(0);
    const two = mcGrid(['--grid', grid, '--out', join(tmp, 'w2'), '--workers', '2', '--quiet']);
    expect(two.status, two.stderr).toBe(0);
    expectSameOutput(join(tmp, 'w1'), join(tmp, 'w2'));
    const results = JSON.parse(readFileSync(join(tmp, 'w1', 'results.json'), 'utf8'));
    expect(results.complete).toBe(true);
    expect(results.cells).toHaveLength(CELLS);
    expect(results.holm.tests).toBe(6); // the n = 2 cells
    expect(results.cells.find((c: { params: { n: number } }) => c.params.n === 3).twoTokens).toBeNull();
    expect(readFileSync(join(tmp, 'w1', 'results.csv'), 'utf8').trim().split('\n')).toHaveLength(CELLS + 1);
    // The cells ask for final cosines, so the Gram-state kernel runs and is recorded (JSON, CSV).
    expect(results.cells.map((c: { sampling: string }) => c.sampling)).toEqual(new Array(CELLS).fill('gram-state'));
    expect(samplingColumn(join(tmp, 'w1'))).toEqual(new Array(CELLS).fill('gram-state'));
    // The finer end states add up to the legacy counts; formation times are resolved to the stride.
    for (const c of results.cells) {
      const e = c.endStates;
      expect(e.oneCluster.count + e.twoGroups.count + e.clusters.count + e.undecided.count).toBe(c.params.paths);
      expect(e.twoGroups.count).toBe(c.antipodal.count);
      expect(e.clusters.count + e.undecided.count).toBe(c.undecided.count);
      expect(e.groupSizes.reduce((s: number, g: { frequency: { count: number } }) => s + g.frequency.count, 0)).toBe(c.antipodal.count);
      expect(e.formationTime.strideLayers).toBe(5); // ⌈500 / 100⌉
      if (e.twoGroups.count > 0) expect(e.formationTime.twoGroups.runs).toBe(e.twoGroups.count);
    }
  });

  it('merges shards (flag, Slurm and Kubernetes indices) into the bytes of one run', () => {
    const s0 = mcGrid(['--grid', grid, '--out', join(tmp, 's0'), '--workers', '1', '--shard', '0/3', '--quiet']);
    const s1 = mcGrid(['--grid', grid, '--out', join(tmp, 's1'), '--workers', '2', '--shards', '3', '--quiet'], { SLURM_ARRAY_TASK_ID: '1' });
    for (const r of [s0, s1]) expect(r.status, r.stderr).toBe(0);
    // Merging before the last shard exists fails and names the missing cells.
    const early = mcGrid(['merge', join(tmp, 's0'), join(tmp, 's1'), '--out', join(tmp, 'early')]);
    expect(early.status).toBe(1);
    expect(early.stderr).toMatch(/lack 4 of 12 cells: 2, 5, 8, 11/);
    const s2 = mcGrid(['--grid', grid, '--out', join(tmp, 's2'), '--workers', '1', '--quiet'], { JOB_COMPLETION_INDEX: '2', MC_GRID_SHARDS: '3' });
    expect(s2.status, s2.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp, 's2', 'results.json'), 'utf8')).cells.map((c: { index: number }) => c.index)).toEqual([2, 5, 8, 11]);
    const merged = mcGrid(['merge', join(tmp, 's0'), join(tmp, 's1'), join(tmp, 's2'), '--out', join(tmp, 'merged'), '--quiet']);
    expect(merged.status, merged.stderr).toBe(0);
    expectSameOutput(join(tmp, 'w1'), join(tmp, 'merged'));
  });

  it('records the sampling the chain used: matrix where the Gram-state kernel does not apply (uniform entries)', () => {
    const out = join(tmp, 'laws');
    const r = mcGrid(['--beta', '1', '--d', '3', '--law', 'gaussian,uniform', '--paths', '20', '--depth', '20', '--horizon', '1', '--out', out, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const cells = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).cells;
    expect(cells.map((c: { params: { law: string }; sampling: string }) => [c.params.law, c.sampling])).toEqual([['gaussian', 'gram-state'], ['uniform', 'matrix']]);
    expect(samplingColumn(out)).toEqual(['gram-state', 'matrix']);
  });

  it('merges shards whose cells were written before the sampling was recorded: that column is then empty', () => {
    // s0 as an older version wrote it: the same cells without `sampling` (checksums recomputed).
    const old = join(tmp, 's0-old');
    cpSync(join(tmp, 's0'), old, { recursive: true });
    for (const name of readdirSync(join(old, 'cells'))) {
      const { checksum: _, sampling: __, ...body } = JSON.parse(readFileSync(join(old, 'cells', name), 'utf8'));
      writeFileSync(join(old, 'cells', name), JSON.stringify({ ...body, checksum: cellChecksum(JSON.stringify(body, null, 2) + '\n') }, null, 2) + '\n');
    }
    const merged = mcGrid(['merge', old, join(tmp, 's1'), join(tmp, 's2'), '--out', join(tmp, 'merged-old'), '--quiet']);
    expect(merged.status, merged.stderr).toBe(0);
    const cells = JSON.parse(readFileSync(join(tmp, 'merged-old', 'results.json'), 'utf8')).cells;
    const shard0 = (i: number) => i % 3 === 0;
    expect(cells.map((c: { index: number; sampling?: string }) => c.sampling ?? null)).toEqual(cells.map((c: { index: number }) => (shard0(c.index) ? null : 'gram-state')));
    expect(samplingColumn(join(tmp, 'merged-old'))).toEqual(cells.map((c: { index: number }) => (shard0(c.index) ? '' : 'gram-state')));
    // Everything else is as in one run.
    const one = JSON.parse(readFileSync(join(tmp, 'w1', 'results.json'), 'utf8')).cells;
    expect(cells.map(({ sampling: _, ...c }: { sampling?: string }) => c)).toEqual(one.map(({ sampling: _, ...c }: { sampling?: string }) => c));
  });

  it('resumes a run killed halfway to the bytes of an uninterrupted run', async () => {
    const out = join(tmp, 'killed');
    const child = spawn(process.execPath, [SCRIPT, '--grid', grid, '--out', out, '--workers', '1', '--quiet'], { env: cleanEnv(), stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const cellsDir = join(out, 'cells');
    const done = () => (existsSync(cellsDir) ? readdirSync(cellsDir).filter((f) => f.endsWith('.json')).length : 0);
    while (done() < 3 && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await exited;
    const before = done();
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(CELLS); // really interrupted
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    const resumed = mcGrid(['--grid', grid, '--out', out, '--workers', '2', '--quiet']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resuming: ${before} of ${CELLS} cells already in`);
    expect(resumed.stderr).toContain(`${CELLS - before} cells computed, ${before} resumed`);
    expectSameOutput(join(tmp, 'w1'), out);
    // A rerun of a finished directory computes nothing and changes nothing.
    const again = mcGrid(['--grid', grid, '--out', out, '--quiet']);
    expect(again.stderr).toContain(`0 cells computed, ${CELLS} resumed`);
    expectSameOutput(join(tmp, 'w1'), out);
  });

  it('refuses an output directory of another configuration, naming the difference', () => {
    const r = mcGrid(['--grid', grid, '--paths', '201', '--out', join(tmp, 'w1')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/another configuration/);
    expect(r.stderr).toMatch(/config\.cells\[0\]\.paths: 200 ≠ 201/);
  });

  it('reports usage errors with status 2', () => {
    const noCount = mcGrid(['--grid', grid, '--out', join(tmp, 'x')], { SLURM_ARRAY_TASK_ID: '0' });
    expect(noCount.status).toBe(2);
    expect(noCount.stderr).toMatch(/SLURM_ARRAY_TASK_ID.*shard count/);
    const noOut = mcGrid(['--beta', '1', '--d', '3']);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toMatch(/--out DIR is required/);
  });

  it('is the subcommand `dst-verify mc-grid`: the same bytes as the script alias', () => {
    const viaScript = mcGrid(['--grid', grid, '--shard', '0/6', '--out', join(tmp, 'alias-script'), '--quiet']);
    const viaMain = spawnSync(process.execPath, [MAIN, 'mc-grid', '--grid', grid, '--shard', '0/6', '--out', join(tmp, 'alias-main'), '--quiet'], { encoding: 'utf8', env: cleanEnv() });
    expect(viaScript.status).toBe(0);
    expect(viaMain.status).toBe(0);
    expect(deterministicFiles(join(tmp, 'alias-main'))).toEqual(deterministicFiles(join(tmp, 'alias-script')));
  });
});

describe('mc-grid output directories are safe to share', () => {
  /** A pid that was alive and is now dead. */
  const deadPid = () => spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout.trim();
  const copyOfW1 = (name: string) => {
    const dir = join(tmp, name);
    cpSync(join(tmp, 'w1'), dir, { recursive: true });
    return dir;
  };
  const cell0 = (dir: string) => join(dir, 'cells', 'cell-000000.json');

  it('a second run on a directory in use refuses, naming the holder; a stale lock is taken over', () => {
    const dir = copyOfW1('locked');
    const lock = { pid: process.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'mc-grid run' };
    writeFileSync(join(dir, '.lock'), JSON.stringify(lock));
    const r = mcGrid(['--grid', grid, '--out', dir, '--quiet']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`is in use by mc-grid run \\(pid ${process.pid} on .*since 2026-01-01.*\\); wait for it to finish, pass --wait`));
    writeFileSync(join(dir, '.lock'), JSON.stringify({ ...lock, pid: Number(deadPid()) }));
    const again = mcGrid(['--grid', grid, '--out', dir, '--quiet']);
    expect(again.status, again.stderr).toBe(0);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('concurrent runs with --wait on one directory never lose or corrupt a cell', async () => {
    const out = join(tmp, 'shared');
    const runs = [0, 1, 2].map(
      () =>
        new Promise<number | null>((resolve) => {
          const c = spawn(process.execPath, [SCRIPT, '--grid', grid, '--out', out, '--workers', '1', '--quiet', '--wait'], { env: cleanEnv(), stdio: 'ignore' });
          c.once('exit', (code) => resolve(code));
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0]);
    expectSameOutput(join(tmp, 'w1'), out);
  });

  it('keeps the temporary files of a live process and removes those of a dead one', () => {
    const dir = copyOfW1('tmpfiles');
    const live = join(dir, 'cells', `cell-000000.json.${process.pid}.tmp`);
    const dead = join(dir, 'cells', `cell-000001.json.${deadPid()}.tmp`);
    writeFileSync(live, '{"partial":');
    writeFileSync(dead, '{"partial":');
    expect(mcGrid(['--grid', grid, '--out', dir, '--quiet']).status).toBe(0);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(dead)).toBe(false);
  });

  it('a hand-edited, inconsistent or truncated cell is named and recomputed on resume, and refused by merge', () => {
    const dir = copyOfW1('edited');
    const text = readFileSync(cell0(dir), 'utf8');
    const cell = JSON.parse(text);
    // 999 antipodal out of 200 paths: first as a plain edit (checksum mismatch), then with the
    // checksum recomputed (the consistency check catches it).
    writeFileSync(cell0(dir), text.replace(`"count": ${cell.antipodal.count},`, '"count": 999,'));
    let r = mcGrid(['--grid', grid, '--out', dir, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/bad cell file .*cell-000000\.json: checksum mismatch \(edited or corrupted\); recomputing it/);
    expectSameOutput(join(tmp, 'w1'), dir);
    const { checksum: _, ...body } = cell;
    body.antipodal.count = 999;
    const forged = JSON.stringify(body, null, 2) + '\n';
    writeFileSync(cell0(dir), JSON.stringify({ ...body, checksum: cellChecksum(forged) }, null, 2) + '\n');
    r = mcGrid(['--grid', grid, '--out', dir, '--quiet']);
    expect(r.stderr).toMatch(/cell-000000\.json: cell\.antipodal\.count = 999 is not a count in \[0, 200\]/);
    expectSameOutput(join(tmp, 'w1'), dir);
    // A truncated cell: merge refuses it, naming the file.
    writeFileSync(cell0(dir), text.slice(0, 100));
    const m = mcGrid(['merge', dir, '--out', join(tmp, 'merged-bad')]);
    expect(m.status).toBe(1);
    expect(m.stderr).toMatch(/bad cell file .*edited\/cells\/cell-000000\.json: not complete JSON .*truncated/);
  });

  it('refuses --out that is empty, a file, or on /proc', () => {
    expect(mcGrid(['--grid', grid, '--out', '']).stderr).toMatch(/invalid --out: got ""/);
    expect(mcGrid(['--grid', grid, '--out', grid]).stderr).toMatch(/a directory, not an existing file/);
    expect(mcGrid(['--grid', grid, '--out', '/proc/x']).stderr).toMatch(/not \/proc/);
  });
});

