/** Claim files import only the harness (specs/harness.ts), so the harness lists everything a claim may use. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('./', import.meta.url);
const claimFiles = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'harness.ts' && f !== 'index.ts');

describe('claim files', () => {
  it('there are claim files to check', () => expect(claimFiles.length).toBeGreaterThan(10));
  it.each(claimFiles)('%s imports only ./harness.js', (f) => {
    const src = readFileSync(new URL(f, dir), 'utf8');
    const specifiers = [...src.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*'([^']+)'/g)].map((m) => m[1]);
    const dynamic = [...src.matchAll(/import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]);
    expect([...specifiers, ...dynamic].filter((s) => s !== './harness.js')).toEqual([]);
  });
});
