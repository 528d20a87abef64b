/**
 * Running (a shard of) a grid into an output directory, resumably: each finished cell is written
 * atomically, a rerun into the same directory skips the cells already there, and a directory made
 * for another configuration or another version of the code is refused with the differences named.
 *
 * @example
 * const config = buildGridConfig({ beta: [1, 2], d: [3, 6], paths: 500, seed: 1 });
 * const { results } = await runGrid({ config, out: 'out/grid', workers: 2 });
 */
import { hostname } from 'node:os';
import { availableParallelism } from 'node:os';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { progressBar } from '../util/progress.js';
import { runCell, type CellResult } from './cell.js';
import { cellLabel, type GridConfig } from './grid.js';
import {
  CELLS_DIR, PROVENANCE_DIR, RESULTS_CSV, RESULTS_JSON, RUN_FILE, TIMING_DIR,
  cellChecksum, cellFileName, cellFileText, ensureDirs, finishedCells, readJson, toJson, writeFileAtomic,
} from './files.js';
import { cellSeed } from './cell.js';
import { lockDir } from '../util/files.js';
import { codeIdentity, type CodeIdentity } from './provenance.js';
import { assembleResults, FORMAT, resultsCsv, type GridResults } from './results.js';
import { inShard, type Shard } from './shard.js';
import { jsonDifferences } from './jsonDiff.js';

export { jsonDifferences };

/** Contents of run.json. */
export interface RunManifest {
  format: string;
  config: GridConfig;
  code: CodeIdentity;
}

/** A refused output directory (configuration or code mismatch, foreign files). */
export class OutputDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputDirError';
  }
}

/** Throw OutputDirError unless `found` (a run.json read from `dir`) matches `expected`. */
export function checkManifest(dir: string, found: RunManifest, expected: RunManifest): void {
  if (found.format !== expected.format) throw new OutputDirError(`${dir}: ${RUN_FILE} has format "${found.format}", expected "${expected.format}"`);
  const config = jsonDifferences(found.config, expected.config, 'config');
  if (config.length) {
    throw new OutputDirError(
      `${dir} holds a run with another configuration (${RUN_FILE} ≠ this run):\n  ${config.join('\n  ')}\n` +
        'Use another --out directory, or repeat the original options to resume that run.',
    );
  }
  const code = jsonDifferences(found.code, expected.code, 'code');
  if (code.length) {
    throw new OutputDirError(
      `${dir} was computed by other code (${RUN_FILE} ≠ this run):\n  ${code.join('\n  ')}\n` +
        'Seeded bits may differ between versions, so its cells cannot be mixed with new ones: use another --out directory.',
    );
  }
}

/** Create DIR/run.json, or check the one there. */
export function prepareOutputDir(dir: string, manifest: RunManifest): void {
  const file = join(dir, RUN_FILE);
  if (existsSync(file)) {
    let found: RunManifest;
    try {
      found = readJson<RunManifest>(file);
    } catch (e) {
      throw new OutputDirError(`${file} is not readable JSON (${(e as Error).message}); use another --out directory`);
    }
    checkManifest(dir, found, manifest);
  } else if (finishedCells(dir).length > 0) {
    throw new OutputDirError(`${dir} has ${CELLS_DIR}/ but no ${RUN_FILE}: not an mc-grid directory this run can resume`);
  }
  ensureDirs(dir);
  if (!existsSync(file)) writeFileAtomic(file, toJson(manifest));
}

/**
 * Cell `i` of DIR, checked: readable complete JSON, its checksum, its index, parameters and seed
 * those of this grid, and every count an integer in [0, paths] with the three end states adding
 * up to paths. Throws OutputDirError naming the file and what is wrong.
 */
export function readCell(dir: string, i: number, config: GridConfig): CellResult {
  const file = join(dir, CELLS_DIR, cellFileName(i));
  const bad = (why: string) => new OutputDirError(`bad cell file ${file}: ${why}`);
  let raw: CellResult & { checksum?: string };
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as CellResult & { checksum?: string };
  } catch (e) {
    throw bad(`not complete JSON (${(e as Error).message}; truncated?)`);
  }
  if (raw === null || typeof raw !== 'object') throw bad('not a JSON object');
  const { checksum, ...cell } = raw;
  if (checksum !== cellChecksum(toJson(cell))) throw bad(checksum === undefined ? 'no checksum' : 'checksum mismatch (edited or corrupted)');
  if (i >= config.cells.length || cell.index !== i) throw bad(`index ${cell.index} does not belong to cell ${i} of this ${config.cells.length}-cell grid`);
  const diff = jsonDifferences(cell.params, config.cells[i]);
  if (diff.length) throw bad(`parameters differ from this grid's cell ${i}: ${diff.join('; ')}`);
  if (cell.seed !== cellSeed(config, i)) throw bad(`seed ${cell.seed} is not this grid's seed for cell ${i}`);
  const paths = config.cells[i].paths;
  const counts = [cell.antipodal, cell.oneCluster, cell.undecided].map((f) => f?.count);
  for (const [key, value] of allCounts(cell)) {
    if (!(Number.isInteger(value) && value >= 0 && value <= paths)) throw bad(`${key} = ${value} is not a count in [0, ${paths}] (paths)`);
  }
  if (counts.some((c) => !Number.isInteger(c)) || counts.reduce((a, b) => a + b, 0) !== paths) {
    throw bad(`antipodal + one cluster + undecided = ${counts.join(' + ')}, not the ${paths} paths`);
  }
  return cell as CellResult;
}

