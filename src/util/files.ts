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
 * const release = await lockDir('grid', { command: 'mc-grid run' }); // exclusive use of grid/
 */
import { randomUUID } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statfsSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { hostname, totalmem } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
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

/** Longest file name and path the kernel accepts (NAME_MAX, PATH_MAX on Linux). */
const NAME_MAX = 255;
const PATH_MAX = 4096;

function requirePathLength(flag: string, path: string, abs: string): void {
  const long = abs.split(sep).find((part) => Buffer.byteLength(part) > NAME_MAX);
  if (long !== undefined || Buffer.byteLength(abs) >= PATH_MAX) {
    throw new ConfigError(flag, path.length > 60 ? `${path.slice(0, 57)}...` : path, `a path under ${PATH_MAX} bytes with names under ${NAME_MAX + 1} bytes`);
  }
}

/** Refuse `path` as an output file (see the module doc); returns it resolved. */
export function checkOutputFile(flag: string, path: string): string {
  if (path.trim() === '') throw new ConfigError(flag, path, 'a file path');
  const abs = resolve(path);
  requirePathLength(flag, path, abs);
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

/** Refuse `path` as an input file unless it is an existing, readable regular file. */
export function checkInputFile(flag: string, path: string): string {
  const abs = resolve(path);
  let ok = false;
  try {
    accessSync(abs, constants.R_OK);
    ok = statSync(abs).isFile();
  } catch {
    ok = false;
  }
  if (!ok) throw new ConfigError(flag, path, 'an existing, readable file');
  return abs;
}

/** Refuse `path` as an output directory (it may not exist yet: its parents are then checked). */
export function checkOutputDir(flag: string, path: string): string {
  if (path.trim() === '') throw new ConfigError(flag, path, 'a directory path');
  const abs = resolve(path);
  requirePathLength(flag, path, abs);
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

/** Who holds a directory lock (the contents of DIR/.lock). */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

/** A directory held by another live process (the message names it). */
export class LockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(`${dir} is in use by ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}); wait for it to finish, pass --wait, or use another directory`);
    this.name = 'LockedError';
  }
}

export const LOCK_FILE = '.lock';

/** Whether process `pid` of this host is alive (EPERM: alive, but someone else's). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return Number.isInteger(h.pid) && typeof h.host === 'string' ? h : null;
  } catch {
    return null;
  }
}

/**
 * Take the exclusive lock of directory `dir` (created if missing): DIR/.lock holds the pid, host,
 * start time and command of the holder. It is created atomically with its contents (a private file
 * hard-linked into place, which fails if a lock exists). A lock of a dead process of this host is
 * stale and taken over; a live holder (or one on another host, whose liveness cannot be checked)
 * makes this throw {@link LockedError}. Returns the release function (also run at exit).
 */
export function lockDirNow(dir: string, command: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  const mine = `${file}.${process.pid}.${randomUUID()}`;
  writeFileSync(mine, JSON.stringify(me) + '\n');
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = readHolder(file);
      // A lock of a dead local process, or one still unreadable after a few tries (its writer died
      // between creating and filling it: with the link protocol this cannot happen, but be safe).
      if ((holder && holder.host === me.host && !pidAlive(holder.pid)) || (holder === null && attempt >= 3)) {
        takeOver(file, holder);
        continue;
      }
      if (holder === null) continue;
      throw new LockedError(dir, holder);
    }
  } finally {
    rmSync(mine, { force: true });
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    const holder = readHolder(file);
    if (holder?.pid === me.pid && holder.host === me.host && holder.startedAt === me.startedAt) rmSync(file, { force: true });
  };
  process.on('exit', release);
  return release;
}

/** {@link lockDirNow}, or with `wait` poll until the holder is gone (telling `onWait` once). */
export async function lockDir(dir: string, opts: { command: string; wait?: boolean; onWait?: (holder: LockHolder) => void; pollMs?: number }): Promise<() => void> {
  for (let told = false; ; told = true) {
    try {
      return lockDirNow(dir, opts.command);
    } catch (e) {
      if (!(e instanceof LockedError) || !opts.wait) throw e;
      if (!told) opts.onWait?.(e.holder);
      await sleep(opts.pollMs ?? 1000);
    }
  }
}

/** Move a stale lock aside; if what was moved is no longer that stale lock (a race), put it back. */
function takeOver(file: string, stale: LockHolder | null): void {
  const aside = `${file}.stale.${process.pid}.${randomUUID()}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = readHolder(aside);
  if (JSON.stringify(moved) !== JSON.stringify(stale)) {
    try {
      linkSync(aside, file);
    } catch {
      // a new lock is already in place
    }
  }
  rmSync(aside, { force: true });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
