/**
 * `dst-verify conform --sim "<command line>"`: run every applicable claim against an external
 * simulator (PROTOCOL.md) and print, and optionally save (JSON, JUnit), a claim-by-claim report.
 * Exit statuses as in src/cli/runOutputs.ts: 0 every applicable claim passes, 1 a claim failed,
 * 2 usage mistakes, 3 the simulator broke (no claim failed, but some could not reach a verdict).
 * `--replay REPORT.json` reruns a saved report's claims with its simulator command, tier and seeds
 * and checks that the verdicts come out the same (an external simulator's numbers may vary).
 */
import type { Claim, ClaimResult } from '../claims/claim.js';
import { TIERS, type Tier } from '../claims/claim.js';
import { ExternalSimulatorError } from '../protocol/errors.js';
import { DEFAULT_HANDSHAKE_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_RESTARTS } from '../protocol/defaults.js';
import { ConfigError } from '../util/errors.js';
import { MAX_TIMER_MS } from '../util/args.js';
import { jsonDifferences } from '../grid/jsonDiff.js';
import { defineCommand, UsageError, writeOut } from './args.js';
import { formatClaimsTable } from './claimsTable.js';
import { progressBar } from '../util/progress.js';
import { compareClaims, formatReplay, narrow, readRecordedRun, replayCommand, reproduced } from './replay.js';
import { EXIT_ALL_PASS, EXIT_CLAIM_FAILED, outputPath, runExitStatus, writeOutput } from './runOutputs.js';

