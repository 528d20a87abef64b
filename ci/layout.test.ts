/**
 * The repository's shape (ci/layout.ts): no file imports from a layer above it, the README's
 * layout tree lists exactly the folders there are, and nothing points outside the repository.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LAYERS, layerOf, layerViolations, readmeLayoutFolders, relativeImports, repositoryFiles, repositoryFolders } from './layout.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const files = repositoryFiles(root);

describe('layers', () => {
  it('every source file has a layer', () => {
    const sources = files.filter((f) => f.endsWith('.ts') && /^(src|specs|scripts|ci)\//.test(f));
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it('no file imports from a layer above it', () => {
    const shown = layerViolations(root, files).map((v) => `${v.file} (${LAYERS[v.fileLayer].join(', ')}) imports ${v.imports} (${LAYERS[v.importLayer].join(', ')})`);
    expect(shown).toEqual([]);
  });

  it('finds static, re-exported and dynamic imports, and reports an upward one', () => {
    expect(relativeImports("import { a } from './a.js';\nexport * from '../b.js';\nconst c = await import('../../c.js');\nimport './d.js';")).toEqual([
      './a.js',
      '../b.js',
      '../../c.js',
      './d.js',
    ]);
    expect(layerOf('src/util/errors.ts')).toBeLessThan(layerOf('src/cli/main.ts'));
    expect(layerOf('src/simulator/kernels/table.ts')).toBe(layerOf('src/simulator/chain.ts'));
  });
});

describe('README layout', () => {
  const listed = readmeLayoutFolders(readFileSync(new URL('../README.md', import.meta.url), 'utf8'));
  const present = repositoryFolders(files);

  it('lists only folders that exist', () => expect(listed.filter((f) => !present.has(f))).toEqual([]));
  it('lists every folder', () => expect([...present].filter((f) => !listed.includes(f)).sort()).toEqual([]));
  it('reads a nested tree', () => expect(readmeLayoutFolders('## Layout\n```\na/   x\n  b/  y\n    c/\nd/  z\n```\n')).toEqual(['a', 'a/b', 'a/b/c', 'd']));
});

describe('self-contained', () => {
  it('nothing cites files or trackers outside the repository', () => {
    const text = files.filter((f) => /\.(ts|mjs|js|py|md|json|yml|sh)$|^\.ci\/run$/.test(f) && !f.endsWith('package-lock.json'));
    const outside = /MODEL\.md|\b[Ii]ssues? #?\d|\/work\/shared|shared\/MODEL/;
    const hits = text.filter((f) => f !== 'ci/layout.test.ts' && outside.test(readFileSync(`${root}/${f}`, 'utf8')));
    expect(hits).toEqual([]);
  });
});
