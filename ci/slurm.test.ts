/**
 * The Slurm recipe: docs/ci.md shows ci/slurm/mc-grid-array.sbatch verbatim, the CI entry point
 * submits that very file, and the file itself (run as Slurm would run one array task, with the
 * task's environment) computes its shard, resumes it, and refuses to run without a shard count.
 * The real cluster run is `bash ci/slurm.sh` (root; .ci/run).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SBATCH = 'ci/slurm/mc-grid-array.sbatch';
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'slurm-recipe-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Run the batch script as Slurm runs one array task: bash, in the submit directory, with `env`. */
function task(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLURM_|MC_GRID_|JOB_COMPLETION_INDEX)/.test(k)));
  return spawnSync('bash', [SBATCH], { cwd: ROOT, env: { ...clean, ...env }, encoding: 'utf8', timeout: 60_000 });
}

describe('Slurm recipe', () => {
  it('docs/ci.md shows the batch script verbatim, and ci/slurm.sh and .ci/run run it', () => {
    const script = read(SBATCH);
    expect(read('docs/ci.md')).toContain('```bash\n' + script + '```');
    const entry = read('ci/slurm.sh');
    expect(entry).toMatch(new RegExp(`^SBATCH_SCRIPT=${SBATCH}$`, 'm'));
    expect(entry).toMatch(/sbatch --parsable --array="\$1"[^\n]*"\$SBATCH_SCRIPT"/);
    expect(read('.ci/run').match(/^run_entry slurm .*bash ci\/slurm\.sh$/gm)).toHaveLength(1);
  });

  it('refuses, in one line, to run without an array index or a shard count', () => {
    const noCount = task({ SLURM_ARRAY_TASK_ID: '0', MC_GRID_FILE: 'grid.json' });
    expect(noCount.status).not.toBe(0);
    expect(noCount.stderr.trim().split('\n')).toHaveLength(1);
    expect(noCount.stderr).toContain('MC_GRID_SHARDS');
    const noIndex = task({ MC_GRID_SHARDS: '2', MC_GRID_FILE: 'grid.json' });
    expect(noIndex.status).not.toBe(0);
    expect(noIndex.stderr).toContain('--array');
  });

  it('array task i of N computes the cells i (mod N) into MC_GRID_OUT/shard-i, and a rerun resumes', () => {
    const grid = join(tmp, 'grid.json');
    writeFileSync(grid, JSON.stringify({ n: [3, 4], d: [3], beta: [1, 2, 3], depth: 20, horizon: 2, paths: 8, seed: 5 }));
    const env = { SLURM_ARRAY_TASK_ID: '1', SLURM_CPUS_PER_TASK: '1', MC_GRID_SHARDS: '4', MC_GRID_FILE: grid, MC_GRID_OUT: tmp };
    const first = task(env);
    expect(first.stderr).toContain('shard 1/4');
    expect(first.status).toBe(0);
    expect(readdirSync(join(tmp, 'shard-1', 'cells')).sort()).toEqual(['cell-000001.json', 'cell-000005.json']);
    const again = task(env);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('0 cells computed, 2 resumed');
  });
});
