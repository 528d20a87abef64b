/**
 * The process groups of the external programs dst-verify starts, and their cleanup.
 *
 * A simulator is started as the leader of its own process group (detached), so one signal to the
 * group also reaches what it started itself (`bash -c 'python3 sim.py; true'` without exec, worker
 * processes, …). Ending a group means SIGTERM, then SIGKILL after a grace period. Every live group
 * is registered here; the first registration installs handlers so that
 * - SIGINT / SIGTERM to dst-verify end every group (SIGKILL after the grace period, or at once on a
 *   second signal), then dst-verify dies of the same signal;
 * - a normal exit SIGKILLs whatever group is still alive.
 * SIGKILL to dst-verify cannot run any handler. For that case each group gets a watchdog: a tiny
 * `sh` reading a pipe from dst-verify. When dst-verify dies the pipe reaches end of file and the
 * watchdog ends the group. (The simulator's own stdin closes too; PROTOCOL.md asks simulators to
 * exit on stdin EOF.) What cannot be reached: a descendant that leaves the group on purpose
 * (setsid, daemonizing) — nothing short of a container or cgroup can follow it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

interface Group {
  watchdog: ChildProcess | null;
}

const live = new Map<number, Group>();
let installed = false;

/** Whether any process of group `pgid` is still alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Send `signal` to every process of the group; false when none is left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Track the group led by `pgid` (a child spawned with `detached: true`) until {@link endGroup}.
 * With `watchdog` (default) a watchdog ends the group if dst-verify itself is killed.
 */
export function registerGroup(pgid: number, opts: { watchdog?: boolean; graceMs?: number } = {}): void {
  installHandlers();
  live.set(pgid, { watchdog: opts.watchdog === false ? null : startWatchdog(pgid, opts.graceMs ?? 1000) });
}

/**
 * End group `pgid`: SIGTERM, then SIGKILL after `graceMs` if anything is left; resolves when the
 * group is gone (or after the SIGKILL). Safe to call for a group that already ended.
 */
export async function endGroup(pgid: number, graceMs: number): Promise<void> {
  if (signalGroup(pgid, 'SIGTERM')) {
    const deadline = Date.now() + graceMs;
    while (groupAlive(pgid) && Date.now() < deadline) await sleep(Math.min(25, graceMs));
    if (groupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
  }
  forget(pgid);
}

/** SIGKILL every live group at once (synchronous: usable in an 'exit' handler). */
export function killAllGroups(): void {
  for (const pgid of [...live.keys()]) {
    signalGroup(pgid, 'SIGKILL');
    forget(pgid);
  }
}

/** Number of groups still tracked (for tests). */
export function liveGroupCount(): number {
  return live.size;
}

function forget(pgid: number): void {
  const g = live.get(pgid);
  live.delete(pgid);
  // The watchdog's job is done: it must not signal a group id that may be reused later.
  if (g?.watchdog?.pid !== undefined) {
    try {
      process.kill(g.watchdog.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** `sh` waits for end of file on a pipe from us, then ends the group (see the module doc). */
function startWatchdog(pgid: number, graceMs: number): ChildProcess | null {
  if (process.platform === 'win32') return null;
  // `kill -SIG -PGID` (no `--`: dash's builtin refuses it) signals the whole group.
  const script = `read -r _; kill -TERM -"$1" 2>/dev/null; sleep ${Math.max(1, Math.ceil(graceMs / 1000))}; kill -KILL -"$1" 2>/dev/null`;
  try {
    const w = spawn('sh', ['-c', script, 'dst-verify-watchdog', String(pgid)], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    w.on('error', () => {});
    w.stdin?.on('error', () => {});
    w.unref();
    (w.stdin as Socket | null)?.unref?.();
    return w;
  } catch {
    return null;
  }
}

function installHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllGroups);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    let ending = false;
    const handler = (): void => {
      if (ending || live.size === 0) {
        killAllGroups();
        reRaise(signal, handler);
        return;
      }
      ending = true;
      void Promise.all([...live.keys()].map((pgid) => endGroup(pgid, 1000))).then(() => reRaise(signal, handler));
    };
    process.on(signal, handler);
  }
}

/** Die of `signal` as if no handler had been installed, unless someone else handles it too. */
function reRaise(signal: NodeJS.Signals, handler: () => void): void {
  process.removeListener(signal, handler);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
