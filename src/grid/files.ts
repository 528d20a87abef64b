/**
 * Layout of an mc-grid output directory and crash-safe writes.
 *
 *   DIR/run.json             configuration + code identity; a resumed run must match it
 *   DIR/cells/cell-NNNNNN.json one finished cell (written atomically: temp file, fsync, rename)
 *   DIR/results.json, .csv   all cells present in DIR, assembled (deterministic, no timings)
 *   DIR/timing/cell-NNNNNN.json, DIR/provenance/*.json   wall-clock times, workers, shard, host
 *
 * Everything outside timing/ and provenance/ is a pure function of the configuration and the
 * code, so it is byte-identical across worker counts, shardings and interruptions.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { pidAlive, writeFileAtomic } from '../util/files.js';

export { writeFileAtomic };

export const RUN_FILE = 'run.json';
export const CELLS_DIR = 'cells';
export const TIMING_DIR = 'timing';
export const PROVENANCE_DIR = 'provenance';
export const RESULTS_JSON = 'results.json';
export const RESULTS_CSV = 'results.csv';

/** Pretty JSON with a final newline: the one serialization used for every deterministic file. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

export function cellFileName(index: number): string {
  return `cell-${String(index).padStart(6, '0')}.json`;
}

/**
 * Indices of the finished cells in DIR/cells, ascending. Leftover temp files of a killed run
 * (`cell-NNNNNN.json.PID.tmp` with PID no longer alive) are removed; those of a live process never.
 */
export function finishedCells(dir: string): number[] {
  const cells = join(dir, CELLS_DIR);
  if (!existsSync(cells)) return [];
  const out: number[] = [];
  for (const name of readdirSync(cells)) {
    const m = /^cell-(\d+)\.json$/.exec(name);
    if (m) out.push(Number(m[1]));
    else {
      const t = /\.(\d+)\.tmp$/.exec(name);
      if (t && Number(t[1]) !== process.pid && !pidAlive(Number(t[1]))) rmSync(join(cells, name), { force: true });
    }
  }
  return out.sort((a, b) => a - b);
}

/** sha256 of a cell's JSON without its checksum: stored in the cell file, checked on every read. */
export function cellChecksum(cellJson: string): string {
  return 'sha256:' + createHash('sha256').update(cellJson).digest('hex');
}

/** The text of a cell file: the cell's JSON with its checksum as the last key. */
export function cellFileText(cell: object): string {
  return toJson({ ...cell, checksum: cellChecksum(toJson(cell)) });
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function ensureDirs(dir: string): void {
  for (const sub of [CELLS_DIR, TIMING_DIR, PROVENANCE_DIR]) mkdirSync(join(dir, sub), { recursive: true });
}
