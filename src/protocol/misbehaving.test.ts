/**
 * Each misbehaving fixture simulator (fixtures/misbehaving/*.mjs) gets a clear error naming what
 * went wrong, within its timeout, with no hang and no unhandled rejection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExternalSimulator, type ExternalOptions } from './external.js';
import { ExternalSimulatorError, type ExternalErrorKind } from './errors.js';
import { chainRequest, misbehaving } from './testing.js';

const FAST: ExternalOptions = { handshakeTimeoutMs: 5000, requestTimeoutMs: 600, shutdownTimeoutMs: 500, forceKillAfterMs: 300, maxRestarts: 0 };
const req = () => chainRequest({ n: 2, d: 3, depth: 5, paths: 2 });

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

/** The error of one run_chain against fixture `name`, with the time it took. */
async function runOnce(name: string, args: string[] = [], opts: ExternalOptions = {}) {
  const sim = await startExternalSimulator(misbehaving(name, ...args), { ...FAST, ...opts });
  const t0 = performance.now();
  try {
    const error = await sim.runChain(req()).then(
      () => null,
      (e: unknown) => e as ExternalSimulatorError,
    );
    return { error, ms: performance.now() - t0, sim };
  } finally {
    await sim.close();
  }
}

function expectError(error: ExternalSimulatorError | null, kind: ExternalErrorKind, pattern: RegExp) {
  expect(error).toBeInstanceOf(ExternalSimulatorError);
  expect(error!.kind).toBe(kind);
  expect(error!.message).toMatch(pattern);
  expect(error!.message).not.toContain('\n');
}

async function handshakeError(argv: string[], opts: ExternalOptions = {}) {
  const t0 = performance.now();
  const error = await startExternalSimulator(argv, { ...FAST, ...opts }).then(
    async (s) => {
      await s.close();
      return null;
    },
    (e: unknown) => e as ExternalSimulatorError,
  );
  return { error, ms: performance.now() - t0 };
}

