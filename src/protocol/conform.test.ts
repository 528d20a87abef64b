/**
 * End to end: conformance runs of the Python simulator on a couple of cheap claims (and a tiny
 * claim of our own), verdict mapping (n/a, skipped, handshake failure), and the `conform` command's
 * exit statuses, report file and usage errors.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allClaims } from '../../specs/index.js';
import { UsageError } from '../util/errors.js';
import { invoke } from '../cli/args.js';
import { conformCommand, selectClaims } from '../cli/conform.js';
import { ConfigError } from '../util/errors.js';
import type { Claim } from '../claims/claim.js';
import { runConformance } from './conform.js';
import { referenceSimulator } from '../claims/reference.js';
import { chainRequest, fixture, maxAbsDiff, misbehaving, pythonSim } from './testing.js';

/** A tiny claim of our own: with shared increments the simulator matches the reference chain. */
const coupledClaim: Claim = {
  meta: {
    id: 'test-coupled-reference',
    group: 'a',
    title: 'matches the reference given the increments',
    claim: 'test only',
    section: 'docs/model.md#the-discrete-chain',
    kind: 'exact',
    needs: ['explicit-noise'],
    alpha: null,
    sampleSize: { quick: '1 request', full: '1 request' },
    power: 'test only',
    catches: [],
  },
  async check(ctx) {
    const req = chainRequest({ n: 3, d: 3, depth: 30, paths: 8, beta: 1.5, gamma: 0.3, increments: true, seed: ctx.seed % 1000 });
    const [a, b] = await Promise.all([ctx.sim.runChain(req), referenceSimulator().runChain(req)]);
    const dev = maxAbsDiff(a.finalTokens, b.finalTokens);
    return { pass: dev < 1e-10, estimate: dev, interval: null, expected: '≤ 1e-10', sampleSize: 8, summary: `max deviation ${dev}`, evidence: { dev } };
  },
};
const needsMatrices: Claim = { ...coupledClaim, meta: { ...coupledClaim.meta, id: 'test-needs-matrices', needs: ['matrices'] } };

/** Cheap claims of allClaims (whichever exist while specs/ grows). */
const cheap = allClaims.filter((c) => ['identical-tokens', 'antipodal-pair'].includes(c.meta.id));

