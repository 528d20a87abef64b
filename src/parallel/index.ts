/**
 * Parallel Monte Carlo over worker threads. Path p's randomness depends only on (seed, p)
 * (src/rng/streams.ts), so splitting the paths into contiguous ranges — one runChain per worker
 * with `firstPath`/`paths` set — gives results bit-identical to one runChain call, for any number
 * of workers. runChainsParallel runs many small configurations, whole, in a few batches.
 *
 * Workers run the compiled JavaScript: dist/src/parallel/worker.js under the package root
 * (packageInfo().root), so this works from dist/ and when imported from TypeScript sources (e.g.
 * under vitest) once `npm run build` has run.
 *
 * @example
 * const r = await runChainParallel({ n: 2, d: 4, depth: 4000, beta: 2, paths: 4000 }, { workers: 2 });
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { resolveChain, type ChainConfig } from '../simulator/config.js';
import { describeChain, type ChainResult } from '../simulator/chain.js';
import { snapshotLayers } from '../simulator/workspace.js';
import { pairCount } from '../simulator/tokens.js';
import { ConfigError, NumericalError } from '../util/errors.js';
import { packageInfo } from '../util/version.js';
import type { RunReply, WorkerData, WorkerReply } from './worker.js';

export interface ParallelOptions {
  /** Number of worker threads (default: os.availableParallelism()); capped at the number of paths. */
  workers?: number;
  /** Called as ranges finish, with the number of paths done so far. */
  onPath?: (done: number, total: number) => void;
}

/** Absolute path of the compiled worker script. */
export function workerScript(): string {
  const file = join(packageInfo().root, 'dist', 'src', 'parallel', 'worker.js');
  if (!existsSync(file)) throw new Error(`worker script ${file} not found: run \`npm run build\` first`);
  return file;
}

/** Contiguous ranges [start, start+count) splitting `paths` into `parts` near-equal pieces. */
export function splitPaths(paths: number, parts: number): { start: number; count: number }[] {
  const out: { start: number; count: number }[] = [];
  const base = Math.floor(paths / parts);
  const extra = paths % parts;
  let start = 0;
  for (let w = 0; w < parts; w++) {
    const count = base + (w < extra ? 1 : 0);
    if (count > 0) out.push({ start, count });
    start += count;
  }
  return out;
}

/** runChain over worker threads: the same ChainResult, bit for bit, for any worker count. */
export async function runChainParallel(config: ChainConfig, options: ParallelOptions = {}): Promise<ChainResult> {
  const c = resolveChain(config); // validate in the caller: errors are thrown here, synchronously-ish
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new ConfigError('workers', workers, 'an integer >= 1');
  const { n, d, depth: L, paths } = c;
  const ranges = splitPaths(paths, Math.min(workers, paths));
  const script = workerScript();
  const cosinesOut = c.output === 'cosines';
  const m = pairCount(n);
  const finalTokens = new Float64Array(cosinesOut ? 0 : paths * n * d);
  const finalCosines = cosinesOut ? new Float64Array(paths * m) : null;
  const layers = c.snapshots ? snapshotLayers(L, c.snapshots.stride) : null;
  const size = c.snapshots ? (c.snapshots.record === 'tokens' ? n * d : pairCount(n)) : 0;
  const snapData = layers ? new Float64Array(paths * layers.length * size) : null;
  const dd = d * d;
  let done = 0;
  const jobs = ranges.map(async ({ start, count }) => {
    const part: ChainConfig = {
      ...config,
      firstPath: c.firstPath + start,
      paths: count,
      // Explicit noise: only this range's block (path-major), copied once into the worker.
      noise: c.noise ? { kind: c.noise.kind, data: c.noise.data.slice(start * L * dd, (start + count) * L * dd) } : null,
    };
    const [reply] = await inWorker(script, { config: part }, part.noise ? [part.noise.data.buffer as ArrayBuffer] : []);
    if (finalCosines) finalCosines.set(reply.finalCosines!, start * m);
    else finalTokens.set(reply.finalTokens, start * n * d);
    if (snapData && reply.snapshots) snapData.set(reply.snapshots, start * layers!.length * size);
    done += count;
    options.onPath?.(done, paths);
  });
  // Wait for all; report the error of the first failing range in path order (as runChain would).
  const outcomes = await Promise.allSettled(jobs);
  for (const o of outcomes) if (o.status === 'rejected') throw o.reason;
  return {
    config: describeChain(c),
    finalTokens,
    finalCosines,
    snapshots: c.snapshots ? { record: c.snapshots.record, layers: layers!, size, data: snapData! } : null,
  };
}

