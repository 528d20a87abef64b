/**
 * Golden fixtures: the stored ones are reproduced bit for bit; a changed stored value, config or
 * file is caught with a diff that names the file, the position and both values.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GOLDEN_CASES } from './golden-cases.js';
import { checkGoldens, formatReport, locate, updateGoldens } from './golden-check.js';
import { decodeValues, encodeValue, sha256OfFloat64 } from './golden-format.js';

const STORED = join(import.meta.dirname, '..', 'fixtures', 'golden');
const tmp = mkdtempSync(join(tmpdir(), 'golden-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function copy(name: string): string {
  const dir = join(tmp, name);
  cpSync(STORED, dir, { recursive: true });
  return dir;
}

function edit(file: string, change: (f: Record<string, unknown> & { values: unknown[] }) => void): void {
  const f = JSON.parse(readFileSync(file, 'utf8'));
  change(f);
  writeFileSync(file, JSON.stringify(f, null, 2));
}

describe('golden fixtures', () => {
  it('reproduces every stored fixture bit for bit', () => {
    const r = checkGoldens(STORED);
    expect(formatReport(r)).toContain(`all ${GOLDEN_CASES.length} fixtures reproduced bit for bit`);
    expect(r.ok).toBe(true);
  });

  it('fails on one changed stored value, naming file, config, position and both values', () => {
    const dir = copy('edited-value');
    const file = join(dir, 'chain-gaussian-matrix.json');
    let original = 0;
    edit(file, (f) => {
      original = f.values[7] as number;
      f.values[7] = original + 1e-15;
    });
    const r = checkGoldens(dir);
    expect(r.ok).toBe(false);
    expect(r.cases.filter((c) => !c.ok).map((c) => c.id)).toEqual(['chain-gaussian-matrix']);
    const text = formatReport(r);
    expect(text).toContain(`FAIL ${file}`);
    expect(text).toContain('"seed":11');
    expect(text).toContain('1 of 36 values differ');
    expect(text).toContain('value 7 [path 0, token 1, coordinate 3]');
    expect(text).toContain(`now ${original} (0x`);
    expect(text).toContain('edited by hand'); // the stored hash no longer matches the values
    expect(text).toContain('npm run golden:update');
  });

  it('fails on a changed config, a missing and a stale file', () => {
    const dir = copy('edited-config');
    edit(join(dir, 'sde-seeded.json'), (f) => {
      (f.config as { seed: number }).seed = 99;
    });
    rmSync(join(dir, 'rng-streams.json'));
    writeFileSync(join(dir, 'old-case.json'), '{}');
    const r = checkGoldens(dir);
    const text = formatReport(r);
    expect(text).toMatch(/sde-seeded\.json[\s\S]*config changed[^\n]*config\.seed: 99 ≠ 22/);
    expect(text).toMatch(/rng-streams\.json[\s\S]*no stored fixture/);
    expect(text).toMatch(/FAIL .*old-case\.json\n\s+stale/);
    expect(r.ok).toBe(false);
  });

  it('update regenerates on purpose: writes changed files only, removes stale ones, then checks clean', () => {
    const dir = copy('updated');
    edit(join(dir, 'theory-values.json'), (f) => {
      f.values[0] = 0.5;
    });
    writeFileSync(join(dir, 'old-case.json'), '{}');
    const o = updateGoldens(dir);
    expect(o.written).toEqual([join(dir, 'theory-values.json')]);
    expect(o.removed).toEqual([join(dir, 'old-case.json')]);
    expect(checkGoldens(dir).ok).toBe(true);
    expect(readFileSync(join(dir, 'theory-values.json'), 'utf8')).toBe(readFileSync(join(STORED, 'theory-values.json'), 'utf8'));
  });

  it('stores −0 and non-finite values exactly and hashes little-endian Float64 bytes', () => {
    const x = Float64Array.from([-0, 0, NaN, Infinity, -Infinity, 1 / 3]);
    const back = decodeValues(Array.from(x, encodeValue));
    expect(Array.from(back).every((v, i) => Object.is(v, x[i]))).toBe(true);
    expect(sha256OfFloat64(back)).toBe(sha256OfFloat64(x));
    // sha256 of the bytes 00 00 00 00 00 00 f0 3f (1.0, little-endian)
    expect(sha256OfFloat64(Float64Array.from([1]))).toBe('6c3c396ed6b5c36dcae172271f462051b1266b851e92df3deea8ac65478fd712');
    expect(locate(13, [2, 3, 4], ['path', 'token', 'coordinate'])).toBe('path 1, token 0, coordinate 1');
  });
});
