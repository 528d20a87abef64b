/**
 * Identity of the code that produced a result: package version, git commit (null outside a git
 * checkout or without git; the environment variable DST_VERIFY_COMMIT, when set, is used instead —
 * e.g. GITHUB_SHA for a checkout without .git) and Node version. Stored in run.json: a resume or merge across a change
 * of any of them is refused, because seeded bits may change with the code.
 *
 * @example codeIdentity() // { package: 'dst-verify', version: '0.1.0', commit: '843cafe…', node: 'v20.20.2' }
 */
import { execFileSync } from 'node:child_process';
import { packageInfo } from '../util/version.js';

export interface CodeIdentity {
  package: string;
  version: string;
  commit: string | null;
  node: string;
}

let cachedCommit: string | null | undefined;

/** DST_VERIFY_COMMIT, else `git rev-parse HEAD` in the package root, else null. */
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

export function codeIdentity(): CodeIdentity {
  const p = packageInfo();
  return { package: p.name, version: p.version, commit: gitCommit(), node: process.version };
}
