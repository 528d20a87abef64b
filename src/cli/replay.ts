/**
 * Replaying a saved `verify` or `conform` report: read what it recorded (tier, seed, the claims and
 * their seeds, the simulator), and compare the rerun's results with the recorded ones claim by claim.
 *
 * Two standards of "the same": for the reference simulator every verdict and every number (estimate,
 * interval, expected value, sample size, seed, summary, evidence) must come out identical, bit for
 * bit — seeded runs are deterministic. An external simulator need not be deterministic (PROTOCOL.md
 * §3.2 only asks that it SHOULD be), so there the verdicts must agree and differing numbers are
 * reported but tolerated. Timings are never compared.
 *
 * Also builds the one shell command that reruns a single claim of a run.
 *
 * @example
 * const rec = readRecordedRun('verify.json', 'verify');
 * compareClaims(rec.results, rerun.results); // [{ id, recorded: 'pass', now: 'pass', sameVerdict: true, sameNumbers: true, differences: [] }]
 */
import { readFileSync } from 'node:fs';
import type { ClaimResult, ClaimStatus, Tier } from '../claims/claim.js';
import { TIERS } from '../claims/claim.js';
import { jsonDifferences } from '../grid/jsonDiff.js';
import { joinCommandLine, quoteWord } from '../protocol/commandLine.js';
import { DEFAULT_HANDSHAKE_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_RESTARTS } from '../protocol/defaults.js';
import { ConfigError, UsageError } from '../util/errors.js';

export type ReplayStandard = 'bits' | 'verdicts';

/** What a saved report holds that a replay needs. */
export interface RecordedRun {
  command: 'verify' | 'conform';
  version: string;
  commit: string | null;
  tier: Tier;
  seed: number;
  results: ClaimResult[];
  /** conform only: the simulator's argv and the limits of the run. */
  simulatorCommand: string[] | null;
  limits: { requestTimeoutMs: number; handshakeTimeoutMs: number; maxRestarts: number } | null;
  hello: Record<string, unknown> | null;
}

export interface ClaimReplay {
  id: string;
  recorded: ClaimStatus;
  now: ClaimStatus;
  sameVerdict: boolean;
  sameNumbers: boolean;
  /** Where the numbers differ, as JSON paths (at most a few). */
  differences: string[];
}

const STATUSES: readonly ClaimStatus[] = ['pass', 'fail', 'not-applicable', 'error'];

/** Read and check a report saved by `dst-verify <command> --report`. */
export function readRecordedRun(path: string, command: RecordedRun['command']): RecordedRun {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof SyntaxError ? 'not valid JSON' : 'unreadable';
    throw new ConfigError('--replay', path, `a JSON report saved with --report (${why})`);
  }
  const r = raw as Record<string, unknown>;
  const bad = (what: string): never => {
    throw new ConfigError('--replay', path, `a ${command} report saved with --report (${what})`);
  };
  if (!r || typeof r !== 'object') bad('not a JSON object');
  if (r.command !== command) bad(`it is ${r.command === undefined ? 'not a dst-verify report' : `a ${String(r.command)} report`}`);
  if (!TIERS.includes(r.tier as Tier)) bad('no tier');
  if (!Number.isSafeInteger(r.seed) || (r.seed as number) < 0) bad('no seed');
  if (!Array.isArray(r.results)) bad('no results');
  for (const c of r.results as Record<string, unknown>[]) {
    if (!c || typeof c.id !== 'string' || !STATUSES.includes(c.status as ClaimStatus) || !Number.isSafeInteger(c.seed)) bad('a result without id, status or seed');
  }
  if (command === 'conform' && (!Array.isArray(r.simulatorCommand) || r.simulatorCommand.length === 0 || !r.simulatorCommand.every((w) => typeof w === 'string'))) {
    bad('no simulatorCommand');
  }
  const limits = r.limits as RecordedRun['limits'] | undefined;
  return {
    command,
    version: typeof r.version === 'string' ? r.version : 'unknown',
    commit: typeof r.commit === 'string' ? r.commit : null,
    tier: r.tier as Tier,
    seed: r.seed as number,
    results: r.results as ClaimResult[],
    simulatorCommand: command === 'conform' ? (r.simulatorCommand as string[]) : null,
    limits: limits && typeof limits === 'object' ? limits : null,
    hello: r.hello && typeof r.hello === 'object' ? (r.hello as Record<string, unknown>) : null,
  };
}

