/**
 * The fuzz suite in `npm test`: a handful of generated command lines (fresh each run, seed printed
 * by fast-check on failure) against the built CLI. The budgeted run is the CI entry point ci/fuzz.ts.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { allCases, judgeRun } from './fuzz-cases.js';
import { runCase } from './fuzz.js';

const cases = await allCases();

test.prop([cases], { numRuns: 4 })('generated command lines exit 0/1/2, briefly, without stack traces or hangs', async (c) => {
  const r = await runCase(c.argv);
  expect(judgeRun(c, r), `dst-verify ${c.argv.join(' ')}\n${r.stderr}`).toEqual([]);
});

test('the judge catches what it must', () => {
  const ok = { code: 2, signal: null, stderr: 'dst-verify: invalid --n', ms: 10, maxRssKb: 1000, timedOut: false };
  expect(judgeRun({ argv: [], mustRefuse: true }, ok)).toEqual([]);
  expect(judgeRun({ argv: [], mustRefuse: true }, { ...ok, code: 0 })).toHaveLength(1);
  expect(judgeRun({ argv: [], mustRefuse: false }, { ...ok, code: 70, stderr: 'x\n    at f (a.js:1:2)' })).toHaveLength(2);
  expect(judgeRun({ argv: [], mustRefuse: false }, { ...ok, timedOut: true, code: null })).toHaveLength(1);
  expect(judgeRun({ argv: [], mustRefuse: false }, { ...ok, maxRssKb: 1e9 })).toHaveLength(1);
  expect(judgeRun({ argv: [], mustRefuse: false }, { ...ok, stderr: 'a\nb\nc\nd' })).toHaveLength(1);
  void fc;
});
