/**
 * CI entry point: quick-tier Monte Carlo bounds of the statistical claims, run through mc-grid
 * (compiled to dist/ci/mc-bounds.js).
 *
 *   node dist/ci/mc-bounds.js [--seed 0] [--paths 2000] [--workers K] [--out DIR] [--repeat R]
 *
 * Checks, at a stated false-alarm rate:
 * 1. Phase transition (n = 2): on the 7 (d, β) cells of specs/phase-transition.ts (σ = 1, ρ0 = 0,
 *    T = 20, L = 2000) the count of ρ_T < −0.99 is tested against the limit SDE's finite-time
 *    probability with the exact two-sided binomial test; Holm over the 7 cells at family-wise
 *    α = 0.01.
 * 2. Non-collapse (n = 4, d = 3, β = 2, T = 40, L = 4000, uniform starts): the one-sided exact
 *    lower bound at α = 0.001 of the two-antipodal-group frequency must exceed 0.
 * A correct simulator fails with probability ≤ 0.01 + 0.001 (plus the chain's O(h) bias, below
 * 0.01 in probability at h = 0.01). The seed is fixed, so a given build gives the same verdict
 * every time; a change of the simulator's bits re-draws it. `--repeat R` runs seeds seed … seed+R−1
 * and reports the measured false-alarm rate with its exact 95% interval.
 * Exit status 0 on pass, 1 on fail, 2 for bad flags.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram, type FlagValues } from '../src/util/args.js';
import { PHASE_GRID } from '../specs/phase-transition.js';
import { clopperPearson, clopperPearsonLower } from '../src/stats/index.js';
import { buildGridConfig, type GridConfig } from '../src/grid/grid.js';
import { runGrid } from '../src/grid/run.js';
import { formatTable, type GridResults } from '../src/grid/results.js';
import { checkOutputDir } from '../src/util/files.js';

/** Family-wise level of the phase-transition cells (Holm). */
export const PHASE_ALPHA = 0.01;
/** Level of the one-sided non-collapse bound. */
export const NONCOLLAPSE_ALPHA = 0.001;

/** The quick-tier grid: the 7 phase-transition cells, then one n = 4 non-collapse cell. */
export function boundsGrid(seed: number, paths: number): GridConfig {
  return buildGridConfig({
    cells: [
      ...PHASE_GRID.map((c) => ({ n: 2, d: c.d, beta: c.beta, depth: 2000, horizon: 20, rho0: 0, paths })),
      { n: 4, d: 3, beta: 2, depth: 4000, horizon: 40, paths: Math.max(50, Math.round(paths / 5)) },
    ],
    sigma: 1,
    gamma: 0,
    seed,
    threshold: -0.99,
    alpha: PHASE_ALPHA,
  });
}

export interface BoundsVerdict {
  pass: boolean;
  lines: string[];
}

/** Apply the two checks to the results of boundsGrid. */
export function judge(r: GridResults): BoundsVerdict {
  const lines: string[] = [];
  const phase = r.cells.filter((c) => c.params.n === 2);
  const rejected = r.holm?.rejected ?? [];
  const phaseOk = r.complete && r.holm !== null && r.holm.tests === phase.length && rejected.length === 0;
  lines.push(
    `${phaseOk ? 'ok  ' : 'FAIL'} phase transition: ${phase.length} cells vs finite-time theory, Holm at family-wise α = ${PHASE_ALPHA}` +
      (rejected.length ? ` — rejected cells ${rejected.join(', ')}` : ''),
  );
  for (const c of phase) {
    const t = c.twoTokens!;
    lines.push(
      `       d=${c.params.d} β=${c.params.beta}: ${t.below.count}/${c.params.paths} = ${t.below.estimate.toFixed(3)} [${t.below.lower.toFixed(3)}, ${t.below.upper.toFixed(3)}] vs ${t.finiteTime!.toFixed(4)}, p = ${t.pValue!.toPrecision(3)}, Holm ${c.holm ? c.holm.adjustedPValue.toPrecision(3) : '—'}`,
    );
  }
  const many = r.cells.filter((c) => c.params.n > 2);
  let manyOk = many.length > 0;
  for (const c of many) {
    const lower = clopperPearsonLower(c.antipodal.count, c.params.paths, NONCOLLAPSE_ALPHA);
    manyOk &&= lower > 0;
    lines.push(
      `${lower > 0 ? 'ok  ' : 'FAIL'} non-collapse n=${c.params.n} d=${c.params.d} β=${c.params.beta}: ${c.antipodal.count}/${c.params.paths} end in two antipodal groups, one-sided ${100 * (1 - NONCOLLAPSE_ALPHA)}% lower bound ${lower.toFixed(3)} > 0 (one cluster ${c.oneCluster.count}, undecided ${c.undecided.count})`,
    );
  }
  return { pass: phaseOk && manyOk, lines };
}

