/**
 * Checking and updating the golden fixtures: regenerate every case, compare with the stored file
 * bit for bit, and describe any difference so that it can be found: the file, the case's config,
 * the first differing values with their position (by axis name), both values and their bits.
 *
 * @example
 * const report = checkGoldens('fixtures/golden');
 * if (!report.ok) console.log(formatReport(report));
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonDifferences } from '../src/grid/jsonDiff.js';
import { GOLDEN_CASES, type GoldenCase } from './golden-cases.js';
import { decodeValues, fixtureJson, float64Hex, makeFixture, sameBits, sha256OfFloat64, type GoldenFixture } from './golden-format.js';

/** Differing values listed per case (the count is always given). */
const SHOW = 5;

export interface CaseVerdict {
  id: string;
  file: string;
  ok: boolean;
  /** Readable lines explaining a failure. */
  problems: string[];
}

export interface GoldenReport {
  ok: boolean;
  dir: string;
  cases: CaseVerdict[];
  /** Fixture files that belong to no case. */
  stale: string[];
}

export function fixtureFile(dir: string, id: string): string {
  return join(dir, `${id}.json`);
}

/** Position of flat index i in a row-major array of the given shape, e.g. "path 1, token 0, coordinate 2". */
export function locate(i: number, shape: number[], axes: string[]): string {
  const parts: string[] = [];
  let rest = i;
  for (let k = shape.length - 1; k >= 0; k--) {
    parts.unshift(`${axes[k] ?? `axis ${k}`} ${rest % shape[k]}`);
    rest = Math.floor(rest / shape[k]);
  }
  return parts.join(', ');
}

function describeValue(x: number): string {
  return `${Object.is(x, -0) ? '-0' : String(x)} (0x${float64Hex(x)})`;
}

/** Compare one case with its stored fixture. */
export function checkCase(c: GoldenCase, dir: string): CaseVerdict {
  const file = fixtureFile(dir, c.id);
  const v: CaseVerdict = { id: c.id, file, ok: false, problems: [] };
  if (!existsSync(file)) {
    v.problems.push('no stored fixture: a new case? Run `npm run golden:update` to create it.');
    return v;
  }
  let stored: GoldenFixture;
  let storedValues: Float64Array;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as GoldenFixture;
    storedValues = decodeValues(stored.values);
  } catch (e) {
    v.problems.push(`unreadable fixture: ${(e as Error).message}`);
    return v;
  }
  const configDiff = jsonDifferences(stored.config, c.config, 'config');
  if (configDiff.length) {
    v.problems.push(`the case's config changed since the fixture was stored (stored ≠ current): ${configDiff.join('; ')}`);
  }
  const storedHash = sha256OfFloat64(storedValues);
  if (storedHash !== stored.sha256) {
    v.problems.push(`the stored values do not match the stored sha256 (${stored.sha256.slice(0, 12)}… vs ${storedHash.slice(0, 12)}… of the values): the file was edited by hand`);
  }
  let out;
  try {
    out = c.generate(c.config);
  } catch (e) {
    v.problems.push(`regenerating failed: ${(e as Error).message}`);
    return v;
  }
  const hash = sha256OfFloat64(out.values);
  if (JSON.stringify(out.shape) !== JSON.stringify(stored.shape) || out.values.length !== storedValues.length) {
    v.problems.push(`shape changed: stored [${stored.shape}] (${storedValues.length} values), now [${out.shape}] (${out.values.length} values)`);
  } else {
    const diffs: number[] = [];
    for (let i = 0; i < out.values.length; i++) if (!sameBits(out.values[i], storedValues[i])) diffs.push(i);
    if (diffs.length) {
      let maxAbs = 0;
      for (const i of diffs) maxAbs = Math.max(maxAbs, Math.abs(out.values[i] - storedValues[i]) || 0);
      v.problems.push(`${diffs.length} of ${out.values.length} values differ (largest |Δ| ${maxAbs.toExponential(3)}); sha256 stored ${stored.sha256.slice(0, 12)}…, now ${hash.slice(0, 12)}…`);
      for (const i of diffs.slice(0, SHOW)) {
        v.problems.push(
          `  value ${i} [${locate(i, out.shape, c.axes)}]: stored ${describeValue(storedValues[i])}, now ${describeValue(out.values[i])}, |Δ| = ${Math.abs(out.values[i] - storedValues[i]).toExponential(3)}`,
        );
      }
      if (diffs.length > SHOW) v.problems.push(`  … and ${diffs.length - SHOW} more`);
    } else if (hash !== stored.sha256 && storedHash === stored.sha256) {
      v.problems.push(`sha256 differs although every value matches: stored ${stored.sha256}, now ${hash}`);
    }
  }
  v.ok = v.problems.length === 0;
  return v;
}

