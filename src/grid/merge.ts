/**
 * Merging the output directories of shards (or of any runs of the same grid) into one. The inputs
 * must share run.json exactly (configuration and code); a cell present in several inputs must be
 * byte-identical in all of them. The merged results.json/.csv are assembled from the cells exactly
 * as an unsharded run assembles its own, so the bytes are the same.
 *
 * @example
 * mergeRuns(['out/shard-0', 'out/shard-1'], 'out/all'); // throws if a cell is missing
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CELLS_DIR, PROVENANCE_DIR, RUN_FILE, TIMING_DIR, cellFileName, finishedCells, readJson, toJson, writeFileAtomic } from './files.js';
import { OutputDirError, checkManifest, prepareOutputDir, readCells, writeResults, type RunManifest } from './run.js';
import type { GridResults } from './results.js';
import { lockDirNow } from '../util/files.js';

export interface MergeOptions {
  /** Allow a merge that does not cover every cell (results.json then says complete: false). */
  partial?: boolean;
}

export interface MergeOutcome {
  results: GridResults;
  missing: number[];
}

export function mergeRuns(inputs: string[], out: string, options: MergeOptions = {}): MergeOutcome {
  if (inputs.length === 0) throw new OutputDirError('merge needs at least one input directory');
  const manifests = inputs.map((dir) => {
    const file = join(dir, RUN_FILE);
    if (!existsSync(file)) throw new OutputDirError(`${dir}: no ${RUN_FILE} (not an mc-grid output directory)`);
    return readJson<RunManifest>(file);
  });
  const manifest = manifests[0];
  manifests.forEach((m, k) => checkManifest(inputs[k], m, manifest));
  // Cell index → [source dir, raw text]; duplicates must agree byte for byte.
  const cells = new Map<number, { dir: string; text: string }>();
  for (const dir of inputs) {
    readCells(dir, manifest.config); // validates every cell file against the grid
    for (const i of finishedCells(dir)) {
      const text = readFileSync(join(dir, CELLS_DIR, cellFileName(i)), 'utf8');
      const seen = cells.get(i);
      if (seen && seen.text !== text) {
        throw new OutputDirError(`cell ${i} differs between ${seen.dir} and ${dir}: the runs are not reproductions of each other`);
      }
      if (!seen) cells.set(i, { dir, text });
    }
  }
  const missing = manifest.config.cells.map((_, i) => i).filter((i) => !cells.has(i));
  if (missing.length && !options.partial) {
    const list = missing.length > 20 ? `${missing.slice(0, 20).join(', ')}, … (${missing.length} in all)` : missing.join(', ');
    throw new OutputDirError(`the inputs lack ${missing.length} of ${manifest.config.cells.length} cells: ${list}. Run the missing shards (or pass --partial).`);
  }
  const release = lockDirNow(out, 'mc-grid merge');
  try {
    return mergeLocked(inputs, out, manifest, cells, missing);
  } finally {
    release();
  }
}

function mergeLocked(inputs: string[], out: string, manifest: RunManifest, cells: Map<number, { dir: string; text: string }>, missing: number[]): MergeOutcome {
  prepareOutputDir(out, manifest);
  for (const [i, { dir, text }] of [...cells.entries()].sort((a, b) => a[0] - b[0])) {
    const target = join(out, CELLS_DIR, cellFileName(i));
    if (existsSync(target) && readFileSync(target, 'utf8') !== text) {
      throw new OutputDirError(`cell ${i} in ${out} differs from the one in ${dir}`);
    }
    if (!existsSync(target)) writeFileAtomic(target, text);
    const timing = join(dir, TIMING_DIR, cellFileName(i));
    if (existsSync(timing)) copyFileSync(timing, join(out, TIMING_DIR, cellFileName(i)));
  }
  const results = writeResults(out, manifest);
  const now = new Date();
  writeFileAtomic(
    join(out, PROVENANCE_DIR, `merge-${now.toISOString().replace(/[:.]/g, '-')}-${process.pid}.json`),
    toJson({ tool: 'mc-grid merge', inputs, at: now.toISOString(), host: hostname(), cells: cells.size, missing }),
  );
  return { results, missing };
}
