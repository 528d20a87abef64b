/**
 * Measures the false-alarm rate of the quick tier: runs every claim against the reference
 * simulator with fresh seeds and counts failures per claim, next to the stated α.
 *
 *   node dist/scripts/false-alarm-rate.js [--seeds 50] [--first-seed 1000] [--tier quick] [--out FILE]
 *
 * A claim with level α fails a correct simulator with probability ≤ α; over S seeds the count is
 * Binomial(S, ≤ α). The report gives the observed rate and its exact 95% interval.
 */
import { writeFileSync } from 'node:fs';
import { allClaims as everyClaim } from '../specs/index.js';
import { referenceSimulator } from '../src/claims/reference.js';
import { runClaims } from '../src/claims/runner.js';
import { clopperPearson } from '../src/stats/index.js';
import { progressBar } from '../src/util/progress.js';
import { TIERS, type Tier } from '../src/claims/claim.js';
import { runProgram, type FlagValues } from '../src/util/args.js';
import { UsageError } from '../src/util/errors.js';
import { checkOutputFile } from '../src/util/files.js';

const PROGRAM = {
  name: 'false-alarm-rate',
  summary: 'the false-alarm rate of the claims against the reference simulator, over fresh seeds',
  usage: 'node dist/scripts/false-alarm-rate.js [--seeds 50] [--first-seed 1000] [--tier quick] [--only ID,ID] [--out FILE]',
  flags: {
    seeds: { type: 'integer', value: 'S', help: 'number of fresh seeds', default: 50, min: 1, max: 1e6 },
    'first-seed': { type: 'integer', value: 'F', help: 'seeds F … F+S−1', default: 1000, min: 0, max: Number.MAX_SAFE_INTEGER - 1e6 },
    tier: { type: 'string', value: 'quick|full', help: 'sample sizes of the claims', default: 'quick', choices: TIERS },
    only: { type: 'string', value: 'ID,ID', help: 'run only these claims', default: '' },
    out: { type: 'string', value: 'FILE', help: 'also save the per-claim counts and failing seeds as JSON' },
  },
} as const;

async function main(values: FlagValues<typeof PROGRAM.flags>): Promise<number> {
  const seeds = values.seeds;
  const first = values['first-seed'];
  const tier = values.tier as Tier;
  if (values.out !== undefined) checkOutputFile('--out', values.out);
  const only = values.only ? values.only.split(',') : null;
  const allClaims = only ? everyClaim.filter((c) => only.includes(c.meta.id)) : everyClaim;
  if (only && allClaims.length !== only.length) throw new UsageError(`--only: unknown claim id in ${values.only}`);
  const failures = new Map<string, number[]>(allClaims.map((c) => [c.meta.id, []]));
  const notApplicable = new Set<string>();
  const bar = progressBar(seeds * allClaims.length, 'false alarms');
  const t0 = performance.now();
  for (let s = 0; s < seeds; s++) {
    const results = await runClaims(allClaims, referenceSimulator(), {
      tier,
      seed: first + s,
      onProgress: (i, f, id) => bar.update(s * allClaims.length + i + f, `seed ${first + s} ${id}`),
    });
    // "not applicable" (e.g. a claim that runs in the full tier only) is not a false alarm.
    for (const r of results) {
      if (r.status === 'not-applicable') notApplicable.add(r.id);
      else if (r.status !== 'pass') failures.get(r.id)!.push(first + s);
    }
  }
  bar.stop();
  let anyFailure = 0;
  const rows = allClaims.map((c) => {
    const f = failures.get(c.meta.id)!;
    const ci = clopperPearson(f.length, seeds, 0.05);
    return { id: c.meta.id, kind: c.meta.kind, alpha: c.meta.alpha, failures: f.length, seeds, rate: f.length / seeds, interval95: [ci.lower, ci.upper], failedSeeds: f };
  });
  for (let s = 0; s < seeds; s++) if (rows.some((r) => r.failedSeeds.includes(first + s))) anyFailure++;
  const summary = {
    tier,
    seeds,
    firstSeed: first,
    seconds: (performance.now() - t0) / 1000,
    statedFamilyAlpha: allClaims.filter((c) => !notApplicable.has(c.meta.id)).reduce((a, c) => a + (c.meta.alpha ?? 0), 0),
    notApplicable: [...notApplicable],
    runsWithAnyFailure: anyFailure,
    rows,
  };
  if (values.out) writeFileSync(values.out, JSON.stringify(summary, null, 2) + '\n');
  console.log(`false-alarm rate of the ${tier} tier over ${seeds} fresh seeds (${first}…${first + seeds - 1}), ${summary.seconds.toFixed(0)} s`);
  console.log('claim'.padEnd(26) + 'α'.padEnd(8) + 'failures'.padEnd(10) + 'rate [95% CI]');
  for (const r of rows) {
    console.log(r.id.padEnd(26) + String(r.alpha ?? 'exact').padEnd(8) + `${r.failures}/${r.seeds}`.padEnd(10) + `${r.rate.toFixed(3)} [${r.interval95[0].toFixed(3)}, ${r.interval95[1].toFixed(3)}]`);
  }
  console.log(`runs with at least one failing claim: ${anyFailure}/${seeds} (sum of stated α: ${summary.statedFamilyAlpha.toFixed(3)})`);
  return 0;
}

await runProgram(PROGRAM, process.argv.slice(2), main);