/**
 * Many whole configurations over worker threads, in batches (a worker costs tens of milliseconds
 * to start, more than a small Gram-state run). The batches have near-equal cost (paths × depth:
 * a grid's cells may differ a hundredfold in depth), BATCHES_PER_WORKER per worker, and at most
 * `workers` run at once, the next starting when one ends, so a worker slowed down by a busy
 * machine does not hold up the others. Results in input order; each is exactly runChain(configs[i]).
 */
export async function runChainsParallel(
  configs: ChainConfig[],
  options: { workers?: number; onDone?: (done: number, total: number) => void } = {},
): Promise<ChainResult[]> {
  const resolved = configs.map((c) => resolveChain(c)); // configuration errors here, in the caller
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new ConfigError('workers', workers, 'an integer >= 1');
  const script = workerScript();
  const queue = balanceBatches(resolved.map((c) => c.paths * c.depth), BATCHES_PER_WORKER * workers);
  const out = new Array<ChainResult>(configs.length);
  let done = 0;
  let failed = false;
  const lane = async () => {
    for (let batch = queue.shift(); batch && !failed; batch = queue.shift()) {
      const replies = await inWorker(script, { batch: batch.map((i) => configs[i]) }, [], () => options.onDone?.(++done, configs.length)).catch((e: unknown) => {
        failed = true;
        throw e;
      });
      batch.forEach((i, k) => {
        const c = resolved[i];
        const r = replies[k];
        const snapshots = c.snapshots
          ? { record: c.snapshots.record, layers: snapshotLayers(c.depth, c.snapshots.stride), size: c.snapshots.record === 'tokens' ? c.n * c.d : pairCount(c.n), data: r.snapshots! }
          : null;
        out[i] = { config: describeChain(c), finalTokens: r.finalTokens, finalCosines: r.finalCosines, snapshots };
      });
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(workers, queue.length) }, lane));
  for (const o of outcomes) if (o.status === 'rejected') throw o.reason;
  return out;
}

/** Batches per worker in runChainsParallel: enough to even out a busy machine, few worker starts. */
const BATCHES_PER_WORKER = 4;

/**
 * Indices 0…costs.length−1 in at most `parts` groups of near-equal total cost (greedy: largest
 * cost first, to the cheapest group), the costliest group first.
 */
export function balanceBatches(costs: readonly number[], parts: number): number[][] {
  const k = Math.max(1, Math.min(parts, costs.length));
  const groups = Array.from({ length: k }, () => ({ cost: 0, items: [] as number[] }));
  const order = costs.map((_, i) => i).sort((a, b) => costs[b] - costs[a] || a - b);
  for (const i of order) {
    const g = groups.reduce((best, x) => (x.cost < best.cost ? x : best));
    g.cost += costs[i];
    g.items.push(i);
  }
  return groups
    .filter((g) => g.items.length > 0)
    .sort((a, b) => b.cost - a.cost)
    .map((g) => g.items.sort((a, b) => a - b));
}

/** One worker: its replies (one per configuration), or its error rebuilt in this thread. */
function inWorker(script: string, data: WorkerData, transferList: ArrayBuffer[], onProgress?: () => void): Promise<RunReply[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { workerData: data, transferList });
    let settled = false;
    w.on('message', (m: WorkerReply | { progress: number }) => {
      if ('progress' in m) {
        onProgress?.();
        return;
      }
      settled = true;
      if (m.ok) resolve(m.results!);
      else reject(rebuildError(m.error!));
      void w.terminate();
    });
    w.once('error', (e) => {
      if (!settled) reject(e);
    });
    w.once('exit', (code) => {
      if (!settled) reject(new Error(`chain worker exited with code ${code} before replying`));
    });
  });
}

function rebuildError(e: NonNullable<WorkerReply['error']>): Error {
  let err: Error;
  if (e.name === 'NumericalError') err = new NumericalError(e.message);
  else if (e.name === 'ConfigError') {
    err = new ConfigError(e.parameter ?? '?', e.value, e.accepted ?? '?');
    err.message = e.message;
  } else {
    err = new Error(e.message);
    err.name = e.name;
  }
  return err;
}
