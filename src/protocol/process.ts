/**
 * One running external simulator: the child process (execa, no shell), its JSON-lines stdout,
 * its stderr tail, and the requests waiting for a reply. Anything that goes wrong — exit, a
 * timeout, a line that is not a reply — marks the process dead with a cause, kills it and rejects
 * every waiting request with that cause, so no caller waits longer than its own timeout.
 *
 * The simulator leads its own process group (src/util/processGroups.ts): killing it, on error,
 * timeout, shutdown or a signal to dst-verify, ends the whole group — SIGTERM, then SIGKILL after
 * `forceKillAfterMs` — so wrappers that do not exec and the simulator's own children go too.
 *
 * @example
 * const p = new SimulatorProcess(['python3', 'sim.py'], {});
 * const hello = await p.request({ type: 'hello', id: 0, protocol: 1 }, 'hello', 10_000);
 * await p.shutdown(1, 2_000);
 */
import { execa, type ResultPromise } from 'execa';
import { endGroup, registerGroup } from '../util/processGroups.js';
import { MAX_TIMER_MS } from '../util/args.js';
import { ExternalSimulatorError, oneLine, quote, type ExternalErrorKind } from './errors.js';
import { LineSplitter } from './lineSplitter.js';
import { parseReplyLine, type Reply } from './protocol.js';

export interface ProcessOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Longest accepted output line (default 256 MiB). */
  maxLineBytes?: number;
  /** After SIGTERM, SIGKILL follows after this many ms (default 1000). */
  forceKillAfterMs?: number;
  /** Called with every stderr line of the simulator (e.g. to show it with --verbose). */
  onStderr?: (line: string) => void;
}

interface Waiting {
  label: string;
  resolve(reply: Reply): void;
  reject(error: ExternalSimulatorError): void;
  timer: NodeJS.Timeout | null;
}

const STDERR_LINES = 6;

export class SimulatorProcess {
  /** Why the process is unusable, or null while it runs and speaks the protocol. */
  dead: ExternalSimulatorError | null = null;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<void>;
  private readonly sub: ResultPromise;
  private readonly splitter: LineSplitter;
  private readonly waiting = new Map<number, Waiting>();
  private readonly stderrTail: string[] = [];
  private stderrPartial = '';
  private readonly forceKillAfterMs: number;

