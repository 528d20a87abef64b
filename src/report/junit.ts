/**
 * Claim results as a JUnit XML report (the format GitHub, GitLab and Jenkins show natively; the
 * subset we write is specified by schemas/junit.xsd): one <testsuite> per run, one <testcase> per
 * claim. A failed claim carries <failure>, a claim the simulator could not decide (crash, timeout,
 * protocol violation) <error>, a not-applicable claim <skipped>; the message is the claim's one-line
 * summary and the body its numbers, evidence and the command that replays it.
 *
 * @example
 * writeFileSync('claims.xml', junitXml({ suite: 'dst-verify verify', ...report, properties: {}, replay: () => null }));
 */
import { hostname } from 'node:os';
import { measurementOf, type ClaimResult } from '../claims/claim.js';

export interface JUnitRun {
  /** Name of the test suite, e.g. "dst-verify verify (reference simulator)". */
  suite: string;
  /** Prefix of each test case's classname; the claim's group letter is appended. */
  classPrefix: string;
  startedAt: string;
  seconds: number;
  results: readonly ClaimResult[];
  /** Suite properties (seed, tier, commit, simulator, …), in order. */
  properties: Record<string, string | number | null>;
  /** The command that replays one claim, or null. */
  replay(result: ClaimResult): string | null;
}

/** Longest evidence dump kept in a failure body (CI viewers choke on megabytes). */
export const MAX_EVIDENCE_CHARS = 20_000;

/** Text safe inside XML 1.0 character data or a quoted attribute. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values keep their line breaks through parsers that normalize whitespace. */
const attr = (s: string) => xmlEscape(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');

const time = (s: number) => (Number.isFinite(s) && s >= 0 ? s : 0).toFixed(3);

/** The numbers behind a verdict, one per line (shown for every claim, in <system-out>). */
function numbers(r: ClaimResult): string {
  const m = measurementOf(r);
  const lines = [
    `status: ${r.status}`,
    ...(m
      ? [`estimate: ${JSON.stringify(m.estimate)}`, `interval: ${JSON.stringify(m.interval)}`, `expected: ${JSON.stringify(m.expected)}`]
      : []),
    `alpha: ${r.alpha === null ? 'exact' : r.alpha}`,
    ...(m ? [`sample size: ${m.sampleSize}`] : []),
    `claim seed: ${r.seed}`,
    `summary: ${r.summary}`,
  ];
  return lines.join('\n');
}

function evidence(r: ClaimResult): string {
  const text = JSON.stringify(measurementOf(r)?.evidence ?? {}, null, 2) ?? '{}';
  return text.length <= MAX_EVIDENCE_CHARS ? text : `${text.slice(0, MAX_EVIDENCE_CHARS)}\n… (${text.length - MAX_EVIDENCE_CHARS} more characters in the JSON report)`;
}

function testcase(run: JUnitRun, r: ClaimResult): string {
  const head = `    <testcase name="${attr(`${r.id}: ${r.title}`)}" classname="${attr(`${run.classPrefix}.${r.group}`)}" time="${time(r.seconds)}"`;
  const replay = run.replay(r);
  const body = `${numbers(r)}\n\nevidence:\n${evidence(r)}${replay ? `\n\nreplay: ${replay}` : ''}`;
  const out = `      <system-out>${xmlEscape(numbers(r))}</system-out>\n`;
  switch (r.status) {
    case 'pass':
      return `${head}>\n${out}    </testcase>`;
    case 'not-applicable':
      return `${head}>\n      <skipped message="${attr(r.summary)}"/>\n${out}    </testcase>`;
    case 'fail':
      return `${head}>\n      <failure message="${attr(r.summary)}" type="claim-failed">${xmlEscape(body)}</failure>\n${out}    </testcase>`;
    case 'error':
      return `${head}>\n      <error message="${attr(r.summary)}" type="simulator-broke">${xmlEscape(body)}</error>\n${out}    </testcase>`;
  }
}

/** The JUnit XML document of one run. */
export function junitXml(run: JUnitRun): string {
  const count = (s: ClaimResult['status']) => run.results.filter((r) => r.status === s).length;
  const totals = `tests="${run.results.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('not-applicable')}" time="${time(run.seconds)}"`;
  const stamp = run.startedAt.replace(/Z$/, '').replace(/\.\d+$/, '');
  const props = Object.entries(run.properties)
    .map(([k, v]) => `      <property name="${attr(k)}" value="${attr(v === null ? '' : String(v))}"/>`)
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(run.suite)}" ${totals}>`,
    `  <testsuite name="${attr(run.suite)}" ${totals} timestamp="${attr(stamp)}" hostname="${attr(hostname())}">`,
    `    <properties>\n${props}\n    </properties>`,
    ...run.results.map((r) => testcase(run, r)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
