/**
 * Output files and directories: checked before any computation (so a long run never ends by
 * refusing its output path), written atomically, and sized against the machine's memory.
 *
 * An output path is refused, with a ConfigError naming the flag, when it is empty, lies on a
 * pseudo-filesystem (/proc, /sys, /dev other than /dev/null; proc, sysfs, cgroup, debugfs mounts
 * anywhere), names a directory where a file is wanted (or a file where a directory is wanted), or
 * cannot be written (missing or read-only parent). Nothing is created by the checks.
 *
 * @example
 * checkOutputFile('--report', 'out/verify.json'); // throws unless out/ exists and is writable
 * checkOutputDir('--out', 'grid');                // throws unless grid/ is (or can be made) writable
 */
import { accessSync, closeSync, constants, existsSync, fsyncSync, openSync, realpathSync, renameSync, statfsSync, statSync, writeSync } from 'node:fs';
import { totalmem } from 'node:os';
import { dirname, resolve, sep } from 'node:path';
import { ConfigError } from './errors.js';

/** statfs magic numbers of kernel pseudo-filesystems (linux/magic.h). */
const PSEUDO_FS = new Set([0x9fa0 /* proc */, 0x62656572 /* sysfs */, 0x27e0eb /* cgroup */, 0x63677270 /* cgroup2 */, 0x64626720 /* debugfs */, 0x74726163 /* tracefs */, 0x73636673 /* securityfs */]);
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];
const ALLOWED_DEVICES = new Set(['/dev/null']);

/** The deepest existing ancestor of `path` (itself if it exists), resolved through links. */
function existingAncestor(path: string): string {
  let p = resolve(path);
  while (!existsSync(p)) {
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  return realpathSync(p);
}

function onPseudoFs(real: string): boolean {
  if (ALLOWED_DEVICES.has(real)) return false;
  if (PSEUDO_ROOTS.some((r) => real === r || real.startsWith(r + sep))) return true;
  try {
    return PSEUDO_FS.has(Number(statfsSync(real).type));
  } catch {
    return false;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Refuse `path` as an output file (see the module doc); returns it resolved. */
export function checkOutputFile(flag: string, path: string): string {
  if (path.trim() === '') throw new ConfigError(flag, path, 'a file path');
  const abs = resolve(path);
  const real = existingAncestor(abs);
  if (onPseudoFs(real)) throw new ConfigError(flag, path, 'a file on a real filesystem (not /proc, /sys or /dev)');
  if (existsSync(abs)) {
    if (statSync(abs).isDirectory()) throw new ConfigError(flag, path, 'a file path, not a directory');
    if (!writable(abs)) throw new ConfigError(flag, path, 'a writable file');
    return abs;
  }
  const parent = dirname(abs);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new ConfigError(flag, path, 'a file in an existing directory');
  if (!writable(parent)) throw new ConfigError(flag, path, 'a file in a writable directory');
  return abs;
}

/** Refuse `path` as an output directory (it may not exist yet: its parents are then checked). */
export function checkOutputDir(flag: string, path: string): string {
  if (path.trim() === '') throw new ConfigError(flag, path, 'a directory path');
  const abs = resolve(path);
  const real = existingAncestor(abs);
  if (onPseudoFs(real) || ALLOWED_DEVICES.has(real)) throw new ConfigError(flag, path, 'a directory on a real filesystem (not /proc, /sys or /dev)');
  if (existsSync(abs) && !statSync(abs).isDirectory()) throw new ConfigError(flag, path, 'a directory, not an existing file');
  if (!statSync(real).isDirectory()) throw new ConfigError(flag, path, `a directory path (${real} is a file)`);
  if (!writable(real)) throw new ConfigError(flag, path, `a writable directory (${real} is not writable)`);
  return abs;
}

/** Write `text` to `file` so that readers see the old file or the whole new one, never a part. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/**
 * Bytes a run may hold in typed arrays: half the machine's memory, and at most what one typed
 * array can address (2^32 elements of 8 bytes in Node 20).
 */
export function memoryBudget(): number {
  return Math.min(totalmem() / 2, 2 ** 32 * 8);
}

const gb = (bytes: number) => `${(bytes / 1e9).toPrecision(3)} GB`;

/**
 * Refuse a computation whose arrays need `bytes` (described by `what`, e.g. "paths × n × d × 8
 * bytes of final tokens") beyond {@link memoryBudget}; `instead` says how to shard or stream.
 */
export function requireMemory(flag: string, value: unknown, bytes: number, what: string, instead: string): void {
  const budget = memoryBudget();
  if (!(bytes <= budget)) throw new ConfigError(flag, value, `a size that fits in memory: ${what} = ${gb(bytes)}, over the ${gb(budget)} limit (half this machine's memory); ${instead}`);
}
