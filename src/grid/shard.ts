/**
 * Sharding of a grid into independent pieces: shard i of N gets the cells whose index is ≡ i
 * (mod N), so expensive rows of a grid spread over all shards. Cells never depend on each other
 * (seed deriveSeed(seed, [cellIndex])), so any split merges back exactly.
 *
 * The shard comes from `--shard i/N`, or else from a job scheduler's index variable together with a
 * shard count (`--shards N` or MC_GRID_SHARDS):
 *   Slurm job array:         SLURM_ARRAY_TASK_ID   (use --array=0-(N-1))
 *   Kubernetes Indexed Job:  JOB_COMPLETION_INDEX  (completionMode: Indexed, completions: N)
 *
 * @example
 * resolveShard({ shard: '2/8' }, {});                                  // { index: 2, count: 8 }
 * resolveShard({ shards: '8' }, { SLURM_ARRAY_TASK_ID: '3' });         // { index: 3, count: 8 }
 * resolveShard({}, {});                                                // null (the whole grid)
 */
import { ConfigError } from '../util/errors.js';

export interface Shard {
  index: number;
  count: number;
}

/** Environment variables that carry a shard index, in the order they are consulted. */
export const SHARD_INDEX_ENV = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX'] as const;
/** Environment variable that carries the shard count when --shards is absent. */
export const SHARD_COUNT_ENV = 'MC_GRID_SHARDS';

function nonNegativeInteger(name: string, raw: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, raw, 'a non-negative integer');
  return Number(raw.trim());
}

/** Parse "i/N" (0 ≤ i < N). */
export function parseShard(raw: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  if (!m) throw new ConfigError('--shard', raw, 'i/N with integers 0 ≤ i < N, e.g. 0/4');
  return checkShard('--shard', Number(m[1]), Number(m[2]));
}

function checkShard(name: string, index: number, count: number): Shard {
  if (!(count >= 1)) throw new ConfigError(name, `${index}/${count}`, 'a shard count N ≥ 1');
  if (!(index < count)) throw new ConfigError(name, `${index}/${count}`, `a shard index in 0 … ${count - 1} (indices start at 0)`);
  return { index, count };
}

/**
 * The shard to run, or null for the whole grid. `--shard` wins; otherwise a scheduler index
 * variable needs a count (`--shards` or MC_GRID_SHARDS), and a count without an index is an error,
 * as is an index without a count (running the whole grid in every array task is never intended).
 * A count of 1 means the whole grid.
 */
export function resolveShard(flags: { shard?: string; shards?: string }, env: Record<string, string | undefined>): Shard | null {
  let shard: Shard | null = null;
  if (flags.shard !== undefined) {
    shard = parseShard(flags.shard);
  } else {
    const countRaw = flags.shards ?? env[SHARD_COUNT_ENV];
    const countName = flags.shards !== undefined ? '--shards' : SHARD_COUNT_ENV;
    const indexVar = SHARD_INDEX_ENV.find((v) => env[v] !== undefined && env[v] !== '');
    if (countRaw === undefined || countRaw === '') {
      if (indexVar) {
        throw new ConfigError(
          indexVar,
          env[indexVar],
          `a shard count as well: pass --shards N or set ${SHARD_COUNT_ENV}=N (or --shard i/N; --shard 0/1 runs the whole grid)`,
        );
      }
      return null;
    }
    const count = nonNegativeInteger(countName, countRaw);
    if (!indexVar) {
      if (count === 1) return null;
      throw new ConfigError(countName, countRaw, `a shard index too: --shard i/${count}, or ${SHARD_INDEX_ENV.join(' or ')} set by the scheduler`);
    }
    shard = checkShard(indexVar, nonNegativeInteger(indexVar, env[indexVar]!), count);
  }
  return shard.count === 1 ? null : shard;
}

/** Whether cell `index` belongs to `shard` (every cell belongs to the null shard). */
export function inShard(index: number, shard: Shard | null): boolean {
  return shard === null || index % shard.count === shard.index;
}
