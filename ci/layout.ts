/**
 * The architecture as data: the layer order of the source folders, and checks that the code and
 * the README follow it (run by ci/layout.test.ts).
 *
 * A file may import from its own layer or any layer below, never from a layer above. Tests
 * (`*.test.ts`) are exempt: they exercise modules together. The claim files in specs/ sit above
 * the claim machinery they use (through specs/harness.ts) and below the report and the CLI, which
 * load the claim registry.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** Layers from the bottom up; folders in one entry share a layer. */
export const LAYERS: readonly (readonly string[])[] = [
  ['src/util'],
  ['src/rng'],
  ['src/simulator', 'src/parallel', 'src/sde', 'src/theory', 'src/stats'],
  ['src/claims', 'src/faults', 'src/protocol', 'src/grid', 'src/training'],
  ['specs'],
  ['src/report'],
  ['src/cli'],
  ['src/index.ts', 'src/index.test.ts'],
  ['scripts', 'ci'],
];

/** The layer of a repository path (longest matching folder), or −1 when it has none. */
export function layerOf(path: string): number {
  let best = -1;
  let bestLength = -1;
  LAYERS.forEach((folders, layer) => {
    for (const f of folders) {
      if ((path === f || path.startsWith(f + '/')) && f.length > bestLength) {
        best = layer;
        bestLength = f.length;
      }
    }
  });
  return best;
}

/** Relative import specifiers of a TypeScript source (static, re-exports and dynamic imports). */
export function relativeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)) out.push(m[1]);
  return out;
}

export interface LayerViolation {
  file: string;
  imports: string;
  fileLayer: number;
  importLayer: number;
}

/** Every import, in the non-test TypeScript files under `root`, of a module from a higher layer. */
export function layerViolations(root: string, files: readonly string[]): LayerViolation[] {
  const out: LayerViolation[] = [];
  for (const file of files) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const fileLayer = layerOf(file);
    for (const spec of relativeImports(readFileSync(join(root, file), 'utf8'))) {
      const target = normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts');
      const importLayer = layerOf(target);
      if (importLayer > fileLayer) out.push({ file, imports: target, fileLayer, importLayer });
    }
  }
  return out;
}

/** Files of the repository: the tracked ones when git is there, else a walk without build outputs. */
export function repositoryFiles(root: string): string[] {
  if (existsSync(join(root, '.git'))) {
    try {
      const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
      return tracked.split('\n').filter((f) => f !== '' && existsSync(join(root, f)));
    } catch {
      // no git binary: walk instead
    }
  }
  const skip = new Set(['node_modules', 'dist', 'out', '.git', '__pycache__']);
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(root, dir))) {
      if (skip.has(name)) continue;
      const path = dir === '' ? name : `${dir}/${name}`;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk('');
  return out;
}

/** Folders that hold at least one repository file (the root excluded). */
export function repositoryFolders(files: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    for (let d = dirname(f); d !== '.' && d !== ''; d = dirname(d)) out.add(d);
  }
  return out;
}

/**
 * The folders of the README's layout tree: the fenced block after "## Layout", one folder per
 * line, `name/` then its description, children indented two spaces under their parent.
 */
export function readmeLayoutFolders(readme: string): string[] {
  const section = readme.split(/^## Layout\s*$/m)[1];
  if (section === undefined) throw new Error('README has no "## Layout" section');
  const block = /```[^\n]*\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('the Layout section has no fenced tree');
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of block[1].split('\n')) {
    const m = /^( *)(\S+)\/(?:\s|$)/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 2;
    stack.length = depth;
    stack.push(m[2]);
    out.push(stack.join('/'));
  }
  return out;
}
