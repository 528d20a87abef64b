/**
 * A conformance run: start an external simulator, run claims against it with runClaims, close it,
 * and collect a report. Used by `dst-verify conform` and by ci/conformance.ts.
 *
 * A claim whose requests the simulator answered `skipped` (and that therefore errored) is reported
 * "not applicable", like a claim needing an undeclared capability. A failed handshake yields a
 * report in which every claim has an "error" verdict carrying the handshake's message; only a
 * command that cannot be started at all is thrown (kind 'spawn').
 *
 * @example
 * const report = await runConformance('python3 fixtures/python/dst_sim.py', { claims: allClaims, tier: 'quick', seed: 1 });
 * report.ok; // true when every applicable claim passed
 */
import { gitCommit, packageInfo } from '../util/version.js';
import type { Claim, ClaimResult, Tier } from '../claims/claim.js';
import { splitCommandLine } from './commandLine.js';
import { DEFAULT_HANDSHAKE_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_RESTARTS } from './defaults.js';
import { ExternalSimulator, type ExternalOptions } from './external.js';
import { ExternalSimulatorError } from './errors.js';
import { claimSeed, runClaims } from '../claims/runner.js';

export interface ConformOptions extends ExternalOptions {
  claims: readonly Claim[];
  tier: Tier;
  seed: number;
  onProgress?: (index: number, fraction: number, id: string) => void;
  onResult?: (result: ClaimResult, index: number) => void;
  /** Called once the handshake succeeded. */
  onStart?: (sim: ExternalSimulator) => void;
}

/**
 * Everything needed to replay the run (`dst-verify conform --replay REPORT.json`): code version and
 * commit, the simulator's command line and hello, tier, seed, limits, and each claim's seed in
 * `results[i].seed`.
 */
export interface ConformReport {
  tool: string;
  version: string;
  /** Git commit of dst-verify when known (see gitCommit), else null. */
  commit: string | null;
  node: string;
  command: 'conform';
  simulatorCommand: string[];
  /** The simulator's hello reply exactly as received, or null when the handshake failed. */
  hello: Record<string, unknown> | null;
  /** Timeouts and restarts the run used. */
  limits: { requestTimeoutMs: number; handshakeTimeoutMs: number; maxRestarts: number };
  /** What the simulator said about itself, or null when the handshake failed. */
  simulator: {
    name: string;
    version: string;
    sphere: string;
    precision: string;
    capabilities: string[];
    unknownCapabilities: string[];
    restarts: number;
  } | null;
  /** Why no claim could run (handshake failure), else null. */
  error: string | null;
  tier: Tier;
  seed: number;
  startedAt: string;
  seconds: number;
  /** True when every applicable claim passed. */
  ok: boolean;
  counts: Record<ClaimResult['status'], number>;
  results: ClaimResult[];
}

export async function runConformance(commandLine: string | readonly string[], opts: ConformOptions): Promise<ConformReport> {
  const argv = typeof commandLine === 'string' ? splitCommandLine(commandLine) : [...commandLine];
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  let sim: ExternalSimulator;
  try {
    sim = await ExternalSimulator.start(argv, opts);
  } catch (e) {
    if (e instanceof ExternalSimulatorError && e.kind !== 'spawn') {
      const results = opts.claims.map((c) => errorResult(c, claimSeed(opts.seed, c.meta.id), e.message));
      return finish(argv, null, null, e.message, opts, startedAt, t0, results);
    }
    throw e;
  }
  opts.onStart?.(sim);
  let results: ClaimResult[];
  try {
    let skippedBefore = 0;
    const relabeled: ClaimResult[] = [];
    const ran = await runClaims(opts.claims, sim, {
      tier: opts.tier,
      seed: opts.seed,
      onProgress: opts.onProgress,
      onResult: (r, i) => {
        // runner.ts knows nothing of `skipped` replies: an error after one is "not applicable".
        relabeled[i] =
          r.status === 'error' && sim.skippedCount > skippedBefore
            ? { ...r, status: 'not-applicable', summary: `simulator skipped a request: ${r.summary.replace(/^.*simulator skipped the request: /, '')}` }
            : r;
        skippedBefore = sim.skippedCount;
        opts.onResult?.(relabeled[i], i);
      },
    });
    results = ran.map((r, i) => relabeled[i] ?? r);
  } finally {
    await sim.close();
  }
  const info = {
    ...sim.info,
    precision: sim.info.precision ?? 'float64',
    capabilities: [...sim.info.capabilities],
    unknownCapabilities: sim.unknownCapabilities,
    restarts: sim.restarts,
  };
  return finish(argv, info, { ...sim.hello }, null, opts, startedAt, t0, results);
}

function finish(
  argv: string[],
  simulator: ConformReport['simulator'],
  hello: ConformReport['hello'],
  error: string | null,
  opts: ConformOptions,
  startedAt: string,
  t0: number,
  results: ClaimResult[],
): ConformReport {
  const counts = { pass: 0, fail: 0, error: 0, 'not-applicable': 0 };
  for (const r of results) counts[r.status]++;
  const info = packageInfo();
  return {
    tool: info.name,
    version: info.version,
    commit: gitCommit(),
    node: process.version,
    command: 'conform',
    simulatorCommand: argv,
    hello,
    limits: {
      requestTimeoutMs: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      handshakeTimeoutMs: opts.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
      maxRestarts: opts.maxRestarts ?? DEFAULT_RESTARTS,
    },
    simulator,
    error,
    tier: opts.tier,
    seed: opts.seed,
    startedAt,
    seconds: (performance.now() - t0) / 1000,
    ok: error === null && counts.fail === 0 && counts.error === 0,
    counts,
    results,
  };
}

function errorResult(c: Claim, seed: number, message: string): ClaimResult {
  const m = c.meta;
  return { id: m.id, group: m.group, title: m.title, kind: m.kind, status: 'error', alpha: m.alpha, seconds: 0, seed, summary: message };
}