describe('misbehaving simulators', () => {
  it('crash: exit code and the last stderr lines', async () => {
    const { error, ms } = await runOnce('crash');
    expectError(error, 'exited', /run_chain #1 .*exited with code 3.*stderr:.*CUDA out of memory/);
    expect(ms).toBeLessThan(2000);
  });

  it('crash before the handshake: the import error is shown', async () => {
    const { error } = await handshakeError(misbehaving('crash-at-start'));
    expectError(error, 'handshake', /handshake failed: simulator exited with code 1.*No module named 'torch'/);
  });

  it('command not found: a spawn error', async () => {
    const { error } = await handshakeError(['definitely-not-a-simulator-xyz']);
    expectError(error, 'spawn', /cannot start "definitely-not-a-simulator-xyz": command not found/);
  });

  it('silent: handshake timeout, process killed', async () => {
    const { error, ms } = await handshakeError(misbehaving('silent'), { handshakeTimeoutMs: 500 });
    expectError(error, 'handshake', /handshake failed: no reply to hello within 500 ms; simulator killed/);
    expect(ms).toBeLessThan(2500);
  });

  it('hang: request timeout, process killed', async () => {
    const { error, ms } = await runOnce('hang');
    expectError(error, 'timeout', /no reply to run_chain #1 .* within 600 ms; simulator killed/);
    expect(ms).toBeGreaterThanOrEqual(550);
    expect(ms).toBeLessThan(2000);
  });

  it('garbage on stdout: the line is quoted with a hint', async () => {
    const { error, ms } = await runOnce('garbage');
    expectError(error, 'protocol', /not JSON: "Loading weights\.\.\. done" \(write logs to stderr/);
    expect(ms).toBeLessThan(2000);
  });

  it('partial JSON then hang: timeout quoting the partial line', async () => {
    const { error } = await runOnce('partial');
    expectError(error, 'timeout', /within 600 ms; it had written part of a line: "\{\\"type\\":\\"result\\"/);
  });

  it('partial JSON then exit: exit quoting the partial line', async () => {
    const { error, ms } = await runOnce('partial', ['--then-exit']);
    expectError(error, 'exited', /exited with code 0 after writing part of a line/);
    expect(ms).toBeLessThan(2000);
  });

  it('NaN as a bare JSON token', async () => {
    const { error } = await runOnce('nan');
    expectError(error, 'protocol', /NaN or Infinity, which is not valid JSON/);
  });

  it('NaN inside binary data: the index is named', async () => {
    const { error } = await runOnce('nan', ['--binary']);
    expectError(error, 'protocol', /final_tokens contains NaN at index \[1, 1, 2\]/);
  });

  it('wrong shape', async () => {
    const { error } = await runOnce('wrong-shape');
    expectError(error, 'protocol', /final_tokens\[0\]\[0\] must be a list of length 3 \(expected shape \[2, 2, 3\]\), got a list of length 2/);
  });

  it('reply to an unknown id', async () => {
    const { error } = await runOnce('wrong-id');
    expectError(error, 'protocol', /result reply with id 101, which answers no pending request/);
  });

  it('endless line: refused past the line limit', async () => {
    const { error, ms } = await runOnce('endless-line', [], { maxLineBytes: 1 << 20 });
    expectError(error, 'protocol', /line longer than 1048576 bytes/);
    expect(ms).toBeLessThan(2000);
  });

  it('skipped: kind "skipped" with the reason, process still usable', async () => {
    const { error, sim } = await runOnce('skips');
    expectError(error, 'skipped', /skipped the request: only float32 on this device/);
    expect(sim.skippedCount).toBe(1);
  });

  it('slow: the timeout scales with the request size', async () => {
    const sim = await startExternalSimulator(misbehaving('slow', '--delay', '300'), { ...FAST, requestTimeoutMs: 100 });
    try {
      const big = chainRequest({ n: 2, d: 3, depth: 1000, paths: 5000 }); // work 1.5e8 → 150 ms
      expect(sim.requestTimeout(big)).toBeCloseTo(150, 6);
      const huge = chainRequest({ n: 2, d: 3, depth: 1000, paths: 20000 }); // work 6e8 → 600 ms
      await expect(sim.runChain(huge)).resolves.toBeTruthy();
      const err = await sim.runChain(req()).catch((e) => e);
      expectError(err, 'timeout', /no reply to run_chain #2 .* within 100 ms; simulator killed/);
    } finally {
      await sim.close();
    }
  });

  it('another protocol version', async () => {
    const { error } = await handshakeError(misbehaving('old-protocol'));
    expectError(error, 'handshake', /simulator speaks protocol version 2, dst-verify speaks version 1/);
  });

  it('dies mid-run: later requests fail at once without restarts', async () => {
    const sim = await startExternalSimulator(misbehaving('dies-midrun'), FAST);
    try {
      await expect(sim.runChain(req())).resolves.toBeTruthy();
      expectError(await sim.runChain(req()).catch((e) => e), 'exited', /run_chain #2 .*exited with code 9/);
      const t0 = performance.now();
      expectError(await sim.runChain(req()).catch((e) => e), 'exited', /simulator is not running \(simulator exited with code 9/);
      expect(performance.now() - t0).toBeLessThan(50);
    } finally {
      await sim.close();
    }
  });

  it('dies mid-run: restarted once, then fails at once', async () => {
    const restarts: string[] = [];
    const sim = await startExternalSimulator(misbehaving('dies-midrun'), { ...FAST, maxRestarts: 1, onRestart: (c) => restarts.push(c.message) });
    try {
      await sim.runChain(req());
      await expect(sim.runChain(req())).rejects.toThrow(/exited with code 9/);
      await expect(sim.runChain(req())).resolves.toBeTruthy(); // fresh process, first request
      expect(restarts).toEqual(['simulator exited with code 9']);
      await expect(sim.runChain(req())).rejects.toThrow(/exited with code 9/);
      await expect(sim.runChain(req())).rejects.toThrow(/not running .*already restarted 1 time/);
    } finally {
      await sim.close();
    }
  });

  it('ignores shutdown and SIGTERM: killed, close() returns in bounded time', async () => {
    const sim = await startExternalSimulator(misbehaving('ignores-shutdown'), FAST);
    await sim.runChain(req());
    const t0 = performance.now();
    await sim.close();
    expect(performance.now() - t0).toBeLessThan(3000);
    await sim.close(); // idempotent
  });

  it('closed simulator: requests fail at once', async () => {
    const sim = await startExternalSimulator(misbehaving('hang'), FAST);
    await sim.close();
    await expect(sim.runChain(req())).rejects.toThrow(/closed/);
  });

  it('RMS sphere: tokens sent at radius √d with β/d, returned on the unit sphere', async () => {
    const sim = await startExternalSimulator(misbehaving('echo-rms'), FAST);
    try {
      const r = chainRequest({ n: 3, d: 4, depth: 2, paths: 2, beta: 4 });
      const out = await sim.runChain(r);
      expect(Array.from(out.finalTokens.subarray(0, 12)).map((x) => +x.toFixed(12))).toEqual(Array.from(r.initialTokens).map((x) => +x.toFixed(12)));
    } finally {
      await sim.close();
    }
  });
});
