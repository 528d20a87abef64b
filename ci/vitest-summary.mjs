// Prints the closing line CI reads, "N passed, N failed", from vitest's JSON report.
// Usage: node ci/vitest-summary.mjs REPORT.json   (exit status 1 if the report is missing)
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.vitest-report.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`vitest-summary: cannot read ${file}: ${e.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// A suite that fails to load has no failed tests of its own: count it so the line is never green.
const failed = report.numFailedTests || report.numFailedTestSuites || 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
