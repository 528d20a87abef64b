/**
 * Replay end to end: a saved verify report replays bit for bit, and a tampered number or verdict is
 * caught (so the comparison can fail); a conform report of the Python simulator replays verdict for
 * verdict; the printed one-claim replay command reruns exactly that claim; exit statuses 1 (a claim
 * failed) and 3 (the simulator broke) are distinct; --junit lists every claim; command lines survive
 * quoting.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { invoke } from './args.js';
import { verifyCommand } from './verify.js';
import { conformCommand } from './conform.js';
import { compareClaims, replayCommand } from './replay.js';
import { EXIT_ALL_PASS, EXIT_CLAIM_FAILED, EXIT_SIMULATOR_BROKE } from './runOutputs.js';
import { joinCommandLine, splitCommandLine } from '../protocol/commandLine.js';
import { misbehaving, pythonSim } from '../protocol/testing.js';
import { parseXml } from '../report/testing.js';
import { ConfigError, UsageError } from '../util/errors.js';
import type { ClaimResult, PassResult } from '../claims/claim.js';

/** Cheap claims: two exact ones and a Monte Carlo one (its numbers depend on every random draw). */
const CLAIMS = 'identical-tokens,antipodal-pair,noncollapse-two-tokens';

const out: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  out.length = 0;
});
function capture() {
  out.length = 0;
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
}
const tmp = () => mkdtempSync(join(tmpdir(), 'replay-'));
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));

describe('verify --replay', () => {
  it('reproduces a saved report bit for bit, and catches a changed number or verdict', async () => {
    const dir = tmp();
    const report = join(dir, 'v.json');
    capture();
    expect(await invoke(verifyCommand, ['--only', CLAIMS, '--seed', '11', '--report', report, '--junit', join(dir, 'v.xml')])).toBe(EXIT_ALL_PASS);
    const saved = readJson(report);
    expect(saved).toMatchObject({ command: 'verify', tier: 'quick', seed: 11, simulatorCommand: null, hello: { simulator: { name: expect.any(String) } } });
    expect('commit' in saved).toBe(true);
    expect(saved.results.map((r: ClaimResult) => r.id)).toEqual(CLAIMS.split(','));
    expect(saved.results.every((r: ClaimResult) => Number.isSafeInteger(r.seed) && r.seed > 0)).toBe(true);
    const mc = saved.results[2] as PassResult;
    expect(mc.kind).toBe('statistical');
    expect(mc.estimate).not.toBeNull();

    // JUnit: every claim is a test case.
    const suite = parseXml(readFileSync(join(dir, 'v.xml'), 'utf8')).children[0];
    expect(suite.children.filter((c) => c.name === 'testcase').map((c) => c.attrs.name.split(':')[0])).toEqual(CLAIMS.split(','));

    capture();
    expect(await invoke(verifyCommand, ['--replay', report])).toBe(EXIT_ALL_PASS);
    expect(out.join('')).toMatch(/REPRODUCED: every verdict and every number, bit for bit — 3\/3 verdicts, 3\/3 identical numbers/);

    // One bit off in the Monte Carlo estimate: not reproduced.
    const tampered = structuredClone(saved);
    tampered.results[2].estimate = mc.estimate! + Number.EPSILON * Math.max(1, Math.abs(mc.estimate!));
    writeFileSync(join(dir, 't.json'), JSON.stringify(tampered));
    capture();
    expect(await invoke(verifyCommand, ['--replay', join(dir, 't.json'), '--only', mc.id])).toBe(EXIT_CLAIM_FAILED);
    expect(out.join('')).toMatch(new RegExp(`NUMBERS DIFFER\\s+${mc.id}[\\s\\S]*estimate: [\\s\\S]*NOT REPRODUCED`));

    // A recorded failure that now passes: the verdict differs.
    tampered.results[0].status = 'fail';
    writeFileSync(join(dir, 't.json'), JSON.stringify(tampered));
    capture();
    expect(await invoke(verifyCommand, ['--replay', join(dir, 't.json'), '--only', 'identical-tokens', '--json'])).toBe(EXIT_CLAIM_FAILED);
    expect(JSON.parse(out.join('')).replay).toMatchObject({ reproduced: false, claims: [{ id: 'identical-tokens', recorded: 'fail', now: 'pass', sameVerdict: false }] });
  });

  it('refuses what cannot be replayed (exit 2)', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ command: 'conform', tier: 'quick', seed: 1, results: [] }));
    await expect(invoke(verifyCommand, ['--replay', join(dir, 'c.json')])).rejects.toThrow(/a conform report/);
    await expect(invoke(verifyCommand, ['--replay', join(dir, 'none.json')])).rejects.toThrow(ConfigError);
    writeFileSync(join(dir, 'v.json'), JSON.stringify({ command: 'verify', tier: 'quick', seed: 1, results: [{ id: 'antipodal-pair', status: 'pass', seed: 5 }] }));
    await expect(invoke(verifyCommand, ['--replay', join(dir, 'v.json'), '--seed', '3'])).rejects.toThrow(UsageError);
    await expect(invoke(verifyCommand, ['--replay', join(dir, 'v.json'), '--only', 'identical-tokens'])).rejects.toThrow(/the report has no claim "identical-tokens"/);
    await expect(invoke(verifyCommand, ['--junit', join(dir, 'no', 'such', 'x.xml')])).rejects.toThrow(/--junit/);
  });
});