/** The parts of a result a replay must reproduce (all but the timing), as they read back from JSON. */
function reproducible(r: ClaimResult): unknown {
  const { seconds: _timing, ...rest } = r;
  return JSON.parse(JSON.stringify(rest));
}

/** Compare a rerun with the recorded results, claim by claim (matched by id, in recorded order). */
export function compareClaims(recorded: readonly ClaimResult[], now: readonly ClaimResult[]): ClaimReplay[] {
  const byId = new Map(now.map((r) => [r.id, r]));
  return recorded.map((rec) => {
    const cur = byId.get(rec.id);
    if (!cur) return { id: rec.id, recorded: rec.status, now: 'error', sameVerdict: false, sameNumbers: false, differences: ['claim not rerun'] };
    const differences = jsonDifferences(reproducible(rec), reproducible(cur), '', 4);
    return { id: rec.id, recorded: rec.status, now: cur.status, sameVerdict: rec.status === cur.status, sameNumbers: differences.length === 0, differences };
  });
}

/** Whether a replay reproduced its report under the given standard. */
export function reproduced(replays: readonly ClaimReplay[], standard: ReplayStandard): boolean {
  return replays.every((r) => r.sameVerdict && (standard === 'verdicts' || r.sameNumbers));
}

/** The replay verdict, one line per claim and a last line saying whether the report reproduced. */
export function formatReplay(replays: readonly ClaimReplay[], standard: ReplayStandard): string {
  const lines = replays.map((r) => {
    const same = r.sameVerdict && r.sameNumbers;
    const tag = same ? 'same' : r.sameVerdict ? (standard === 'bits' ? 'NUMBERS DIFFER' : 'same verdict') : 'VERDICT DIFFERS';
    const verdict = r.sameVerdict ? r.now : `${r.recorded} → ${r.now}`;
    const head = `${tag.padEnd(15)} ${r.id} (${verdict})`;
    return r.differences.length && !same ? `${head}\n${r.differences.map((d) => `                  ${d}`).join('\n')}` : head;
  });
  const ok = reproduced(replays, standard);
  const what = standard === 'bits' ? 'every verdict and every number, bit for bit' : 'every verdict (numbers of an external simulator may vary)';
  lines.push('', `${ok ? 'REPRODUCED' : 'NOT REPRODUCED'}: ${what} — ${replays.filter((r) => r.sameVerdict).length}/${replays.length} verdicts, ${replays.filter((r) => r.sameNumbers).length}/${replays.length} identical numbers`);
  return lines.join('\n');
}

/** The shell command that reruns just claim `id` of a run (same tier, same seed, so the same claim seed). */
export function replayCommand(
  run: { command: 'verify' | 'conform'; tier: Tier; seed: number; simulatorCommand?: readonly string[] | null; limits?: RecordedRun['limits'] },
  id: string,
): string {
  let sim = '';
  if (run.command === 'conform' && run.simulatorCommand) {
    sim = ` --sim ${quoteWord(joinCommandLine(run.simulatorCommand))}`;
    const l = run.limits;
    if (l && l.requestTimeoutMs !== DEFAULT_REQUEST_TIMEOUT_MS) sim += ` --timeout-ms ${l.requestTimeoutMs}`;
    if (l && l.handshakeTimeoutMs !== DEFAULT_HANDSHAKE_TIMEOUT_MS) sim += ` --handshake-timeout-ms ${l.handshakeTimeoutMs}`;
    if (l && l.maxRestarts !== DEFAULT_RESTARTS) sim += ` --restarts ${l.maxRestarts}`;
  }
  return `npx dst-verify ${run.command}${sim} --tier ${run.tier} --seed ${run.seed} --only ${quoteWord(id)}`;
}

/** The claim ids of a replay: the report's, narrowed by --only (which must name claims in the report). */
export function narrow(recordedIds: readonly string[], only: string | undefined): string {
  if (only === undefined) return recordedIds.join(',');
  const ids = only.split(',').map((s) => s.trim()).filter(Boolean);
  const missing = ids.filter((id) => !recordedIds.includes(id));
  if (missing.length) throw new UsageError(`--only: the report has no claim ${missing.map((m) => JSON.stringify(m)).join(', ')}; it has ${recordedIds.join(', ')}`);
  return ids.join(',');
}
