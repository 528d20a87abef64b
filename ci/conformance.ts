/**
 * CI entry point for third-party conformance (compiled to dist/ci/conformance.js):
 *
 *   node dist/ci/conformance.js [--tier quick|full] [--seed S] [--python python3] [--jobs J]
 *                               [--no-rms] [--allow-uncovered] [--torch PYTHON [--torch-only]] [--report FILE]
 *
 * 1. The correct Python simulator (fixtures/python/dst_sim.py, on the unit sphere and on the RMS
 *    sphere) must pass every applicable claim of allClaims.
 * 2. Each broken Python simulator (`--fault ID`, one per fault of src/faults/faults.ts) must be
 *    rejected — verdict "fail" — by every claim whose meta.catches lists that fault. A fault that
 *    no claim lists is an error too, unless --allow-uncovered. Faults that exist only in float32
 *    arithmetic (no-max-subtraction: exp(500) does not overflow in float64) are left to 3.
 * 3. With --torch PYTHON (a Python with torch, e.g. Debian's /usr/bin/python3), the PyTorch simulator
 *    fixtures/python/torch_sim.py must conform in float32 and float64, with no optional capability
 *    and with explicit noise + snapshots, and its broken variants must be rejected by the claims
 *    that list them — once with every capability it has, and once with none where a claim that
 *    needs no capability lists the fault (by its exact, property and coarse-step catchers when it
 *    has any; the statistical catchers are exercised on dst_sim.py). To keep CI short, the float32 explicit-noise run checks
 *    every claim and the other three runs check the exact, property and coarse-step claims
 *    (the statistical claims draw from the same code path whatever the mode).
 * Exits 0 when all of this holds, 1 otherwise (2 for bad flags). Runs up to J simulators at once.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { runProgram, type FlagValues } from '../src/util/args.js';
import { allClaims } from '../specs/index.js';
import { TIERS, type ClaimResult, type Tier } from '../src/claims/claim.js';
import { runConformance, type ConformReport } from '../src/protocol/conform.js';
import { FAULT_DEFECTS, FAULT_IDS, type FaultId } from '../src/faults/faults.js';
import type { Capability } from '../src/claims/simulatorUnderTest.js';
import { packageInfo } from '../src/util/version.js';
import { checkOutputFile } from '../src/util/files.js';

interface Job {
  label: string;
  argv: string[];
  claimIds: string[];
  /** 'pass': every applicable claim passes; 'reject': every listed claim fails. */
  expect: 'pass' | 'reject';
}

interface JobOutcome extends Job {
  ok: boolean;
  problems: string[];
  seconds: number;
  results: Pick<ClaimResult, 'id' | 'status' | 'summary'>[];
}

const PROGRAM = {
  name: 'ci/conformance',
  summary: 'the example Python simulator passes every claim; each of its broken variants is rejected',
  usage: 'node dist/ci/conformance.js [--tier quick|full] [--seed S] [--python python3] [--jobs J] [--no-rms] [--allow-uncovered] [--torch PYTHON [--torch-only]] [--report FILE]',
  flags: {
    tier: { type: 'string', value: 'quick|full', help: 'sample sizes of the claims', default: 'quick', choices: TIERS },
    seed: { type: 'integer', value: 'S', help: 'seed of the run', default: 0, min: 0, max: Number.MAX_SAFE_INTEGER },
    python: { type: 'string', value: 'CMD', help: 'Python interpreter', default: process.env.PYTHON ?? 'python3' },
    jobs: { type: 'integer', value: 'J', help: 'simulators run at once', default: Math.max(1, Math.min(4, availableParallelism() - 1)), min: 1, max: 64 },
    'no-rms': { type: 'boolean', help: 'skip the RMS-sphere run of the correct simulator' },
    'allow-uncovered': { type: 'boolean', help: 'a fault that no claim lists is a warning, not an error' },
    torch: { type: 'string', value: 'PYTHON', help: 'also check fixtures/python/torch_sim.py with this Python (needs torch)', default: '' },
    'torch-only': { type: 'boolean', help: 'run only the torch_sim.py jobs (with --torch)' },
    report: { type: 'string', value: 'FILE', help: 'also save the outcomes as JSON' },
  },
} as const;

