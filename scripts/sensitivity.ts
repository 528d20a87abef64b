/**
 * The sensitivity table: for each fault and magnitude (and float32 arithmetic as a non-fault),
 * the detection rate of each claim over fresh seeds, with exact (Clopper–Pearson) 95% intervals,
 * at the quick and the full tier. Uses the in-process fault simulators (src/faults).
 *
 *   node dist/scripts/sensitivity.js --tier quick [--seeds 20] [--first-seed 30000]
 *        [--faults a,b] [--claims all|catching|ID,ID] --out results.jsonl
 *   node dist/scripts/sensitivity.js --table --out results.jsonl     # print the markdown tables
 *
 * Every (tier, simulator, claim, seed) verdict is appended to --out as one JSON line, so an
 * interrupted run resumes where it stopped. `--claims catching` runs, for each fault, only the
 * claims that list it in meta.catches (for float32: the exact and property claims and coarse-step).
 * "Detected" means the claim's verdict is fail (or error: e.g. non-finite output).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { allClaims } from '../specs/index.js';
import { TIERS, type Claim, type Tier } from '../src/claims/claim.js';
import { runClaim } from '../src/claims/runner.js';
import type { Simulator } from '../src/claims/simulatorUnderTest.js';
import { FAULTS, faultySimulator, float32Simulator, type FaultId } from '../src/faults/faults.js';
import { clopperPearson } from '../src/stats/index.js';
import { runProgram, type FlagValues } from '../src/util/args.js';
import { progressBar } from '../src/util/progress.js';

/** The rows of the table: the faults of the study, then float32 arithmetic (not a fault). */
export const STUDY = ['entry-variance-x1.1', 'entry-variance-x1.25', 'beta-x1.1', 'step-t-over-l-plus-1', 'drift-halved', 'no-max-subtraction', 'float32'] as const;
type Row = (typeof STUDY)[number];

interface Verdict {
  tier: Tier;
  row: Row;
  claim: string;
  seed: number;
  status: string;
  seconds: number;
}

const PROGRAM = {
  name: 'sensitivity',
  summary: 'detection rate of each claim per fault and magnitude, over fresh seeds, with exact intervals',
  usage: 'node dist/scripts/sensitivity.js [--tier quick|full] [--seeds 20] [--first-seed 30000] [--faults LIST] [--claims all|catching|LIST] --out FILE [--table]',
  flags: {
    tier: { type: 'string', value: 'quick|full', help: 'sample sizes of the claims', default: 'quick', choices: TIERS },
    seeds: { type: 'integer', value: 'S', help: 'seeds per (fault, claim)', default: 20, min: 1, max: 1e6 },
    'first-seed': { type: 'integer', value: 'F', help: 'seeds F … F+S−1', default: 30000, min: 0, max: Number.MAX_SAFE_INTEGER - 1e6 },
    faults: { type: 'string', value: 'LIST', help: `rows to run (default all: ${STUDY.join(',')})`, default: STUDY.join(',') },
    claims: { type: 'string', value: 'all|catching|LIST', help: 'claims to run per row', default: 'all' },
    out: { type: 'string', value: 'FILE', help: 'JSON-lines file of verdicts (appended; resumes)', default: '' },
    table: { type: 'boolean', help: 'print the markdown tables from --out and exit' },
  },
} as const;

function simulatorFor(row: Row): Simulator {
  return row === 'float32' ? float32Simulator() : faultySimulator(row as FaultId);
}

function claimsFor(row: Row, which: string): Claim[] {
  if (which === 'all') return allClaims;
  if (which === 'catching') {
    if (row === 'float32') return allClaims.filter((c) => c.meta.kind !== 'statistical' || c.meta.id === 'coarse-step');
    return allClaims.filter((c) => c.meta.catches.includes(row));
  }
  const ids = which.split(',');
  return allClaims.filter((c) => ids.includes(c.meta.id));
}

function readVerdicts(file: string): Verdict[] {
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Verdict);
}

/** Markdown: one table per tier, claims as rows, study rows as columns, "k/S [lo, hi]" per cell. */
export function tables(verdicts: readonly Verdict[]): string {
  const out: string[] = [];
  for (const tier of TIERS) {
    const mine = verdicts.filter((v) => v.tier === tier);
    if (mine.length === 0) continue;
    const cols = STUDY.filter((r) => mine.some((v) => v.row === r));
    out.push(`### ${tier} tier`, '', `| claim | ${cols.map((c) => (c === 'float32' ? 'float32 arithmetic (not a fault)' : c)).join(' | ')} |`, `|---|${cols.map(() => '---').join('|')}|`);
    for (const c of allClaims) {
      const cells = cols.map((row) => {
        const vs = mine.filter((v) => v.row === row && v.claim === c.meta.id);
        if (vs.length === 0) return 'not run';
        const k = vs.filter((v) => v.status === 'fail' || v.status === 'error').length;
        const na = vs.every((v) => v.status === 'not-applicable');
        if (na) return 'n/a';
        const ci = clopperPearson(k, vs.length, 0.05);
        return `${k}/${vs.length} [${ci.lower.toFixed(2)}, ${ci.upper.toFixed(2)}]`;
      });
      if (cells.every((x) => x === 'not run')) continue;
      out.push(`| \`${c.meta.id}\` | ${cells.join(' | ')} |`);
    }
    const secs = mine.reduce((s, v) => s + v.seconds, 0);
    out.push('', `${mine.length} claim runs, ${(secs / 60).toFixed(0)} min of claim time.`, '');
  }
  return out.join('\n');
}

async function main(values: FlagValues<typeof PROGRAM.flags>): Promise<number> {
  if (values.table) {
    process.stdout.write(tables(readVerdicts(values.out)) + '\n');
    return 0;
  }
  const tier = values.tier as Tier;
  const rows = values.faults.split(',') as Row[];
  for (const r of rows) if (!(STUDY as readonly string[]).includes(r) && !(r in FAULTS)) throw new Error(`unknown fault ${r}`);
  const done = new Set(readVerdicts(values.out).map((v) => `${v.tier}|${v.row}|${v.claim}|${v.seed}`));
  const plan = rows.flatMap((row) => claimsFor(row, values.claims).flatMap((c) => Array.from({ length: values.seeds }, (_, s) => ({ row, claim: c, seed: values['first-seed'] + s }))));
  const todo = plan.filter((p) => !done.has(`${tier}|${p.row}|${p.claim.meta.id}|${p.seed}`));
  const bar = progressBar(todo.length, 'sensitivity');
  for (const [i, p] of todo.entries()) {
    bar.update(i, `${p.row} ${p.claim.meta.id} seed ${p.seed}`);
    const r = await runClaim(p.claim, simulatorFor(p.row), { tier, seed: p.seed });
    const v: Verdict = { tier, row: p.row, claim: p.claim.meta.id, seed: p.seed, status: r.status, seconds: r.seconds };
    if (values.out) appendFileSync(values.out, JSON.stringify(v) + '\n');
    else process.stdout.write(JSON.stringify(v) + '\n');
  }
  bar.stop();
  return 0;
}

await runProgram(PROGRAM, process.argv.slice(2), main);
