/**
 * Identity of the code that produced a result: package version, git commit (null outside a git
 * checkout or without git; the environment variable DST_VERIFY_COMMIT, when set, is used instead —
 * e.g. GITHUB_SHA for a checkout without .git) and Node version. Stored in run.json: a resume or merge across a change
 * of any of them is refused, because seeded bits may change with the code.
 *
 * @example codeIdentity() // { package: 'dst-verify', version: '0.1.0', commit: '843cafe…', node: 'v20.20.2' }
 */
import { gitCommit, packageInfo } from '../util/version.js';

export interface CodeIdentity {
  package: string;
  version: string;
  commit: string | null;
  node: string;
}

export function codeIdentity(): CodeIdentity {
  const p = packageInfo();
  return { package: p.name, version: p.version, commit: gitCommit(), node: process.version };
}
