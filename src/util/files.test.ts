/** Output-path checks and the memory guard: refused up front, with the flag named. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkOutputDir, checkOutputFile, memoryBudget, requireMemory } from './files.js';

const dir = mkdtempSync(join(tmpdir(), 'files-'));
writeFileSync(join(dir, 'f.json'), '{}');

describe('checkOutputFile', () => {
  test('accepts new and existing files in writable directories, and /dev/null', () => {
    expect(checkOutputFile('--report', join(dir, 'new.json'))).toBe(join(dir, 'new.json'));
    expect(checkOutputFile('--report', join(dir, 'f.json'))).toBe(join(dir, 'f.json'));
    expect(checkOutputFile('--report', '/dev/null')).toBe('/dev/null');
  });
  test.each([
    ['', /invalid --report: got ""; expected a file path/],
    ['/nonexistent/r.json', /expected a file in an existing directory/],
    ['/proc/x', /not \/proc, \/sys or \/dev/],
    ['/sys/kernel/x.json', /not \/proc, \/sys or \/dev/],
    ['/dev/sda', /not \/proc, \/sys or \/dev/],
    [dir, /a file path, not a directory/],
  ])('refuses %j', (path, re) => {
    expect(() => checkOutputFile('--report', path)).toThrow(re);
  });
});

describe('checkOutputDir', () => {
  test('accepts existing and creatable directories', () => {
    expect(checkOutputDir('--out', dir)).toBe(dir);
    expect(checkOutputDir('--out', join(dir, 'a', 'b'))).toBe(join(dir, 'a', 'b'));
  });
  test.each([
    ['', /expected a directory path/],
    ['/proc/x', /not \/proc/],
    ['/sys', /not \/proc/],
    ['/dev/null', /not \/proc/],
    [join(dir, 'f.json'), /a directory, not an existing file/],
    [join(dir, 'f.json', 'sub'), /is a file/],
  ])('refuses %j', (path, re) => {
    expect(() => checkOutputDir('--out', path)).toThrow(re);
  });
});

test('requireMemory names the size, the limit and what to do instead', () => {
  expect(() => requireMemory('--paths', 10, 1e3, 'x', 'y')).not.toThrow();
  expect(() => requireMemory('--paths', 1e9, 2 * memoryBudget(), 'paths × 8 bytes', 'run fewer paths')).toThrow(
    /invalid --paths: got 1000000000; expected a size that fits in memory: paths × 8 bytes = .* GB, over the .* GB limit .*; run fewer paths/,
  );
});
