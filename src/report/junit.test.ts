/**
 * The JUnit XML report: its structure checked by a small strict XML reader written here (so the
 * test means something without xmllint), and the document validated against schemas/junit.xsd with
 * xmllint when it is installed (CI installs it and sets DST_REQUIRE_XMLLINT=1, so there a missing
 * xmllint fails instead of skipping). A negative control shows the schema check can fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClaimResult } from '../claims/claim.js';
import { packageInfo } from '../util/version.js';
import { junitXml, MAX_EVIDENCE_CHARS } from './junit.js';
import { parseXml } from './testing.js';

const result = (over: Record<string, unknown>): ClaimResult => ({
  id: 'x',
  group: 'a',
  title: 'a claim',
  kind: 'statistical',
  status: 'pass',
  alpha: 0.001,
  estimate: 0.25,
  interval: [0.2, 0.3],
  expected: 0.26,
  sampleSize: 2000,
  seconds: 1.5,
  seed: 12345,
  summary: 'fine',
  evidence: { counts: [1, 2, 3] },
  ...over,
}) as ClaimResult;

const hostile = 'a <b> & "c" \'d\' \u0001\u0008 é ρ 🙂 ]]> end';
const results = [
  result({ id: 'passes', status: 'pass' }),
  result({ id: 'fails', status: 'fail', summary: `P = 0.01 outside [0.2, 0.3] ${hostile}`, evidence: { note: hostile, big: 'x'.repeat(MAX_EVIDENCE_CHARS) } }),
  result({ id: 'skips', status: 'not-applicable', summary: 'simulator lacks capability snapshots', group: 'c' }),
  result({ id: 'breaks', status: 'error', summary: 'run_chain #3: simulator exited with code 1', seconds: Number.NaN }),
];

function document(): string {
  return junitXml({
    suite: 'dst-verify conform my "sim"',
    classPrefix: 'dst-verify.conform',
    startedAt: '2026-01-02T03:04:05.678Z',
    seconds: 12.5,
    results,
    properties: { seed: 7, tier: 'quick', commit: null, 'simulator command': `python3 'my sim.py' ${hostile}` },
    replay: (r) => `npx dst-verify conform --sim 'python3 sim.py' --tier quick --seed 7 --only ${r.id}`,
  });
}

describe('junitXml', () => {
  it('one testcase per claim; failure, error and skipped carry the summary, evidence and replay command', () => {
    const root = parseXml(document());
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '1', time: '12.500' });
    expect(root.children.map((c) => c.name)).toEqual(['testsuite']);
    const suite = root.children[0];
    expect(suite.attrs).toMatchObject({ name: 'dst-verify conform my "sim"', tests: '4', failures: '1', errors: '1', skipped: '1', timestamp: '2026-01-02T03:04:05' });
    const [props, ...cases] = suite.children;
    expect(props.name).toBe('properties');
    expect(Object.fromEntries(props.children.map((p) => [p.attrs.name, p.attrs.value]))).toMatchObject({ seed: '7', tier: 'quick', commit: '' });
    expect(cases.map((c) => [c.name, c.attrs.name])).toEqual(results.map((r) => ['testcase', `${r.id}: ${r.title}`]));
    expect(cases.map((c) => c.children.map((e) => e.name))).toEqual([['system-out'], ['failure', 'system-out'], ['skipped', 'system-out'], ['error', 'system-out']]);
    expect(cases[2].attrs.classname).toBe('dst-verify.conform.c');
    expect(cases[3].attrs.time).toBe('0.000');

    const failure = cases[1].children[0];
    const clean = hostile.replace(/[\u0001\u0008]/g, '\uFFFD');
    expect(failure.attrs.message).toBe(`P = 0.01 outside [0.2, 0.3] ${clean}`);
    expect(failure.attrs.type).toBe('claim-failed');
    expect(failure.text).toContain(`"note": ${JSON.stringify(hostile)}`);
    expect(failure.text).toContain(`more characters in the JSON report`);
    expect(failure.text).toContain('replay: npx dst-verify conform --sim \'python3 sim.py\' --tier quick --seed 7 --only fails');
    expect(failure.text).toContain('claim seed: 12345');
    expect(cases[3].children[0].attrs).toMatchObject({ type: 'simulator-broke', message: 'run_chain #3: simulator exited with code 1' });
    expect(cases[2].children[0].attrs.message).toBe('simulator lacks capability snapshots');
    expect(cases[0].children[0].text).toContain('estimate: 0.25');
  });

  it('the reader used above refuses malformed XML (so the structure check can fail)', () => {
    const good = document();
    expect(() => parseXml(good.replace('</testsuite>', ''))).toThrow();
    expect(() => parseXml(good.replace('&amp;', '&'))).toThrow(/bare &/);
    expect(() => parseXml(good.replace('&lt;b&gt;', '<b>'))).toThrow();
  });
});

const xmllint = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0;
const schema = join(packageInfo().root, 'schemas', 'junit.xsd');

/** xmllint's verdict on a document against schemas/junit.xsd. */
function validateJUnit(xml: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'junit-'));
  const file = join(dir, 'report.xml');
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: r.stderr + r.stdout };
}

describe.runIf(xmllint || process.env.DST_REQUIRE_XMLLINT === '1')('schemas/junit.xsd (xmllint)', () => {
  it('the report validates', () => {
    const v = validateJUnit(document());
    expect(v.output).toContain('validates');
    expect(v.ok).toBe(true);
  });

  it('documents that break the format do not (negative controls)', () => {
    const good = document();
    const broken = [
      good.replace('<testcase name="passes: a claim"', '<testcase'), // testcase without a name
      good.replace('<skipped message', '<failure message="x"/>\n      <skipped message'), // two outcomes
      good.replace('tests="4" failures', 'tests="-4" failures'), // negative count
      good.replace('<system-out>status: pass', '<bogus/><system-out>status: pass'), // unknown element
    ];
    for (const doc of broken) expect(validateJUnit(doc).ok).toBe(false);
  });
});
