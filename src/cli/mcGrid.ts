/**
 * `dst-verify mc-grid`: Monte Carlo confidence bounds of the statistical claims over a user-chosen
 * grid (also run as `node dist/scripts/mc-grid.js`, the same arguments). It has two subcommands
 * with their own flags, so it parses its own arguments; src/cli/main.ts hands it argv unparsed.
 *
 *   dst-verify mc-grid [run] (--grid grid.json | --beta 0.5,1,2 --d 3,4,6 …) --out DIR
 *        [--n 2] [--sigma 1] [--gamma 0] [--depth 2000] [--horizon 20] [--law gaussian] [--rho0 0]
 *        [--paths 1000] [--seed 0] [--threshold -0.99] [--tolerance 0.001] [--alpha 0.05] [--snapshots 100]
 *        [--workers K] [--shard i/N | --shards N] [--quiet]
 *   dst-verify mc-grid merge DIR… --out DIR [--partial]
 *
 * Per cell: frequencies of two-antipodal-group, one-cluster and undecided end states with exact
 * Clopper–Pearson intervals, and the finer end states (k clusters, not clustered, the two group
 * sizes, time to formation with quantiles; src/grid/endStates.ts); for n = 2 also P(ρ_T < threshold) with the limit SDE's finite-time
 * probability, the long-run probability and the exact binomial p-value. Output: DIR/results.json,
 * DIR/results.csv, one file per finished cell (a rerun resumes), timings kept apart. See docs/ci.md.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, NumericalError, UsageError } from '../util/errors.js';
import { CELL_KEYS, RUN_KEYS, buildGridConfig, mergeSpecs, type GridSpec } from '../grid/grid.js';
import { specFromFlags } from '../grid/cli.js';
import { boundWorkers, parseArgs, formatHelp, reportError, type FlagSpecs, type ProgramSpec } from '../util/args.js';
import { resolveShard } from '../grid/shard.js';
import { OutputDirError, runGrid } from '../grid/run.js';
import { mergeRuns } from '../grid/merge.js';
import { formatTable, type GridResults } from '../grid/results.js';
import { RESULTS_CSV, RESULTS_JSON } from '../grid/files.js';
import { checkOutputDir, LockedError } from '../util/files.js';

const GRID_FLAGS = {
  beta: { type: 'string', value: 'LIST', help: 'inverse temperatures (required here or in the grid file)' },
  d: { type: 'string', value: 'LIST', help: 'dimensions (required here or in the grid file)' },
  n: { type: 'string', value: 'LIST', help: 'token counts', defaultText: '2' },
  sigma: { type: 'string', value: 'LIST', help: 'noise scales', defaultText: '1' },
  gamma: { type: 'string', value: 'LIST', help: 'deterministic value strengths', defaultText: '0' },
  depth: { type: 'string', value: 'LIST', help: 'layers L', defaultText: '2000' },
  horizon: { type: 'string', value: 'LIST', help: 'horizons T', defaultText: '20' },
  law: { type: 'string', value: 'LIST', help: 'entry laws (gaussian|uniform|rademacher)', defaultText: 'gaussian' },
  paths: { type: 'string', value: 'LIST', help: 'paths per cell', defaultText: '1000' },
  rho0: { type: 'string', value: 'LIST', help: 'starting cosine for n = 2 ("uniform": random starts); n > 2 starts uniformly', defaultText: '0' },
  seed: { type: 'string', value: 'S', help: 'cell i uses deriveSeed(S, [i]): independent of the other cells', defaultText: '0' },
  threshold: { type: 'string', value: 'R', help: 'n = 2: the event rho_T < R is compared with theory', defaultText: '-0.99' },
  tolerance: { type: 'string', value: 'E', help: 'classification tolerance (together: cos >= 1-E; antipodal: cos <= -1+E)', defaultText: '0.001' },
  alpha: { type: 'string', value: 'A', help: 'exact (1-A) intervals; Holm family-wise level over the n = 2 p-values', defaultText: '0.05' },
  snapshots: { type: 'string', value: 'S', help: 'cosine snapshots per cell (stride ceil(depth/S) layers) for the time to formation; 0: none', defaultText: '100' },
} as const satisfies FlagSpecs;

export const MC_GRID_RUN: ProgramSpec = {
  name: 'mc-grid',
  summary: 'Monte Carlo confidence bounds of the claims over a grid (exact intervals)',
  usage: 'dst-verify mc-grid [run] (--grid FILE | --beta LIST --d LIST ...) --out DIR [options]\ndst-verify mc-grid merge DIR... --out DIR [--partial]\n(or node dist/scripts/mc-grid.js with the same arguments)',
  flags: {
    grid: { type: 'string', value: 'FILE', help: 'grid file (JSON); flags override its keys' },
    ...GRID_FLAGS,
    out: { type: 'string', value: 'DIR', help: 'output directory; rerun with the same options to resume' },
    workers: { type: 'integer', value: 'K', help: 'worker threads (results do not depend on it)', defaultText: 'all cores', min: 1 },
    shard: { type: 'string', value: 'i/N', help: 'run cells with index = i (mod N), 0 <= i < N' },
    shards: { type: 'string', value: 'N', help: 'shard count; the index then comes from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX (N also from MC_GRID_SHARDS)' },
    quiet: { type: 'boolean', help: 'no table on stdout (the progress bar shows on a terminal only)' },
    wait: { type: 'boolean', help: 'if another run is using --out, wait for it instead of refusing' },
  },
  positionals: { name: '', max: 0 },
  notes: [
    'Per-cell keys take comma-separated lists: the axes of a Cartesian product.',
    'Grid file: {"beta": [0.5, 1, 2], "d": [3, 4, 6], "paths": 1000, "seed": 7}',
    '       or: {"cells": [{"beta": 1, "d": 3}, {"beta": 2, "d": 6, "n": 4}], "paths": 500}',
    'Exit status: 0 done, 1 run/merge failure (e.g. output directory of another configuration), 2 usage.',
  ],
};

export const MC_GRID_MERGE: ProgramSpec = {
  name: 'mc-grid merge',
  summary: 'merge the output directories of shards into one result',
  usage: 'dst-verify mc-grid merge DIR... --out DIR [--partial]',
  flags: {
    out: { type: 'string', value: 'DIR', help: 'output directory of the merged result' },
    partial: { type: 'boolean', help: 'merge even if cells are missing (they are listed)' },
    quiet: { type: 'boolean', help: 'no table on stdout' },
  },
  positionals: { name: 'DIR', min: 1 },
};

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

async function runCommand(argv: string[], recorded: string[]): Promise<number> {
  const parsed = parseArgs(MC_GRID_RUN, argv);
  if (parsed.help) return (process.stdout.write(formatHelp(MC_GRID_RUN) + '\n'), 0);
  const values = parsed.values as Record<string, string | number | boolean | undefined>;
  if (typeof values.out !== 'string') throw new UsageError('--out DIR is required (see: mc-grid --help)');
  const out = values.out;
  checkOutputDir('--out', out);
  const fileSpec = typeof values.grid === 'string' ? readGridFile(values.grid) : {};
  const config = buildGridConfig(mergeSpecs(fileSpec, specFromFlags(values)));
  // The largest cell must fit in memory (a cell's paths are held at once; cells run one by one).
  // Cells run in chunks of paths (src/grid/cell.ts), so memory does not grow with paths.
  const maxPaths = Math.max(...config.cells.map((c) => c.paths));
  const workers = values.workers === undefined ? undefined : boundWorkers(values.workers as number, maxPaths);
  const shard = resolveShard({ shard: values.shard as string | undefined, shards: values.shards as string | undefined }, process.env);
  const log = (line: string) => process.stderr.write(`mc-grid: ${line}\n`);
  if (shard) log(`shard ${shard.index}/${shard.count}`);
  const { results, computed, skipped } = await runGrid({ config, out, workers, shard, log, argv: recorded, wait: values.wait === true });
  log(`${computed.length} cells computed, ${skipped.length} resumed`);
  report(results, out, values.quiet === true);
  return 0;
}

function mergeCommand(argv: string[]): number {
  const parsed = parseArgs(MC_GRID_MERGE, argv);
  if (parsed.help) return (process.stdout.write(formatHelp(MC_GRID_MERGE) + '\n'), 0);
  const { positionals } = parsed;
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (typeof values.out !== 'string') throw new UsageError('merge: --out DIR is required (see: mc-grid merge --help)');
  checkOutputDir('--out', values.out);
  const { results, missing } = mergeRuns(positionals, values.out, { partial: values.partial === true });
  if (missing.length) process.stderr.write(`mc-grid: merged without ${missing.length} missing cells (--partial)\n`);
  report(results, values.out, values.quiet === true);
  return 0;
}

/** Run `mc-grid` with its arguments (after "mc-grid"); returns the exit status. */
export async function mcGridMain(argv: string[]): Promise<number> {
  try {
    if (argv[0] === 'merge') return mergeCommand(argv.slice(1));
    return await runCommand(argv[0] === 'run' ? argv.slice(1) : argv, argv);
  } catch (e) {
    if (e instanceof OutputDirError || e instanceof NumericalError || e instanceof LockedError) {
      process.stderr.write(`mc-grid: ${e.message}\n`);
      return 1;
    }
    return reportError('mc-grid', e);
  }
}
