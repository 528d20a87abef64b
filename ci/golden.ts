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
import { parseArgs } from 'node:util';
import { packageInfo } from '../src/util/version.js';
import { checkGoldens, formatReport, updateGoldens } from './golden-check.js';

function main(): number {
  let values;
  try {
    ({ values } = parseArgs({ options: { update: { type: 'boolean', default: false }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (e) {
    process.stderr.write(`ci/golden: ${(e as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write('usage: node dist/ci/golden.js [--update] [--dir DIR]   (default DIR: fixtures/golden)\n');
    return 0;
  }
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

process.exitCode = main();