async function main(values: FlagValues<typeof PROGRAM.flags>): Promise<number> {
  const tier = values.tier as Tier;
  const seed = values.seed;
  const jobsAtOnce = values.jobs;
  if (values.report !== undefined) checkOutputFile('--report', values.report);
  const sim = [values.python, join(packageInfo().root, 'fixtures', 'python', 'dst_sim.py')];
  const every = allClaims.map((c) => c.meta.id);

  const jobs: Job[] = [];
  if (!values['torch-only']) jobs.push({ label: 'correct (unit sphere)', argv: sim, claimIds: every, expect: 'pass' });
  if (!values['no-rms'] && !values['torch-only']) jobs.push({ label: 'correct (RMS sphere)', argv: [...sim, '--sphere', 'rms'], claimIds: every, expect: 'pass' });
  const uncovered: string[] = [];
  for (const fault of values['torch-only'] ? [] : FAULT_IDS) {
    if (FAULT_DEFECTS[fault].float32) continue;
    const ids = allClaims.filter((c) => c.meta.catches.includes(fault)).map((c) => c.meta.id);
    if (ids.length === 0) uncovered.push(fault);
    else jobs.push({ label: `fault ${fault}`, argv: [...sim, '--fault', fault], claimIds: ids, expect: 'reject' });
  }
  if (values.torch) jobs.push(...torchJobs(values.torch));

  const t0 = performance.now();
  const outcomes = await pool(jobs, jobsAtOnce, (job) => runJob(job, tier, seed));
  let ok = true;
  const lines: string[] = [`dst-verify ${packageInfo().version} — CI conformance of fixtures/python/dst_sim.py${values.torch ? ' and torch_sim.py' : ''}, ${tier} tier, seed ${seed}`, ''];
  for (const o of outcomes) {
    ok &&= o.ok;
    const verdicts = o.results.map((r) => `${r.id}=${r.status}`).join(' ');
    lines.push(`${o.ok ? 'ok  ' : 'FAIL'} ${o.label.padEnd(48)} ${o.seconds.toFixed(1).padStart(6)} s  ${verdicts}`);
    for (const p of o.problems) lines.push(`       ${p}`);
  }
  for (const f of uncovered) {
    lines.push(`${values['allow-uncovered'] ? 'warn' : 'FAIL'} fault ${f}: no claim lists it in meta.catches`);
    if (!values['allow-uncovered']) ok = false;
  }
  lines.push('', `${ok ? 'PASSED' : 'FAILED'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  process.stdout.write(lines.join('\n') + '\n');
  if (values.report) writeFileSync(values.report, JSON.stringify({ tier, seed, ok, uncovered, outcomes }, null, 2) + '\n');
  return ok ? 0 : 1;
}

/** The torch fixture's faults (its FAULTS list) and the capabilities of its two modes. */
const TORCH_FAULTS: FaultId[] = ['no-normalization', 'token-wise-noise', 'step-t-over-l-plus-1', 'no-max-subtraction', 'entry-variance-x1.1', 'beta-x1.1'];
const TORCH_MODES: Record<string, Capability[]> = { core: [], 'explicit-noise': ['explicit-noise', 'snapshots'] };

function torchJobs(python: string): Job[] {
  const sim = [python, join(packageInfo().root, 'fixtures', 'python', 'torch_sim.py')];
  const applicable = (caps: Capability[]) => allClaims.filter((c) => c.meta.needs.every((n) => caps.includes(n)));
  const cheap = allClaims.filter((c) => c.meta.kind !== 'statistical' || c.meta.id === 'coarse-step').map((c) => c.meta.id);
  const jobs: Job[] = [];
  for (const dtype of ['float32', 'float64']) {
    for (const [mode, caps] of Object.entries(TORCH_MODES)) {
      const all = dtype === 'float32' && mode === 'explicit-noise';
      const ids = applicable(caps).map((c) => c.meta.id).filter((id) => all || cheap.includes(id));
      jobs.push({ label: `torch ${dtype} ${mode}`, argv: [...sim, '--dtype', dtype, '--mode', mode], claimIds: ids, expect: 'pass' });
    }
  }
  for (const fault of TORCH_FAULTS) {
    for (const [mode, caps] of Object.entries(TORCH_MODES)) {
      const catching = applicable(caps).filter((c) => c.meta.catches.includes(fault)).map((c) => c.meta.id);
      // The cheap catchers when there are any (CI time): the statistical ones are proven on dst_sim.py.
      const ids = catching.some((id) => cheap.includes(id)) ? catching.filter((id) => cheap.includes(id)) : catching;
      if (ids.length > 0) jobs.push({ label: `torch ${mode} fault ${fault}`, argv: [...sim, '--mode', mode, '--fault', fault], claimIds: ids, expect: 'reject' });
    }
  }
  return jobs;
}

async function runJob(job: Job, tier: Tier, seed: number): Promise<JobOutcome> {
  const claims = allClaims.filter((c) => job.claimIds.includes(c.meta.id));
  let report: ConformReport;
  try {
    report = await runConformance(job.argv, { claims, tier, seed });
  } catch (e) {
    return { ...job, ok: false, problems: [`could not start: ${(e as Error).message}`], seconds: 0, results: [] };
  }
  const problems: string[] = [];
  if (report.error) problems.push(report.error);
  for (const r of report.results) {
    if (job.expect === 'pass' && (r.status === 'fail' || r.status === 'error')) problems.push(`${r.id} ${r.status}: ${r.summary}`);
    if (job.expect === 'reject' && r.status !== 'fail') problems.push(`${r.id} did not reject it (${r.status}): ${r.summary}`);
  }
  return {
    ...job,
    ok: problems.length === 0,
    problems,
    seconds: report.seconds,
    results: report.results.map((r) => ({ id: r.id, status: r.status, summary: r.summary })),
  };
}

/** Map over `items` with at most `limit` promises in flight, keeping the order. */
async function pool<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

await runProgram(PROGRAM, process.argv.slice(2), main);