const PROGRAM = {
  name: 'ci/mc-bounds',
  summary: 'quick-tier Monte Carlo bounds of the statistical claims, run through mc-grid',
  usage: 'node dist/ci/mc-bounds.js [--seed 0] [--paths 2000] [--workers K] [--out DIR] [--repeat R] [--verbose]',
  flags: {
    seed: { type: 'integer', value: 'S', help: 'base seed', default: 0, min: 0, max: Number.MAX_SAFE_INTEGER },
    paths: { type: 'integer', value: 'N', help: 'paths per n = 2 cell', default: 2000, min: 100, max: 1e7 },
    workers: { type: 'integer', value: 'K', help: 'worker threads', default: availableParallelism(), min: 1, max: 4 * availableParallelism() },
    out: { type: 'string', value: 'DIR', help: 'keep the grid output here (default: a temporary directory)' },
    repeat: { type: 'integer', value: 'R', help: 'run seeds S … S+R−1 and report the false-alarm rate', default: 1, min: 1, max: 1e6 },
    verbose: { type: 'boolean', help: 'also print the grid table' },
  },
} as const;

async function main(values: FlagValues<typeof PROGRAM.flags>): Promise<number> {
  const { seed, paths, workers, repeat } = values;
  if (values.out !== undefined) checkOutputDir('--out', values.out);
  const t0 = performance.now();
  const failed: number[] = [];
  for (let s = seed; s < seed + repeat; s++) {
    const keep = values.out !== undefined && repeat === 1;
    const out = keep ? values.out! : mkdtempSync(join(tmpdir(), 'mc-bounds-'));
    try {
      const { results } = await runGrid({ config: boundsGrid(s, paths), out, workers, argv: process.argv.slice(2) });
      const v = judge(results);
      if (!v.pass) failed.push(s);
      if (repeat === 1) {
        process.stdout.write(`dst-verify mc-bounds — quick-tier Monte Carlo bounds, seed ${s}, ${paths} paths per n = 2 cell, ${workers} workers\n\n`);
        process.stdout.write(v.lines.join('\n') + '\n');
        if (values.verbose) process.stdout.write('\n' + formatTable(results) + '\n');
        if (keep) process.stdout.write(`results: ${out}/results.json, ${out}/results.csv\n`);
      } else {
        process.stdout.write(`seed ${s}: ${v.pass ? 'pass' : 'FAIL'}${v.pass ? '' : '\n' + v.lines.filter((l) => l.startsWith('FAIL')).join('\n')}\n`);
      }
    } finally {
      if (!keep) rmSync(out, { recursive: true, force: true });
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  if (repeat > 1) {
    const ci = clopperPearson(failed.length, repeat, 0.05);
    process.stdout.write(
      `\nfalse alarms: ${failed.length}/${repeat} seeds (${seed}…${seed + repeat - 1}) = ${(failed.length / repeat).toFixed(4)}, exact 95% interval [${ci.lower.toFixed(4)}, ${ci.upper.toFixed(4)}]; stated ≤ ${PHASE_ALPHA + NONCOLLAPSE_ALPHA}` +
        (failed.length ? `; failing seeds ${failed.join(', ')}` : '') + ` (${seconds.toFixed(0)} s)\n`,
    );
    return 0;
  }
  process.stdout.write(`\nmc-bounds: ${failed.length === 0 ? 'PASSED' : 'FAILED'} in ${seconds.toFixed(1)} s (false-alarm rate ≤ ${PHASE_ALPHA + NONCOLLAPSE_ALPHA} for a correct simulator)\n`);
  return failed.length === 0 ? 0 : 1;
}

// Run only as a script (the test imports boundsGrid and judge).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runProgram(PROGRAM, process.argv.slice(2), main);
