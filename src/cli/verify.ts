/**
 * `dst-verify verify`: the main job — every claim of the paper checked against the reference
 * simulator, with a claims table (or JSON), a progress bar on a terminal, optional JSON and JUnit
 * reports, and the exit statuses of src/cli/runOutputs.ts. `--replay REPORT.json` reruns the claims
 * of a saved report with its tier and seeds and checks that every verdict and number comes out
 * the same, bit for bit.
 */
import { claimsHold, DEFAULT_SEED, TIERS, type ClaimResult, type Tier } from '../claims/claim.js';
import { gitCommit, packageInfo } from '../util/version.js';
import { defineCommand, UsageError, writeOut } from './args.js';
import { formatClaimsTable } from './claimsTable.js';
import { selectClaims } from './conform.js';
import { progressBar } from '../util/progress.js';
import { compareClaims, formatReplay, narrow, readRecordedRun, replayCommand, reproduced, type ClaimReplay } from './replay.js';
import { EXIT_ALL_PASS, EXIT_CLAIM_FAILED, outputPath, runExitStatus, writeOutput } from './runOutputs.js';

export interface VerifyReport {
  tool: string;
  version: string;
  /** Git commit of dst-verify when known, else null. */
  commit: string | null;
  command: 'verify';
  simulator: string;
  /** How the reference simulator samples (the Gram state for cosine statistics where it applies). */
  sampling: string;
  /** Always null: verify runs the built-in reference simulator (conform records the command). */
  simulatorCommand: null;
  /** The reference simulator's self-description, in the shape of a protocol hello. */
  hello: Record<string, unknown>;
  tier: Tier;
  seed: number;
  node: string;
  startedAt: string;
  seconds: number;
  ok: boolean;
  /** Each claim's verdict, numbers, evidence and its own seed (`seed`). */
  results: ClaimResult[];
  /** Present on a replay: the report it replayed and what came out the same. */
  replay?: { of: string; standard: 'bits'; reproduced: boolean; claims: ClaimReplay[] };
}

/** Recorded in the report: which kernels the reference simulator uses for the claims. */
export const REFERENCE_SAMPLING =
  "final cosines with Gaussian entries and Q = K = V̄ = I: 'gram-state' (exact in law, cost independent of d); tokens, snapshots, explicit noise, other laws or matrices: 'projected' (n < d) or 'matrix'";

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'check every claim of the paper against the reference simulator (the main job)',
  usage: 'verify [--tier quick|full] [--seed S] [--only ID,ID] [--json] [--report FILE] [--junit FILE] | verify --replay REPORT.json [--only ID,ID]',
  options: {
    tier: { type: 'string', value: 'quick|full', help: 'sample sizes: quick (about 10 s) or full (several minutes)', defaultText: 'quick', choices: TIERS },
    seed: { type: 'integer', value: 'SEED', help: 'seed of the run (each claim derives its own)', defaultText: String(DEFAULT_SEED), min: 0, max: Number.MAX_SAFE_INTEGER },
    only: { type: 'string', value: 'ID,ID', help: 'run only these claim ids' },
    json: { type: 'boolean', help: 'print one JSON object with every claim result' },
    report: { type: 'string', value: 'FILE', help: 'also save the JSON report to FILE (what --replay reads)' },
    junit: { type: 'string', value: 'FILE', help: 'also save a JUnit XML report to FILE (one test case per claim)' },
    replay: { type: 'string', value: 'REPORT', help: "rerun a saved report's claims with its tier and seeds; exit 0 iff every verdict and number is the same" },
  },
  examples: [
    'dst-verify verify',
    'dst-verify verify --tier full --seed 7 --report verify.json --junit verify.xml',
    'dst-verify verify --only phase-transition,limit-law',
    'dst-verify verify --replay verify.json',
  ],
  async run(v) {
    const reportPath = outputPath('--report', v.report);
    const junitPath = outputPath('--junit', v.junit);
    const recorded = v.replay === undefined ? null : readRecordedRun(v.replay, 'verify');
    if (recorded && (v.tier !== undefined || v.seed !== undefined)) {
      throw new UsageError('--replay takes the tier and seed from the report; drop --tier and --seed');
    }
    const tier = recorded?.tier ?? ((v.tier ?? 'quick') as Tier);
    const seed = recorded?.seed ?? v.seed ?? DEFAULT_SEED;
    const { allClaims } = await import('../../specs/index.js');
    const wanted = recorded ? narrow(recorded.results.map((r) => r.id), v.only) : v.only;
    const claims = selectClaims(allClaims, wanted);
    const bar = progressBar(claims.length, recorded ? 'replay' : 'verify');
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    let results: ClaimResult[];
    const { referenceSimulator } = await import('../claims/reference.js');
    const sim = referenceSimulator();
    try {
      const { runClaims } = await import('../claims/runner.js');
      results = await runClaims(claims, sim, { tier, seed, onProgress: (i, f, id) => bar.update(i + f, id) });
    } finally {
      bar.stop();
    }
    const info = packageInfo();
    const report: VerifyReport = {
      tool: info.name,
      version: info.version,
      commit: gitCommit(),
      command: 'verify',
      simulator: 'dst-verify reference',
      sampling: REFERENCE_SAMPLING,
      simulatorCommand: null,
      hello: { protocol: 1, simulator: { name: sim.info.name, version: sim.info.version }, sphere: sim.info.sphere, capabilities: [...sim.info.capabilities] },
      tier,
      seed,
      node: process.version,
      startedAt,
      seconds: (performance.now() - t0) / 1000,
      ok: claimsHold(results),
      results,
    };
    if (recorded) {
      const shown = recorded.results.filter((r) => claims.some((c) => c.meta.id === r.id));
      const claimsReplay = compareClaims(shown, results);
      report.replay = { of: v.replay!, standard: 'bits', reproduced: reproduced(claimsReplay, 'bits'), claims: claimsReplay };
    }
    const replayOne = (r: ClaimResult) => replayCommand(report, r.id);
    writeOutput('--report', reportPath, JSON.stringify(report, null, 2) + '\n');
    if (junitPath) {
      const { junitXml } = await import('../report/junit.js');
      const properties = { tool: `${info.name} ${info.version}`, commit: report.commit, simulator: report.simulator, tier, seed, node: report.node };
      writeOutput('--junit', junitPath, junitXml({ suite: 'dst-verify verify', classPrefix: 'dst-verify.verify', startedAt, seconds: report.seconds, results, properties, replay: replayOne }));
    }
    if (v.json) {
      await writeOut(JSON.stringify(report));
    } else {
      const head = recorded
        ? `dst-verify ${info.version} — replay of ${v.replay} (recorded by dst-verify ${recorded.version}${recorded.commit ? ` at ${recorded.commit.slice(0, 12)}` : ''}; now ${report.commit ? report.commit.slice(0, 12) : 'no commit known'}), ${tier} tier, seed ${seed}`
        : `dst-verify ${info.version} — the claims of arXiv:2601.21942 against the reference simulator (${tier} tier, seed ${seed})`;
      const lines = [head, '', formatClaimsTable(results, process.stdout.isTTY === true, replayOne)];
      lines.push(report.replay ? formatReplay(report.replay.claims, 'bits') : `${report.ok ? 'ALL CLAIMS HOLD' : 'SOME CLAIMS FAIL'} (${report.seconds.toFixed(1)} s)`);
      await writeOut(lines.join('\n'));
    }
    if (report.replay) return report.replay.reproduced ? EXIT_ALL_PASS : EXIT_CLAIM_FAILED;
    return runExitStatus(results);
  },
});
