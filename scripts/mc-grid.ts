/**
 * Monte Carlo confidence bounds of the statistical claims over a user-chosen grid.
 *
 *   node dist/scripts/mc-grid.js [run] (--grid grid.json | --beta 0.5,1,2 --d 3,4,6 …) --out DIR
 *        [--n 2] [--sigma 1] [--gamma 0] [--depth 2000] [--horizon 20] [--law gaussian] [--rho0 0]
 *        [--paths 1000] [--seed 0] [--threshold -0.99] [--tolerance 0.001] [--alpha 0.05] [--snapshots 100]
 *        [--workers K] [--shard i/N | --shards N] [--quiet]
 *   node dist/scripts/mc-grid.js merge DIR… --out DIR [--partial]
 *
 * Per cell: frequencies of two-antipodal-group, one-cluster and undecided end states with exact
 * Clopper–Pearson intervals, and the finer end states (k clusters, not clustered, the two group
 * sizes, time to formation with quantiles; src/grid/endStates.ts); for n = 2 also P(ρ_T < threshold) with the limit SDE's finite-time
 * probability, the long-run probability and the exact binomial p-value. Output: DIR/results.json,
 * DIR/results.csv, one file per finished cell (a rerun resumes), timings kept apart. See docs/ci.md.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, NumericalError } from '../src/util/errors.js';
import { CELL_KEYS, RUN_KEYS, buildGridConfig, mergeSpecs, type GridSpec } from '../src/grid/grid.js';
import { UsageError, parseFlags, specFromFlags } from '../src/grid/cli.js';
import { resolveShard } from '../src/grid/shard.js';
import { OutputDirError, runGrid } from '../src/grid/run.js';
import { mergeRuns } from '../src/grid/merge.js';
import { formatTable, type GridResults } from '../src/grid/results.js';
import { RESULTS_CSV, RESULTS_JSON } from '../src/grid/files.js';

const HELP = `mc-grid — Monte Carlo confidence bounds of the claims over a grid (exact intervals)

Usage:
  node dist/scripts/mc-grid.js [run] (--grid FILE | --beta LIST --d LIST ...) --out DIR [options]
  node dist/scripts/mc-grid.js merge DIR... --out DIR [--partial]

Grid (per cell; comma-separated lists are axes of a Cartesian product; flags override --grid):
  --beta LIST --d LIST          required (here or in the grid file)
  --n LIST (2)  --sigma LIST (1)  --gamma LIST (0)  --depth LIST (2000)  --horizon LIST (20)
  --law LIST (gaussian|uniform|rademacher)  --paths LIST (1000)
  --rho0 LIST (0)               starting cosine for n = 2 ("uniform": random starts); n > 2 starts uniformly
Run-wide:
  --seed S (0)                  cell i uses deriveSeed(S, [i]): independent of the other cells
  --threshold R (-0.99)         n = 2: the event rho_T < R is compared with theory
  --tolerance E (0.001)         classification tolerance (together: cos >= 1-E; antipodal: cos <= -1+E)
  --alpha A (0.05)              exact (1-A) intervals; Holm family-wise level over the n = 2 p-values
  --snapshots S (100)           cosine snapshots per cell (stride ceil(depth/S) layers) for the time to
                                formation; 0: none
Execution (results do not depend on these):
  --out DIR                     output directory; rerun with the same options to resume
  --workers K                   worker threads (default: all cores)
  --shard i/N                   run cells with index = i (mod N), 0 <= i < N
  --shards N                    shard count; the index then comes from SLURM_ARRAY_TASK_ID or
                                JOB_COMPLETION_INDEX (N also from MC_GRID_SHARDS)
  --quiet                       no table on stdout (the progress bar shows on a terminal only)

Grid file: {"beta": [0.5, 1, 2], "d": [3, 4, 6], "paths": 1000, "seed": 7}
       or: {"cells": [{"beta": 1, "d": 3}, {"beta": 2, "d": 6, "n": 4}], "paths": 500}
Exit status: 0 done, 1 run/merge failure (e.g. output directory of another configuration), 2 usage.`;

const RUN_OPTIONS = {
  ...Object.fromEntries([...CELL_KEYS, ...RUN_KEYS].map((k) => [k, { type: 'string' as const }])),
  grid: { type: 'string' as const },
  out: { type: 'string' as const },
  workers: { type: 'string' as const },
  shard: { type: 'string' as const },
  shards: { type: 'string' as const },
  quiet: { type: 'boolean' as const },
};
const MERGE_OPTIONS = { out: { type: 'string' as const }, partial: { type: 'boolean' as const }, quiet: { type: 'boolean' as const } };

function readGridFile(file: string): GridSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError('--grid', file, 'a readable JSON file');
  }
  try {
    const spec = JSON.parse(text) as unknown;
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new Error('not an object');
    return spec as GridSpec;
  } catch (e) {
    throw new ConfigError('--grid', file, `a JSON object (${(e as Error).message})`);
  }
}

function report(results: GridResults, out: string, quiet: boolean): void {
  if (!quiet) process.stdout.write(formatTable(results) + '\n');
  process.stdout.write(`wrote ${out}/${RESULTS_JSON} and ${out}/${RESULTS_CSV}\n`);
}

async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, RUN_OPTIONS);
  if (values.help) return (process.stdout.write(HELP + '\n'), 0);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (typeof values.out !== 'string') throw new UsageError('--out DIR is required');
  const fileSpec = typeof values.grid === 'string' ? readGridFile(values.grid) : {};
  const config = buildGridConfig(mergeSpecs(fileSpec, specFromFlags(values)));
  let workers: number | undefined;
  if (values.workers !== undefined) {
    workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1) throw new ConfigError('--workers', values.workers, 'an integer ≥ 1');
  }
  const shard = resolveShard({ shard: values.shard as string | undefined, shards: values.shards as string | undefined }, process.env);
  const log = (line: string) => process.stderr.write(`mc-grid: ${line}\n`);
  if (shard) log(`shard ${shard.index}/${shard.count}`);
  const { results, computed, skipped } = await runGrid({ config, out: values.out, workers, shard, log, argv: process.argv.slice(2) });
  log(`${computed.length} cells computed, ${skipped.length} resumed`);
  report(results, values.out, values.quiet === true);
  return 0;
}

function mergeCommand(argv: string[]): number {
  const { values, positionals } = parseFlags(argv, MERGE_OPTIONS);
  if (values.help) return (process.stdout.write(HELP + '\n'), 0);
  if (typeof values.out !== 'string') throw new UsageError('merge: --out DIR is required');
  if (positionals.length === 0) throw new UsageError('merge: give the shard output directories to merge');
  const { results, missing } = mergeRuns(positionals, values.out, { partial: values.partial === true });
  if (missing.length) process.stderr.write(`mc-grid: merged without ${missing.length} missing cells (--partial)\n`);
  report(results, values.out, values.quiet === true);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  try {
    if (argv[0] === 'merge') return mergeCommand(argv.slice(1));
    return await runCommand(argv[0] === 'run' ? argv.slice(1) : argv);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`mc-grid: ${e.message} (see --help)\n`);
      return 2;
    }
    if (e instanceof OutputDirError || e instanceof NumericalError) {
      process.stderr.write(`mc-grid: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