describe('runConformance', () => {
  it('the Python simulator passes cheap claims end to end', async () => {
    const report = await runConformance(pythonSim(), { claims: [...cheap, coupledClaim], tier: 'quick', seed: 3 });
    expect(report.error).toBeNull();
    expect(report.results.map((r) => [r.id, r.status, r.summary])).toEqual([...cheap, coupledClaim].map((c) => [c.meta.id, 'pass', expect.any(String)]));
    expect(report.ok).toBe(true);
    expect(report.simulator).toMatchObject({ name: 'dst_sim.py', sphere: 'unit', restarts: 0 });
  });

  it('a broken simulator is rejected by the claims that catch it', async () => {
    const catching = allClaims.filter((c) => c.meta.catches.includes('token-wise-noise') && c.meta.id === 'identical-tokens');
    const report = await runConformance(pythonSim('--fault', 'token-wise-noise'), { claims: [...catching, coupledClaim], tier: 'quick', seed: 3 });
    expect(report.results.every((r) => r.status === 'fail')).toBe(true);
    expect(report.ok).toBe(false);
  });

  it('missing capability → not applicable; the run still conforms', async () => {
    const report = await runConformance(pythonSim('--capabilities', 'explicit-noise'), { claims: [needsMatrices, coupledClaim], tier: 'quick', seed: 1 });
    expect(report.results.map((r) => r.status)).toEqual(['not-applicable', 'pass']);
    expect(report.ok).toBe(true);
  });

  it('skipped replies → not applicable, with the reason', async () => {
    const report = await runConformance(misbehaving('skips'), { claims: [coupledClaim], tier: 'quick', seed: 1 });
    expect(report.results[0]).toMatchObject({ status: 'not-applicable', summary: 'simulator skipped a request: only float32 on this device' });
  });

  it('a failed handshake gives every claim an error verdict naming the cause', async () => {
    const report = await runConformance(misbehaving('old-protocol'), { claims: [coupledClaim, needsMatrices], tier: 'quick', seed: 1 });
    expect(report.simulator).toBeNull();
    expect(report.error).toMatch(/protocol version 2/);
    expect(report.results.map((r) => r.status)).toEqual(['error', 'error']);
    expect(report.ok).toBe(false);
  });

  it('a crashing simulator: error verdicts naming the crash; without restarts the next claim fails at once', async () => {
    const plain = (id: string): Claim => ({
      meta: { ...coupledClaim.meta, id, needs: [] },
      async check(ctx) {
        await ctx.sim.runChain(chainRequest({ paths: 1 }));
        return { pass: true, estimate: null, interval: null, expected: null, sampleSize: 1, summary: 'ran', evidence: {} };
      },
    });
    const report = await runConformance(misbehaving('crash'), { claims: [plain('one'), plain('two')], tier: 'quick', seed: 1, maxRestarts: 0 });
    expect(report.results.map((r) => r.status)).toEqual(['error', 'error']);
    expect(report.results[0].summary).toMatch(/run_chain #1 .*exited with code 3.*CUDA out of memory/);
    expect(report.results[1].summary).toMatch(/simulator is not running \(simulator exited with code 3/);
    expect(report.results[1].seconds).toBeLessThan(0.05);
  });
});

describe('conform command', () => {
  const out: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    out.length = 0;
  });
  const capture = () =>
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      out.push(String(s));
      return true;
    });
  const sim = pythonSim().map((a) => JSON.stringify(a)).join(' ');
  const first = cheap[0]?.meta.id;

  it.runIf(first)('exit 0 and a JSON report when the claims pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-'));
    capture();
    const code = await invoke(conformCommand, ['--sim', sim, '--only', first!, '--report', join(dir, 'r.json'), '--json']);
    expect(code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(JSON.parse(out.join(''))).toMatchObject({ ok: true, tier: 'quick', counts: { pass: 1 } });
    expect(saved.results[0]).toMatchObject({ id: first, status: 'pass' });
  });

  it.runIf(first)('exit 1 and a table when a claim fails', async () => {
    capture();
    const code = await invoke(conformCommand, ['--sim', `${sim} --fault token-wise-noise`, '--only', first!]);
    expect(code).toBe(1);
    expect(out.join('')).toMatch(/FAIL[\s\S]*DOES NOT CONFORM/);
  });

  it('user mistakes are UsageError or ConfigError (exit 2)', async () => {
    await expect(invoke(conformCommand, [])).rejects.toThrow(UsageError);
    await expect(invoke(conformCommand, ['--sim', sim, 'extra'])).rejects.toThrow(/quote the simulator command/);
    await expect(invoke(conformCommand, ['--sim', sim, '--tier', 'slow'])).rejects.toThrow(ConfigError);
    await expect(invoke(conformCommand, ['--sim', sim, '--timeout-ms', '0'])).rejects.toThrow(ConfigError);
    await expect(invoke(conformCommand, ['--sim', sim, '--timeout-ms', '1e10'])).rejects.toThrow(/invalid --timeout-ms: got "1e10"; expected an integer in \[1, 2147483647\]/);
    await expect(invoke(conformCommand, ['--sim', sim, '--report', '/no/such/dir/r.json'])).rejects.toThrow(/--report/);
    await expect(invoke(conformCommand, ['--sim', 'no-such-simulator-xyz'])).rejects.toThrow(/--sim: cannot start "no-such-simulator-xyz": command not found/);
    expect(() => selectClaims(allClaims, 'nope')).toThrow(/unknown claim id "nope"/);
    expect(selectClaims([coupledClaim, needsMatrices], ' test-needs-matrices ,')).toEqual([needsMatrices]);
  });
});

describe('docs/check-your-own-simulator.md', () => {
  it('shows fixtures/python/minimal_sim.py verbatim, and that simulator passes cheap claims', async () => {
    const root = join(fixture('python'), '..', '..');
    const doc = readFileSync(join(root, 'docs', 'check-your-own-simulator.md'), 'utf8');
    const block = /```python\n([\s\S]*?)```/.exec(doc)![1];
    expect(block).toBe(readFileSync(fixture('python', 'minimal_sim.py'), 'utf8'));
    expect(doc).toContain('npx dst-verify conform --sim "python3 fixtures/python/minimal_sim.py"');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(/```python\n([\s\S]*?)```/.exec(readme)![1]).toBe(block);
    expect(readme).toContain('npx dst-verify conform --sim "python3 fixtures/python/minimal_sim.py"');
    const report = await runConformance([pythonSim()[0], fixture('python', 'minimal_sim.py')], { claims: [...cheap, coupledClaim], tier: 'quick', seed: 5 });
    expect(report.results.map((r) => r.status)).toEqual([...cheap.map(() => 'pass'), 'not-applicable']);
  });
});
