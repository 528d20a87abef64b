/**
 * No orphans, no hangs: every way a run can end — a timeout, an error, the end of the run, SIGINT,
 * SIGTERM or SIGKILL to dst-verify — leaves no process of the simulator behind, including
 * processes behind a wrapper that does not exec, a simulator busy computing, one that ignores
 * shutdown and SIGTERM, and children the simulator started. Processes are found by a unique tag in
 * their command line (/proc, Linux).
 */
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startExternalSimulator, type ExternalOptions } from './external.js';
import { chainRequest, fixture, misbehaving } from './testing.js';

const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const FAST: ExternalOptions = { handshakeTimeoutMs: 5000, requestTimeoutMs: 500, shutdownTimeoutMs: 300, forceKillAfterMs: 300, maxRestarts: 0 };
const linux = existsSync('/proc/self/cmdline');

/** PIDs whose command line contains `tag`, except `but` (dst-verify itself, whose --sim names it). */
function tagged(tag: string, but?: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === but) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(tag)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

const node = JSON.stringify(process.execPath);
/** `bash -c '<node fixture> TAG; true'`: a wrapper that does not exec (bash waits, then runs true). */
const wrapped = (name: string, tag: string) => ['bash', '-c', `${node} ${JSON.stringify(fixture('misbehaving', `${name}.mjs`))} ${tag}; true`];

describe.runIf(linux)('simulator process groups', () => {
  it.each([
    ['hang', 'a hanging simulator behind a wrapper without exec'],
    ['busy', 'a busy simulator behind a wrapper without exec'],
  ])('timeout: %s (%s) leaves nothing behind and close() returns', async (name) => {
    const tag = `dst-tag-${randomUUID()}`;
    const sim = await startExternalSimulator(wrapped(name, tag), FAST);
    expect(tagged(tag).length).toBeGreaterThan(0);
    const t0 = performance.now();
    const error = await sim.runChain(chainRequest({ n: 2, d: 3, depth: 5, paths: 2 })).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/no reply to run_chain .* within 500 ms; simulator killed/);
    await sim.close();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(await waitFor(() => tagged(tag).length === 0, 3000)).toBe(true);
  });

  it('close() ends a simulator that ignores shutdown, end of input and SIGTERM, behind a wrapper', async () => {
    const tag = `dst-tag-${randomUUID()}`;
    const sim = await startExternalSimulator(wrapped('ignores-shutdown', tag), FAST);
    await sim.runChain(chainRequest({ n: 2, d: 3, depth: 5, paths: 2 }));
    const t0 = performance.now();
    await sim.close();
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(await waitFor(() => tagged(tag).length === 0, 3000)).toBe(true);
  });

  it('the end of a run ends the children the simulator started', async () => {
    const tag = `dst-tag-${randomUUID()}`;
    const sim = await startExternalSimulator(misbehaving('spawns-child', tag), FAST);
    await sim.runChain(chainRequest({ n: 2, d: 3, depth: 5, paths: 2 }));
    expect(await waitFor(() => tagged(tag).length > 0, 3000)).toBe(true);
    await sim.close();
    expect(await waitFor(() => tagged(tag).length === 0, 3000)).toBe(true);
  });

  /** dst-verify conform against a simulator that never answers run_chain, until `stop` is done to it. */
  async function interrupt(signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL', name: string) {
    const tag = `dst-tag-${randomUUID()}`;
    const sim = wrapped(name, tag)
      .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    const run = execa(process.execPath, [MAIN, 'conform', '--sim', sim, '--only', 'identical-tokens'], { reject: false });
    // The handshake is done once the fixture runs (bash and node); give run_chain a moment to be sent.
    expect(await waitFor(() => tagged(tag, run.pid).length >= 2, 30_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    const t0 = performance.now();
    run.kill(signal);
    const result = await run;
    const exitMs = performance.now() - t0;
    const gone = await waitFor(() => tagged(tag).length === 0, 4000);
    return { result, exitMs, gone, left: tagged(tag) };
  }

  it.each([
    ['SIGINT', 'ignores-shutdown'],
    ['SIGTERM', 'busy'],
    ['SIGINT', 'hang'],
  ] as const)('%s to dst-verify ends the %s simulator behind a wrapper, then dst-verify dies of it', async (signal, name) => {
    const { result, exitMs, gone, left } = await interrupt(signal, name);
    expect(result.signal, `exit ${result.exitCode}: ${result.stderr}`).toBe(signal);
    expect(exitMs).toBeLessThan(4000);
    expect(gone, `left behind: ${left.join(', ')}`).toBe(true);
  }, 60_000);

  it('SIGKILL to dst-verify: the watchdog ends the group (busy simulator, wrapper without exec)', async () => {
    const { result, gone, left } = await interrupt('SIGKILL', 'busy');
    expect(result.signal).toBe('SIGKILL');
    expect(gone, `left behind: ${left.join(', ')}`).toBe(true);
  }, 60_000);
});