  constructor(
    readonly argv: readonly string[],
    opts: ProcessOptions = {},
  ) {
    this.splitter = new LineSplitter(opts.maxLineBytes ?? 256 * 1024 * 1024);
    this.forceKillAfterMs = opts.forceKillAfterMs ?? 1000;
    this.sub = execa(argv[0], argv.slice(1), {
      cwd: opts.cwd,
      // Unbuffered Python output: a simulator that forgets to flush still works.
      env: { PYTHONUNBUFFERED: '1', ...opts.env },
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      // Its own process group; processGroups.ts ends the group (execa's cleanup reaches the leader only).
      detached: process.platform !== 'win32',
      cleanup: process.platform === 'win32',
      forceKillAfterDelay: this.forceKillAfterMs,
      windowsHide: true,
    });
    if (this.sub.pid !== undefined && process.platform !== 'win32') registerGroup(this.sub.pid, { graceMs: this.forceKillAfterMs });
    // A write to a process that just died fails with EPIPE; the exit handler reports it.
    this.sub.stdin?.on('error', () => {});
    this.sub.stdout?.on('data', (chunk: Buffer | string) => this.onStdout(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    this.sub.stderr?.on('data', (chunk: Buffer | string) => this.onStderr(String(chunk), opts.onStderr));
    this.exited = this.sub.then(
      (result) => this.onExit(result),
      (error: unknown) => this.onExit({ failed: true, shortMessage: String(error) }),
    );
  }

  get pid(): number | undefined {
    return this.sub.pid;
  }

  /** Send `message` (with its `id`) and wait for the reply with that id, at most `timeoutMs`. */
  request(message: { id: number; type: string }, label: string, timeoutMs: number): Promise<Reply> {
    if (this.dead) return Promise.reject(this.failure(this.dead, label));
    return new Promise<Reply>((resolve, reject) => {
      const w: Waiting = { label, resolve, reject, timer: null };
      // Timers fire at once past 2^31 − 1 ms: clamp, so a long timeout never becomes an instant one.
      w.timer = setTimeout(() => {
        const partial = this.splitter.partial();
        const got = partial ? `; it had written part of a line: ${quote(partial)}` : '';
        this.kill('timeout', `no reply to ${label} within ${formatMs(timeoutMs)}${got}; simulator killed`);
      }, Math.min(timeoutMs, MAX_TIMER_MS));
      this.waiting.set(message.id, w);
      this.sub.stdin?.write(JSON.stringify(message) + '\n');
    });
  }

  /** Mark dead with a cause, reject every waiting request and terminate the process. */
  kill(kind: ExternalErrorKind, message: string): void {
    if (!this.dead) this.dead = new ExternalSimulatorError(kind, message + this.stderrNote());
    this.rejectAll();
    void this.endGroup();
  }

  /** End the whole process group (a no-op once it is gone). */
  private endGroup(): Promise<void> {
    if (this.sub.pid === undefined || process.platform === 'win32') {
      this.sub.kill();
      return Promise.resolve();
    }
    return endGroup(this.sub.pid, this.forceKillAfterMs);
  }

  /**
   * Polite shutdown: send `shutdown`, close stdin, wait up to `timeoutMs` for the exit, then
   * SIGTERM and SIGKILL. Always resolves, within about timeoutMs + forceKillAfterMs.
   */
  async shutdown(id: number, timeoutMs: number): Promise<void> {
    if (!this.dead) {
      this.request({ type: 'shutdown', id }, 'shutdown', timeoutMs).catch(() => {});
      this.sub.stdin?.end();
      if (!(await within(this.exited, timeoutMs))) this.kill('exited', 'simulator did not exit after shutdown; killed');
    }
    // Whatever is left of the group (children of a wrapper, a simulator ignoring shutdown) goes too.
    await this.endGroup();
    // A descendant that left the group could still hold our pipes open: do not wait for it.
    if (!(await within(this.exited, 200))) {
      this.sub.stdout?.destroy();
      this.sub.stderr?.destroy();
      this.sub.stdin?.destroy();
      await within(this.exited, this.forceKillAfterMs + 1000);
    }
  }

  private failure(cause: ExternalSimulatorError, label: string): ExternalSimulatorError {
    return new ExternalSimulatorError(cause.kind, `${label}: ${cause.message}`);
  }

  private rejectAll(): void {
    for (const [id, w] of this.waiting) {
      this.waiting.delete(id);
      if (w.timer) clearTimeout(w.timer);
      w.reject(this.failure(this.dead!, w.label));
    }
  }

  private onStdout(chunk: Buffer): void {
    if (this.dead) return;
    let lines: string[];
    try {
      lines = this.splitter.push(chunk);
    } catch (e) {
      this.kill('protocol', `simulator wrote ${(e as Error).message}`);
      return;
    }
    for (const line of lines) {
      if (this.dead) return;
      if (line.trim() === '') continue;
      let reply: Reply;
      try {
        reply = parseReplyLine(line);
      } catch (e) {
        this.kill('protocol', (e as Error).message);
        return;
      }
      const w = this.waiting.get(reply.id);
      if (!w) {
        this.kill('protocol', `simulator sent a ${reply.type} reply with id ${reply.id}, which answers no pending request`);
        return;
      }
      this.waiting.delete(reply.id);
      if (w.timer) clearTimeout(w.timer);
      w.resolve(reply);
    }
  }

  private onStderr(text: string, forward?: (line: string) => void): void {
    const parts = (this.stderrPartial + text).split('\n');
    this.stderrPartial = parts.pop()!.slice(-2000);
    for (const line of parts) {
      forward?.(line);
      if (line.trim() === '') continue;
      this.stderrTail.push(line.slice(0, 300));
      if (this.stderrTail.length > STDERR_LINES) this.stderrTail.shift();
    }
  }

  private stderrNote(): string {
    const lines = [...this.stderrTail, this.stderrPartial.trim()].filter(Boolean).slice(-STDERR_LINES);
    return lines.length ? `; stderr: ${oneLine(lines.join('\n'), 400)}` : '';
  }

  private onExit(result: { exitCode?: number; signal?: string; failed?: boolean; code?: string; shortMessage?: string }): void {
    if (this.dead) {
      this.rejectAll();
      return;
    }
    let kind: ExternalErrorKind = 'exited';
    let how: string;
    if (result.exitCode === undefined && result.signal === undefined) {
      kind = 'spawn';
      how = result.code === 'ENOENT' ? `cannot start ${quote(this.argv[0])}: command not found` : `cannot start ${quote(this.argv[0])}: ${result.code ?? result.shortMessage ?? 'unknown error'}`;
    } else {
      how = result.signal ? `simulator was killed by ${result.signal}` : `simulator exited with code ${result.exitCode}`;
      const partial = this.splitter.partial();
      if (partial) how += ` after writing part of a line: ${quote(partial)}`;
    }
    this.dead = new ExternalSimulatorError(kind, how + this.stderrNote());
    this.rejectAll();
  }
}

/** Whether `p` settles within `ms` (the timer does not keep Node alive). */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((r) => {
    timer = setTimeout(() => r(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([p.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
