/**
 * What `verify` and `conform` share after the claims ran: the exit status of a run, the output files
 * (--report JSON, --junit XML) checked before any work and written after it.
 *
 * Exit statuses (the same for both commands, documented in the README and docs/ci.md):
 *   0  every applicable claim passed (not-applicable claims do not count);
 *   1  a claim failed: the simulator's output contradicts the claim at its level α;
 *   2  usage: a bad flag, value or file, a simulator command that cannot be started; nothing ran;
 *   3  no claim failed, but the simulator broke: a claim could not reach a verdict ("error":
 *      a crash, a timeout, a protocol violation, a failed handshake).
 * A replay (--replay) exits 0 when it reproduced its report and 1 when it did not.
 */
import type { ClaimResult } from '../claims/claim.js';
import { ConfigError } from '../util/errors.js';
import { checkOutputFile, writeFileAtomic } from '../util/files.js';

export const EXIT_ALL_PASS = 0;
export const EXIT_CLAIM_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_SIMULATOR_BROKE = 3;

/** The exit status of a run with these results (`runError`: no claim could run, e.g. no handshake). */
export function runExitStatus(results: readonly ClaimResult[], runError: string | null = null): number {
  if (results.some((r) => r.status === 'fail')) return EXIT_CLAIM_FAILED;
  if (runError !== null || results.some((r) => r.status === 'error')) return EXIT_SIMULATOR_BROKE;
  return EXIT_ALL_PASS;
}

/** The absolute path of an output file flag (null when not given), refused before any work (checkOutputFile). */
export function outputPath(flag: string, value: string | undefined): string | null {
  return value === undefined ? null : checkOutputFile(flag, value);
}

/** Write an output file atomically, a ConfigError naming the flag if that fails. */
export function writeOutput(flag: string, path: string | null, text: string): void {
  if (path === null) return;
  try {
    writeFileAtomic(path, text);
  } catch {
    throw new ConfigError(flag, path, 'a writable file path');
  }
}