/** Claims named in --only (comma-separated ids), in allClaims order; unknown ids are an error. */
export function selectClaims(all: readonly Claim[], only: string | undefined): Claim[] {
  if (only === undefined) return [...all];
  const ids = only.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new ConfigError('--only', only, 'a comma-separated list of claim ids');
  const known = new Set(all.map((c) => c.meta.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) {
    throw new UsageError(`--only: unknown claim id ${unknown.map((u) => JSON.stringify(u)).join(', ')}; known ids: ${[...known].join(', ') || '(none registered)'}`);
  }
  return all.filter((c) => ids.includes(c.meta.id));
}

export const conformCommand = defineCommand({
  name: 'conform',
  summary: 'check an external simulator (any language, PROTOCOL.md) claim by claim',
  usage: 'conform --sim "<command line>" [options] | conform --replay REPORT.json [--only ID,ID] [--sim CMD]',
  options: {
    sim: { type: 'string', value: 'CMD', help: 'command line that starts the simulator (quotes respected, no shell)' },
    tier: { type: 'string', value: 'quick|full', help: 'sample sizes of the claims', defaultText: 'quick', choices: TIERS },
    seed: { type: 'integer', value: 'SEED', help: 'seed of the run (each claim derives its own)', defaultText: '0', min: 0, max: Number.MAX_SAFE_INTEGER },
    only: { type: 'string', value: 'ID,ID', help: 'run only these claim ids' },
    json: { type: 'boolean', help: 'print the report as one JSON object instead of a table' },
    report: { type: 'string', value: 'FILE', help: 'also save the JSON report to FILE (what --replay reads)' },
    junit: { type: 'string', value: 'FILE', help: 'also save a JUnit XML report to FILE (one test case per claim)' },
    replay: { type: 'string', value: 'REPORT', help: "rerun a saved report's claims with its simulator, tier and seeds; exit 0 iff every verdict is the same" },
    'timeout-ms': { type: 'integer', value: 'MS', help: 'base time per request, scaled up by request size', defaultText: String(DEFAULT_REQUEST_TIMEOUT_MS), min: 1, max: MAX_TIMER_MS },
    'handshake-timeout-ms': { type: 'integer', value: 'MS', help: 'time to start and answer hello', defaultText: String(DEFAULT_HANDSHAKE_TIMEOUT_MS), min: 1, max: MAX_TIMER_MS },
    restarts: { type: 'integer', value: 'K', help: 'restarts of a simulator that died', defaultText: String(DEFAULT_RESTARTS), min: 0, max: 100 },
    verbose: { type: 'boolean', help: "show the simulator's stderr" },
  },
  positionals: { name: '', max: 0, hint: 'quote the simulator command: --sim "python3 sim.py"' },
  examples: [
    'dst-verify conform --sim "python3 fixtures/python/dst_sim.py"',
    'dst-verify conform --sim "python3 my_sim.py --device cpu" --tier full --report report.json',
    'dst-verify conform --sim "julia --project=. sim.jl" --only phase-transition --json --junit claims.xml',
    'dst-verify conform --replay report.json',
  ],
  async run(v) {
    const reportPath = outputPath('--report', v.report);
    const junitPath = outputPath('--junit', v.junit);
    const recorded = v.replay === undefined ? null : readRecordedRun(v.replay, 'conform');
    if (recorded && (v.tier !== undefined || v.seed !== undefined)) {
      throw new UsageError('--replay takes the tier and seed from the report; drop --tier and --seed');
    }
    if (!recorded && (typeof v.sim !== 'string' || v.sim.trim() === '')) throw new UsageError('missing --sim "<command line>" (see: dst-verify conform --help)');
    // A replay runs the recorded command unless --sim names where the simulator lives now.
    const sim: string | string[] = typeof v.sim === 'string' && v.sim.trim() !== '' ? v.sim : recorded!.simulatorCommand!;
    const tier = recorded?.tier ?? ((v.tier ?? 'quick') as Tier);
    const seed = recorded?.seed ?? v.seed ?? 0;
    const requestTimeoutMs = v['timeout-ms'] ?? recorded?.limits?.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const handshakeTimeoutMs = v['handshake-timeout-ms'] ?? recorded?.limits?.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
    const maxRestarts = v.restarts ?? recorded?.limits?.maxRestarts ?? DEFAULT_RESTARTS;
    const { allClaims } = await import('../../specs/index.js');
    const claims = selectClaims(allClaims, recorded ? narrow(recorded.results.map((r) => r.id), v.only) : v.only);
    const { runConformance } = await import('../protocol/conform.js');

    const bar = progressBar(claims.length, 'conform');
    let report;
    try {
      report = await runConformance(sim, {
        claims,
        tier,
        seed,
        requestTimeoutMs,
        handshakeTimeoutMs,
        maxRestarts,
        onStderr: v.verbose ? (line) => process.stderr.write(`[sim] ${line}\n`) : undefined,
        onProgress: (i, f, id) => bar.update(i + f, id),
      });
    } catch (e) {
      if (e instanceof ExternalSimulatorError && e.kind === 'spawn') throw new UsageError(`--sim: ${e.message}`);
      throw e;
    } finally {
      bar.stop();
    }

    let replay = null;
    if (recorded) {
      const shown = recorded.results.filter((r) => claims.some((c) => c.meta.id === r.id));
      const claimsReplay = compareClaims(shown, report.results);
      const helloDifferences = jsonDifferences(recorded.hello, report.hello, 'hello', 4);
      replay = { of: v.replay!, standard: 'verdicts' as const, reproduced: reproduced(claimsReplay, 'verdicts'), helloDifferences, claims: claimsReplay };
    }
    const saved = replay ? { ...report, replay } : report;
    const replayOne = (r: ClaimResult) => replayCommand({ ...report, limits: report.limits }, r.id);
    writeOutput('--report', reportPath, JSON.stringify(saved, null, 2) + '\n');
    if (junitPath) {
      const { junitXml } = await import('../report/junit.js');
      const s = report.simulator;
      const properties = {
        tool: `${report.tool} ${report.version}`,
        commit: report.commit,
        simulator: s ? `${s.name} ${s.version}` : null,
        'simulator command': report.simulatorCommand.join(' '),
        tier,
        seed,
        node: report.node,
      };
      const suite = `dst-verify conform${s ? ` ${s.name}` : ''}`;
      writeOutput('--junit', junitPath, junitXml({ suite, classPrefix: 'dst-verify.conform', startedAt: report.startedAt, seconds: report.seconds, results: report.results, properties, replay: replayOne }));
    }
    if (v.json) {
      await writeOut(JSON.stringify(saved));
    } else {
      const s = report.simulator;
      const head = s
        ? `dst-verify ${report.version} — conformance of ${s.name} ${s.version} (${s.sphere} sphere, ${s.precision}; capabilities: ${s.capabilities.join(', ') || 'none'}), ${tier} tier, seed ${seed}`
        : `dst-verify ${report.version} — conformance of ${JSON.stringify(v.sim)}: ${report.error}`;
      // After a failed handshake every claim carries the same error: say it once.
      const lines = s ? [head, '', formatClaimsTable(report.results, process.stdout.isTTY === true, replayOne)] : [head, `no claim could run (${claims.length} claims)`];
      if (s?.restarts) lines.push(`the simulator was restarted ${s.restarts} time(s) after dying`);
      if (claims.length === 0) lines.push('no claims to run (specs/index.ts registers none)');
      lines.push(`${report.ok ? 'CONFORMS' : 'DOES NOT CONFORM'}: ${report.seconds.toFixed(1)} s${reportPath ? `; report saved to ${reportPath}` : ''}`);
      if (replay) {
        if (replay.helloDifferences.length) lines.push(`the simulator's hello changed since the report: ${replay.helloDifferences.join('; ')}`);
        lines.push(`replay of ${v.replay} (recorded by dst-verify ${recorded!.version}${recorded!.commit ? ` at ${recorded!.commit.slice(0, 12)}` : ''}):`, formatReplay(replay.claims, 'verdicts'));
      }
      await writeOut(lines.join('\n'));
    }
    if (replay) return replay.reproduced ? EXIT_ALL_PASS : EXIT_CLAIM_FAILED;
    return runExitStatus(report.results, report.error);
  },
});
