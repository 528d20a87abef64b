/**
 * The package's name and version, read from its package.json (works from src/ and dist/), and the
 * git commit of the code when known.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { name: string; version: string; root: string } | null = null;

export function packageInfo(): { name: string; version: string; root: string } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'dst-verify') return (cached = { name: pkg.name, version: pkg.version ?? '0.0.0', root: dir });
    }
    const up = dirname(dir);
    if (up === dir) return (cached = { name: 'dst-verify', version: 'unknown', root: process.cwd() });
    dir = up;
  }
}

let cachedCommit: string | null | undefined;

/**
 * The commit the code comes from: DST_VERIFY_COMMIT when set (e.g. GITHUB_SHA for a checkout without
 * .git), else `git rev-parse HEAD` in the package root, else null (no git, or not a checkout).
 */
export function gitCommit(): string | null {
  if (cachedCommit !== undefined) return cachedCommit;
  const given = process.env.DST_VERIFY_COMMIT;
  if (given) return (cachedCommit = given);
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: packageInfo().root, stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    const sha = out.toString().trim();
    cachedCommit = /^[0-9a-f]{40,64}$/.test(sha) ? sha : null;
  } catch {
    cachedCommit = null;
  }
  return cachedCommit;
}
