/**
 * CI entry point: the fuzz suite (compiled to dist/ci/fuzz.js). Generated command lines over every
 * command's flags (ci/fuzz-cases.ts) are run against the built CLI, each under a time bound and
 * with its peak memory measured (/usr/bin/time -f %M when present); every run must exit 0, 1, 2 or 3 (3: the simulator broke),
 * print at most a few lines for a usage error, never a stack trace, never hang, and stay below the
 * memory bound (LIMITS in ci/fuzz-cases.ts).
 *
 *   node dist/ci/fuzz.js [--seed S] [--runs N] [--budget-s SECONDS] [--jobs J]
 *
 * Cases are drawn from the seed, so a failure is reproduced by the same seed; each failing command
 * line is printed. Stops drawing new cases when the time budget is spent. Exit 0 when every run
 * passed, 1 otherwise, 2 for bad flags.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { runProgram, type FlagValues } from '../src/util/args.js';
import { packageInfo } from '../src/util/version.js';
import { allCases, judgeRun, LIMITS, type FuzzCase, type RunOutcome } from './fuzz-cases.js';

/** The built CLI (from the sources under vitest as from dist/ci when run as a script). */
const MAIN = join(packageInfo().root, 'dist', 'src', 'cli', 'main.js');
const TIME = '/usr/bin/time';

/** Run one command line of the built CLI in its own process group, killed at the time bound. */
export function runCase(argv: readonly string[], timeoutMs = LIMITS.timeoutMs): Promise<RunOutcome> {
  const measured = existsSync(TIME);
  const cmd = measured ? [TIME, '-f', '%M', process.execPath, MAIN, ...argv] : [process.execPath, MAIN, ...argv];
  const t0 = performance.now();
  return new Promise((done) => {
    // A fresh working directory: relative output paths land there, never in the checkout.
    const cwd = mkdtempSync(join(tmpdir(), 'dst-fuzz-'));
    const child = spawn(cmd[0], cmd.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    let timedOut = false;
    child.stderr!.on('data', (b: Buffer) => {
      if (stderr.length < 1e6) stderr += b.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      rmSync(cwd, { recursive: true, force: true });
      let maxRssKb: number | null = null;
      if (measured) {
        const lines = stderr.trimEnd().split('\n');
        const last = lines.at(-1) ?? '';
        if (/^\d+$/.test(last)) {
          maxRssKb = Number(last);
          lines.pop();
        }
        // /usr/bin/time reports a non-zero status or a signal on a line of its own.
        stderr = lines.filter((l) => !/^Command (exited with non-zero status|terminated by signal)/.test(l)).join('\n');
        if (code !== null && signal === null) {
          const m = /Command terminated by signal (\d+)/.exec(lines.join('\n'));
          if (m) signal = `signal ${m[1]}` as NodeJS.Signals;
        }
      }
      done({ code, signal, stderr, ms: performance.now() - t0, maxRssKb, timedOut });
    });
  });
}

const PROGRAM = {
  name: 'ci/fuzz',
  summary: 'generated command lines over every command: exit 0/1/2, short refusals, no stack trace, no hang, bounded memory',
  usage: 'node dist/ci/fuzz.js [--seed S] [--runs N] [--budget-s SECONDS] [--jobs J]',
  flags: {
    seed: { type: 'integer', value: 'S', help: 'seed of the generated cases', default: 17, min: 0, max: 2 ** 31 - 1 },
    runs: { type: 'integer', value: 'N', help: 'cases to draw', default: 120, min: 1, max: 100_000 },
    'budget-s': { type: 'number', value: 'SECONDS', help: 'stop starting new cases after this time', default: 240, min: 1, max: 86_400 },
    jobs: { type: 'integer', value: 'J', help: 'cases run at once', default: Math.max(1, availableParallelism()), min: 1, max: 16 },
  },
} as const;

async function main(v: FlagValues<typeof PROGRAM.flags>): Promise<number> {
  const cases = fc.sample(await allCases(), { seed: v.seed, numRuns: v.runs });
  const t0 = performance.now();
  let next = 0;
  let ran = 0;
  let peak = 0;
  const failures: { c: FuzzCase; problems: string[]; r: RunOutcome }[] = [];
  const worker = async () => {
    while (next < cases.length && performance.now() - t0 < v['budget-s'] * 1000) {
      const c = cases[next++];
      const r = await runCase(c.argv);
      ran++;
      peak = Math.max(peak, r.maxRssKb ?? 0);
      const problems = judgeRun(c, r);
      if (problems.length) failures.push({ c, problems, r });
    }
  };
  await Promise.all(Array.from({ length: v.jobs }, worker));
  for (const f of failures) {
    process.stdout.write(`FAIL dst-verify ${f.c.argv.map((a) => JSON.stringify(a)).join(' ')}\n  ${f.problems.join('; ')}\n  stderr: ${f.r.stderr.slice(0, 400).replace(/\n/g, '\n          ')}\n`);
  }
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`fuzz: ${ran} of ${cases.length} cases (seed ${v.seed}) in ${seconds.toFixed(0)} s, ${failures.length} failed; peak memory ${(peak / 1024).toFixed(0)} MiB\n`);
  return failures.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runProgram(PROGRAM, process.argv.slice(2), main);
