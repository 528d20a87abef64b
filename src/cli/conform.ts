/**
 * `dst-verify conform --sim "<command line>"`: run every applicable claim against an external
 * simulator (PROTOCOL.md) and print, and optionally save, a claim-by-claim report.
 * Exit status 0 when every applicable claim passes, 1 otherwise, 2 for usage mistakes.
 */
import { writeFileSync } from 'node:fs';
import type { Claim } from '../claims/claim.js';
import { TIERS, type Tier } from '../claims/claim.js';
import { ExternalSimulatorError } from '../protocol/errors.js';
import { ConfigError } from '../util/errors.js';
import { MAX_TIMER_MS } from '../util/args.js';
import { defineCommand, UsageError, writeOut } from './args.js';
import { formatClaimsTable } from './claimsTable.js';
import { progressBar } from '../util/progress.js';
import { checkOutputFile } from '../util/files.js';

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
  usage: 'conform --sim "<command line>" [options]',
  options: {
    sim: { type: 'string', value: 'CMD', help: 'command line that starts the simulator (quotes respected, no shell)' },
    tier: { type: 'string', value: 'quick|full', help: 'sample sizes of the claims', default: 'quick', choices: TIERS },
    seed: { type: 'integer', value: 'SEED', help: 'seed of the run (each claim derives its own)', default: 0, min: 0, max: Number.MAX_SAFE_INTEGER },
    only: { type: 'string', value: 'ID,ID', help: 'run only these claim ids' },
    json: { type: 'boolean', help: 'print the report as one JSON object instead of a table' },
    report: { type: 'string', value: 'FILE', help: 'also save the JSON report to FILE' },
    'timeout-ms': { type: 'integer', value: 'MS', help: 'base time per request, scaled up by request size', default: 120_000, min: 1, max: MAX_TIMER_MS },
    'handshake-timeout-ms': { type: 'integer', value: 'MS', help: 'time to start and answer hello', default: 30_000, min: 1, max: MAX_TIMER_MS },
    restarts: { type: 'integer', value: 'K', help: 'restarts of a simulator that died', default: 1, min: 0, max: 100 },
    verbose: { type: 'boolean', help: "show the simulator's stderr" },
  },
  positionals: { name: '', max: 0, hint: 'quote the simulator command: --sim "python3 sim.py"' },
  examples: [
    'dst-verify conform --sim "python3 fixtures/python/dst_sim.py"',
    'dst-verify conform --sim "python3 my_sim.py --device cpu" --tier full --report report.json',
    'dst-verify conform --sim "julia --project=. sim.jl" --only phase-transition --json',
  ],
  async run(v) {
    if (typeof v.sim !== 'string' || v.sim.trim() === '') throw new UsageError('missing --sim "<command line>" (see: dst-verify conform --help)');
    const sim = v.sim;
    const tier = v.tier as Tier;
    const seed = v.seed;
    const requestTimeoutMs = v['timeout-ms'];
    const handshakeTimeoutMs = v['handshake-timeout-ms'];
    const maxRestarts = v.restarts;
    const reportPath = typeof v.report === 'string' ? checkOutputFile('--report', v.report) : null;
    const { allClaims } = await import('../../specs/index.js');
    const claims = selectClaims(allClaims, v.only);
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

    if (reportPath) {
      try {
        writeFileSync(reportPath, JSON.stringify(report, null, 2) + '\n');
      } catch {
        throw new ConfigError('--report', v.report, 'a writable file path');
      }
    }
    if (v.json) {
      await writeOut(JSON.stringify(report));
    } else {
      const s = report.simulator;
      const head = s
        ? `dst-verify ${report.version} — conformance of ${s.name} ${s.version} (${s.sphere} sphere, ${s.precision}; capabilities: ${s.capabilities.join(', ') || 'none'}), ${tier} tier, seed ${seed}`
        : `dst-verify ${report.version} — conformance of ${JSON.stringify(v.sim)}: ${report.error}`;
      // After a failed handshake every claim carries the same error: say it once.
      const lines = s ? [head, '', formatClaimsTable(report.results, process.stdout.isTTY === true)] : [head, `no claim could run (${claims.length} claims)`];
      if (s?.restarts) lines.push(`the simulator was restarted ${s.restarts} time(s) after dying`);
      if (claims.length === 0) lines.push('no claims to run (specs/index.ts registers none)');
      lines.push(`${report.ok ? 'CONFORMS' : 'DOES NOT CONFORM'}: ${report.seconds.toFixed(1)} s${reportPath ? `; report saved to ${reportPath}` : ''}`);
      await writeOut(lines.join('\n'));
    }
    return report.ok ? 0 : 1;
  },
});