describe('conform: replay, one-claim replay command, exit statuses', () => {
  const sim = joinCommandLine(pythonSim());

  it('a failing claim prints the command that replays just it; that command and --replay give the same verdict', async () => {
    const dir = tmp();
    const report = join(dir, 'c.json');
    capture();
    const code = await invoke(conformCommand, ['--sim', `${sim} --fault token-wise-noise`, '--only', 'identical-tokens,antipodal-pair', '--seed', '4', '--report', report]);
    expect(code).toBe(EXIT_CLAIM_FAILED);
    const saved = readJson(report);
    expect(saved).toMatchObject({ simulatorCommand: [...pythonSim(), '--fault', 'token-wise-noise'], hello: { type: 'hello', protocol: 1, simulator: { name: 'dst_sim.py --fault token-wise-noise' } } });
    expect(saved.limits).toEqual({ requestTimeoutMs: 120000, handshakeTimeoutMs: 30000, maxRestarts: 1 });
    const line = out.join('').split('\n').find((l) => l.trim().startsWith('replay: '));
    expect(line).toBeDefined();
    const command = line!.trim().slice('replay: '.length);
    expect(command).toBe(replayCommand(saved, 'identical-tokens'));
    const words = splitCommandLine(command);
    expect(words.slice(0, 3)).toEqual(['npx', 'dst-verify', 'conform']);

    const single = join(dir, 'one.json');
    capture();
    expect(await invoke(conformCommand, [...words.slice(3), '--report', single])).toBe(EXIT_CLAIM_FAILED);
    const one = readJson(single).results;
    expect(one.map((r: ClaimResult) => r.id)).toEqual(['identical-tokens']);
    const failed = saved.results.find((r: ClaimResult) => r.id === 'identical-tokens');
    expect(compareClaims([failed], one)[0]).toMatchObject({ sameVerdict: true, sameNumbers: true });

    capture();
    expect(await invoke(conformCommand, ['--replay', report])).toBe(EXIT_ALL_PASS);
    expect(out.join('')).toMatch(/REPRODUCED: every verdict \(numbers of an external simulator may vary\)/);
    // Numbers may vary for an external simulator; a verdict may not.
    const tampered = structuredClone(saved);
    tampered.results[0].estimate = 12345;
    writeFileSync(join(dir, 't.json'), JSON.stringify(tampered));
    capture();
    expect(await invoke(conformCommand, ['--replay', join(dir, 't.json')])).toBe(EXIT_ALL_PASS);
    expect(out.join('')).toMatch(/same verdict\s+identical-tokens/);
    expect(saved.results[1].status).toBe('fail');
    tampered.results[1].status = 'pass';
    writeFileSync(join(dir, 't.json'), JSON.stringify(tampered));
    capture();
    expect(await invoke(conformCommand, ['--replay', join(dir, 't.json')])).toBe(EXIT_CLAIM_FAILED);
    expect(out.join('')).toMatch(/VERDICT DIFFERS\s+antipodal-pair \(pass → fail\)/);
  });

  it('a simulator that breaks exits 3, not 1; its JUnit report has errors, not failures', async () => {
    const dir = tmp();
    capture();
    const code = await invoke(conformCommand, ['--sim', joinCommandLine(misbehaving('crash')), '--only', 'identical-tokens', '--restarts', '0', '--junit', join(dir, 'j.xml')]);
    expect(code).toBe(EXIT_SIMULATOR_BROKE);
    const suite = parseXml(readFileSync(join(dir, 'j.xml'), 'utf8')).children[0];
    expect(suite.attrs).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    expect(out.join('')).toMatch(/replay: npx dst-verify conform --sim .* --restarts 0 --tier quick --seed 0 --only identical-tokens/);
  });
});

describe('joinCommandLine', () => {
  it('splits back into the same words, and the quoting is plain POSIX shell quoting', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 5 }), (argv) => {
        expect(splitCommandLine(joinCommandLine(argv))).toEqual(argv);
      }),
    );
    expect(joinCommandLine(['python3', 'my sim.py', "it's", '--x=1'])).toBe(`python3 'my sim.py' 'it'\\''s' --x=1`);
  });
});
