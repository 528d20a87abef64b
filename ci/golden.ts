/**
 * CI entry point: reproducibility of seeded runs against stored golden fixtures (compiled to
 * dist/ci/golden.js).
 *
 *   node dist/ci/golden.js [--dir fixtures/golden]            check (npm run golden:check)
 *   node dist/ci/golden.js --update [--dir fixtures/golden]   regenerate on purpose (npm run golden:update)
 *
 * Deterministic: a correct build passes every time (false-alarm rate 0). Exit status 0 when every
 * fixture is reproduced bit for bit, 1 otherwise (with a diff naming file, config, index and
 * values), 2 for bad flags.
 */
import { join } from 'node:path';
import { runProgram } from '../src/util/args.js';
import { packageInfo } from '../src/util/version.js';
import { checkGoldens, formatReport, updateGoldens } from './golden-check.js';

const PROGRAM = {
  name: 'ci/golden',
  summary: 'check (or regenerate on purpose) the bit-for-bit golden fixtures',
  usage: 'node dist/ci/golden.js [--update] [--dir DIR]',
  flags: {
    update: { type: 'boolean', help: 'regenerate the fixtures (review with git diff, commit with the reason)' },
    dir: { type: 'string', value: 'DIR', help: 'fixture directory', defaultText: 'fixtures/golden' },
  },
} as const;

function main(values: { update: boolean; dir: string | undefined }): number {
  const dir = values.dir ?? join(packageInfo().root, 'fixtures', 'golden');
  const t0 = performance.now();
  if (values.update) {
    const o = updateGoldens(dir);
    for (const f of o.written) process.stdout.write(`wrote   ${f}\n`);
    for (const f of o.removed) process.stdout.write(`removed ${f}\n`);
    process.stdout.write(`golden: ${o.written.length} written, ${o.unchanged.length} unchanged, ${o.removed.length} removed — review with \`git diff --stat fixtures/golden\` and commit\n`);
    return 0;
  }
  const report = checkGoldens(dir);
  process.stdout.write(formatReport(report) + ` (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  return report.ok ? 0 : 1;
}

await runProgram(PROGRAM, process.argv.slice(2), main);