/** Every number under a key named `count` in a cell, with its path. */
function allCounts(value: unknown, path = 'cell'): [string, number][] {
  if (value === null || typeof value !== 'object') return [];
  const out: [string, number][] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k === 'count') out.push([`${path}.count`, v as number]);
    else out.push(...allCounts(v, `${path}.${k}`));
  }
  return out;
}

/**
 * Read every finished cell of DIR (each checked by readCell). With `onBad`, a bad cell is reported
 * there and left out (the caller recomputes it); without, it is an error naming the file.
 */
export function readCells(dir: string, config: GridConfig, onBad?: (index: number, error: OutputDirError) => void): CellResult[] {
  const cells: CellResult[] = [];
  for (const i of finishedCells(dir)) {
    try {
      cells.push(readCell(dir, i, config));
    } catch (e) {
      if (!(e instanceof OutputDirError) || !onBad) throw e;
      onBad(i, e);
    }
  }
  return cells;
}

/** Assemble results.json and results.csv from the cells in DIR. */
export function writeResults(dir: string, manifest: RunManifest): GridResults {
  const results = assembleResults(manifest.config, manifest.code, readCells(dir, manifest.config));
  writeFileAtomic(join(dir, RESULTS_JSON), toJson(results));
  writeFileAtomic(join(dir, RESULTS_CSV), resultsCsv(results));
  return results;
}

export interface RunGridOptions {
  config: GridConfig;
  out: string;
  /** Worker threads (default os.availableParallelism()); results do not depend on it. */
  workers?: number;
  shard?: Shard | null;
  /** Show a progress bar (default: when stderr is a terminal). */
  progress?: boolean;
  /** Informational lines (default: none). */
  log?: (line: string) => void;
  /** Command line recorded in provenance. */
  argv?: string[];
  /** Wait for another run holding the directory instead of refusing. */
  wait?: boolean;
}

export interface RunGridOutcome {
  computed: number[];
  skipped: number[];
  results: GridResults;
}

/**
 * Run the grid into `o.out`, holding the directory's lock (src/util/files.ts lockDir) for the whole
 * run: a second run on the same directory refuses, naming the holder, or with `wait` waits.
 */
export async function runGrid(o: RunGridOptions): Promise<RunGridOutcome> {
  const log = o.log ?? (() => {});
  const release = await lockDir(o.out, {
    command: 'mc-grid run',
    wait: o.wait,
    onWait: (h) => log(`waiting: ${o.out} is in use by ${h.command} (pid ${h.pid} on ${h.host}, since ${h.startedAt})`),
  });
  try {
    return await runGridLocked(o, log);
  } finally {
    release();
  }
}

async function runGridLocked(o: RunGridOptions, log: (line: string) => void): Promise<RunGridOutcome> {
  const workers = o.workers ?? availableParallelism();
  const manifest: RunManifest = { format: FORMAT, config: o.config, code: codeIdentity() };
  prepareOutputDir(o.out, manifest);
  const startedAt = new Date();
  const mine = o.config.cells.map((_, i) => i).filter((i) => inShard(i, o.shard ?? null));
  const onBad = (i: number, e: OutputDirError) => {
    log(`${e.message}; recomputing it`);
    rmSync(join(o.out, CELLS_DIR, cellFileName(i)), { force: true });
  };
  const done = new Set(readCells(o.out, o.config, onBad).map((c) => c.index));
  const skipped = mine.filter((i) => done.has(i));
  const todo = mine.filter((i) => !done.has(i));
  if (skipped.length) log(`resuming: ${skipped.length} of ${mine.length} cells already in ${o.out}`);
  const totalPaths = todo.reduce((a, i) => a + o.config.cells[i].paths, 0);
  const bar = progressBar(totalPaths, 'mc-grid', o.progress);
  let pathsBefore = 0;
  const computed: number[] = [];
  try {
    for (const [k, i] of todo.entries()) {
      const label = `cell ${k + 1}/${todo.length} (#${i}: ${cellLabel(o.config.cells[i])})`;
      bar.update(pathsBefore, label);
      const t0 = performance.now();
      const cell = await runCell(o.config, i, { workers, onPaths: (p) => bar.update(pathsBefore + p, label) });
      const seconds = (performance.now() - t0) / 1000;
      writeFileAtomic(join(o.out, CELLS_DIR, cellFileName(i)), cellFileText(cell));
      writeFileAtomic(join(o.out, TIMING_DIR, cellFileName(i)), toJson({ index: i, seconds, workers, finishedAt: new Date().toISOString(), host: hostname() }));
      pathsBefore += o.config.cells[i].paths;
      computed.push(i);
    }
  } finally {
    bar.stop();
  }
  const results = writeResults(o.out, manifest);
  const finishedAt = new Date();
  const provenance = {
    tool: 'mc-grid run',
    argv: o.argv ?? null,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    wallSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    workers,
    shard: o.shard ?? null,
    cellsComputed: computed,
    cellsSkipped: skipped,
    host: hostname(),
    platform: `${process.platform} ${process.arch}`,
    cpus: availableParallelism(),
    code: manifest.code,
  };
  writeFileAtomic(join(o.out, PROVENANCE_DIR, `${startedAt.toISOString().replace(/[:.]/g, '-')}-${process.pid}.json`), toJson(provenance));
  return { computed, skipped, results };
}