function staleFiles(dir: string, cases: GoldenCase[]): string[] {
  if (!existsSync(dir)) return [];
  const ids = new Set(cases.map((c) => `${c.id}.json`));
  return readdirSync(dir).filter((f) => f.endsWith('.json') && !ids.has(f)).map((f) => join(dir, f));
}

/** Regenerate every case (or those in `only`) and compare with `dir`. */
export function checkGoldens(dir: string, cases: GoldenCase[] = GOLDEN_CASES): GoldenReport {
  const verdicts = cases.map((c) => checkCase(c, dir));
  const stale = cases === GOLDEN_CASES ? staleFiles(dir, cases) : [];
  return { ok: verdicts.every((v) => v.ok) && stale.length === 0, dir, cases: verdicts, stale };
}

/** Readable report: one line per case, the problems under the failing ones, then what to do. */
export function formatReport(r: GoldenReport, cases: GoldenCase[] = GOLDEN_CASES): string {
  const lines: string[] = [];
  for (const v of r.cases) {
    lines.push(`${v.ok ? 'ok  ' : 'FAIL'} ${v.file}`);
    if (!v.ok) {
      const c = cases.find((x) => x.id === v.id);
      if (c) lines.push(`     case: ${c.description}`, `     config: ${JSON.stringify(c.config)}`);
      for (const p of v.problems) lines.push(`     ${p}`);
    }
  }
  for (const f of r.stale) lines.push(`FAIL ${f}\n     stale: no golden case has this id (\`npm run golden:update\` removes it)`);
  const failed = r.cases.filter((v) => !v.ok).length + r.stale.length;
  lines.push(
    '',
    r.ok
      ? `golden: all ${r.cases.length} fixtures reproduced bit for bit`
      : `golden: ${failed} of ${r.cases.length + r.stale.length} fixtures differ.\n` +
          'If the change is a bug, fix it. If the bits changed on purpose (e.g. a faster simulator that draws or sums in another order),\n' +
          'check the statistical tests still pass, then regenerate and commit: npm run golden:update && git add fixtures/golden',
  );
  return lines.join('\n');
}

export interface UpdateOutcome {
  written: string[];
  unchanged: string[];
  removed: string[];
}

/** Regenerate every fixture into `dir` (rewriting only files whose bytes change) and remove stale ones. */
export function updateGoldens(dir: string, cases: GoldenCase[] = GOLDEN_CASES): UpdateOutcome {
  mkdirSync(dir, { recursive: true });
  const o: UpdateOutcome = { written: [], unchanged: [], removed: [] };
  for (const c of cases) {
    const file = fixtureFile(dir, c.id);
    const text = fixtureJson(makeFixture(c, c.generate(c.config)));
    if (existsSync(file) && readFileSync(file, 'utf8') === text) o.unchanged.push(file);
    else {
      writeFileSync(file, text);
      o.written.push(file);
    }
  }
  if (cases === GOLDEN_CASES) {
    for (const f of staleFiles(dir, cases)) {
      rmSync(f);
      o.removed.push(f);
    }
  }
  return o;
}
