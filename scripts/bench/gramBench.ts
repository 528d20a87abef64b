/**
 * Benchmark sections of the Gram-state kernel and of the start-up time (run by bench.ts):
 *
 * - W4 (n = 2, d = 128, β = 3, T = 20, L = 500, M = 128) and W5 (n = 16, d = 256, β = 2, T = 5,
 *   L = 256, M = 32): final pairwise cosines. Ours: runChain with output 'cosines' (sampling 'auto'
 *   picks the Gram state) and, for reference, our token kernel (projected, final tokens). The
 *   numpy peer: its best vectorised token chain (the faster of matrix and projected on a timed
 *   trial; this is the comparison the targets refer to) and, for transparency, the same Gram-state
 *   algorithm vectorised over paths in numpy. Repetitions alternate ours / peer / peer-gram /
 *   ours-tokens; medians.
 * - Cost per path-layer of the n = 2 Gram state for d = 4 … 1024 (W4's other parameters),
 *   repetitions alternating over d; the spread (max/min of the medians of the process's CPU time,
 *   which the other jobs of a shared machine do not inflate) is the flatness figure.
 * Every in-process timing records both the wall clock and the process's CPU time; the peer
 * reports both too (time.process_time), so ratios can be given on both clocks.
 * - Start-up: whole processes `node -e 0`, `dst-verify --help` and a small `simulate`
 *   (n = 2, d = 3, L = 100, one path), alternating, wall-clock medians.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { runChain } from '../../src/simulator/chain.js';
import type { ChainConfig } from '../../src/simulator/config.js';
import { packageInfo } from '../../src/util/version.js';

export interface GramBenchOptions {
  reps: number;
  /** Divide the paths by this (quick mode). */
  scale: number;
  /** Run only this section: 'W4', 'W5', 'dscan' or 'startup' (null: all). */
  only: string | null;
  peer: string;
  pyEnv: NodeJS.ProcessEnv;
  printTable(head: string[], rows: string[][]): void;
}

interface GramWorkload {
  name: string;
  n: number;
  d: number;
  beta: number;
  horizon: number;
  depth: number;
  paths: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x: number, digits = 3) => (x >= 100 ? x.toFixed(0) : x.toPrecision(digits));
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

function config(w: GramWorkload, seed: number): ChainConfig {
  return { n: w.n, d: w.d, beta: w.beta, sigma: 1, gamma: 0, horizon: w.horizon, depth: w.depth, paths: w.paths, seed };
}

interface Time {
  /** Wall-clock seconds. */
  wall: number;
  /** CPU seconds of the process (user + system): what a shared, loaded machine leaves intact. */
  cpu: number;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** One in-process run: final cosines (auto → Gram state) or final tokens (token kernel). */
function ours(w: GramWorkload, seed: number, output: 'cosines' | 'tokens'): Time {
  const c0 = cpuNow();
  const t0 = performance.now();
  const r = runChain({ ...config(w, seed), output });
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuNow() - c0;
  if (output === 'cosines' && r.config.sampling !== 'gram-state') throw new Error(`expected the Gram state, got ${String(r.config.sampling)}`);
  return { wall, cpu };
}

function peer(o: GramBenchOptions, w: GramWorkload, seed: number, mode: 'best' | 'gram'): Time & { mode: string } {
  const spec = { workload: w.name, n: w.n, d: w.d, beta: w.beta, sigma: 1, gamma: 0, horizon: w.horizon, depth: w.depth, paths: w.paths, mode, reps: 1, seed };
  const out = execFileSync('python3', [o.peer, JSON.stringify(spec)], { env: o.pyEnv, encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; cpuSeconds: number; mode: string; variant: string };
  return { wall: r.seconds, cpu: r.cpuSeconds, mode: r.mode === 'gram' ? 'gram-state' : `${r.mode}, ${r.variant}` };
}

export function gramStateBenchmarks(o: GramBenchOptions): void {
  const W: GramWorkload[] = [
    { name: 'W4', n: 2, d: 128, beta: 3, horizon: 20, depth: 500, paths: Math.max(4, 128 / o.scale) },
    { name: 'W5', n: 16, d: 256, beta: 2, horizon: 5, depth: 256, paths: Math.max(4, 32 / o.scale) },
  ];
  // Warm up, just before each workload's repetitions: one full-size run of its Gram-state path (JIT tiers, the wasm module,
  // its memory grown), so that the timed runs measure the steady state — a W4 run lasts ~4 ms,
  // and a first run spends about as long again in compilation (on V8's background threads too,
  // which the process CPU time counts).
  const rows: string[][] = [];
  for (const w of W) {
    if (o.only !== null && o.only !== w.name) continue;
    ours({ ...w, paths: 2, depth: 16 }, 1, 'tokens');
    ours(w, 1, 'cosines');
    console.log(`\n${w.name} (n=${w.n}, d=${w.d}, β=${w.beta}, T=${w.horizon}, L=${w.depth}, M=${w.paths}) — load average before: ${load()}`);
    const mine: Time[] = [];
    const tokens: Time[] = [];
    const best: Time[] = [];
    const gram: Time[] = [];
    let bestMode = '';
    for (let r = 0; r < o.reps; r++) {
      mine.push(ours(w, 100 + r, 'cosines'));
      const b = peer(o, w, 100 + r, 'best');
      best.push(b);
      bestMode = b.mode;
      gram.push(peer(o, w, 100 + r, 'gram'));
      tokens.push(ours(w, 100 + r, 'tokens'));
      process.stderr.write(`  ${w.name} rep ${r + 1}/${o.reps}: ours ${mine[r].wall.toFixed(4)} s, numpy (${b.mode}) ${best[r].wall.toFixed(3)} s, numpy gram-state ${gram[r].wall.toFixed(3)} s, ours tokens ${tokens[r].wall.toFixed(3)} s\n`);
    }
    const refWall = median(best.map((t) => t.wall));
    const refCpu = median(best.map((t) => t.cpu));
    const pl = w.paths * w.depth;
    const add = (label: string, ts: Time[]) => {
      const s = median(ts.map((t) => t.wall));
      const c = median(ts.map((t) => t.cpu));
      rows.push([w.name, label, fmt(s, 3), `${fmt(refWall / s, 3)}×`, fmt(c, 3), `${fmt(refCpu / c, 3)}×`, `${fmt((1e9 * c) / pl, 3)}`]);
    };
    add('ours (gram-state, cosines)', mine);
    add('ours (projected, tokens)', tokens);
    add(`numpy (${bestMode}; token chain, best mode)`, best);
    add('numpy (gram-state algorithm)', gram);
  }
  if (rows.length) {
    o.printTable(['workload', 'implementation', 'median wall s', 'wall speed-up vs numpy token chain', 'median CPU s', 'CPU speed-up', 'CPU ns per path-layer'], rows);
    console.log(`load average after: ${load()}`);
  }

  if (o.only === null || o.only === 'dscan') dScan(o);
  if (o.only === null || o.only === 'startup') startup(o);
}

/** Cost per path-layer of the n = 2 Gram state against d. */
function dScan(o: GramBenchOptions): void {
  const dims = [4, 8, 16, 32, 64, 128, 256, 512, 1024];
  const base: GramWorkload = { name: 'D', n: 2, d: 4, beta: 3, horizon: 20, depth: 500, paths: Math.max(4, 128 / o.scale) };
  // Warm-up: one full-size run per d (the steady state, as for W4).
  for (const d of dims) ours({ ...base, d }, 1, 'cosines');
  console.log(`\nn = 2 Gram state, cost per path-layer against d (β=3, T=20, L=500, M=${base.paths}) — load average before: ${load()}`);
  const times = dims.map(() => [] as Time[]);
  for (let r = 0; r < Math.max(5, o.reps); r++) dims.forEach((d, i) => times[i].push(ours({ ...base, d }, 200 + r, 'cosines')));
  const per = (x: number) => (1e9 * x) / (base.paths * base.depth);
  const ns = times.map((ts) => per(median(ts.map((t) => t.cpu))));
  const wall = times.map((ts) => per(median(ts.map((t) => t.wall))));
  const lo = Math.min(...ns);
  o.printTable(
    ['d', 'CPU ns per path-layer', 'relative to the cheapest', 'wall ns per path-layer'],
    dims.map((d, i) => [String(d), fmt(ns[i], 3), `${fmt(ns[i] / lo, 3)}×`, fmt(wall[i], 3)]),
  );
  console.log(`spread of the CPU cost (max/min): ${fmt(Math.max(...ns) / lo, 3)}×; of the wall clock: ${fmt(Math.max(...wall) / Math.min(...wall), 3)}× — load average after: ${load()}`);
}

/** Whole-process start-up: bare node, --help, a small simulate. */
function startup(o: GramBenchOptions): void {
  const main = join(packageInfo().root, 'dist', 'src', 'cli', 'main.js');
  const cases: [string, string[]][] = [
    ['node -e 0', ['-e', '0']],
    ['dst-verify --help', [main, '--help']],
    ['dst-verify simulate --n 2 --d 3 --depth 100', [main, 'simulate', '--n', '2', '--d', '3', '--depth', '100']],
  ];
  console.log(`\nStart-up, whole process (wall-clock, alternating, ${Math.max(9, 3 * o.reps)} repetitions) — load average before: ${load()}`);
  const times = cases.map(() => [] as number[]);
  const cpus = cases.map(() => [] as number[]);
  // /usr/bin/time, when present, gives each child's CPU time (user + system), which a loaded
  // machine does not inflate the way it inflates the wall clock.
  const timer = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  for (let r = 0; r < Math.max(9, 3 * o.reps); r++) {
    cases.forEach(([, args], i) => {
      const t0 = performance.now();
      const res = timer
        ? spawnSync(timer, ['-f', 'CPU %U %S', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
        : spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      times[i].push(performance.now() - t0);
      if (res.status !== 0) throw new Error(`${cases[i][0]} exited with ${res.status}: ${res.stderr}`);
      const m = /CPU ([\d.]+) ([\d.]+)/.exec(res.stderr ?? '');
      if (m) cpus[i].push(1000 * (Number(m[1]) + Number(m[2])));
    });
  }
  const bare = median(times[0]);
  const bareCpu = cpus[0].length ? median(cpus[0]) : NaN;
  o.printTable(
    ['command', 'median wall ms', 'minus bare node (ms)', 'min wall ms', 'median CPU ms (user + sys)', 'CPU minus bare node (ms)'],
    cases.map(([name], i) => [
      name,
      fmt(median(times[i]), 3),
      i === 0 ? '—' : fmt(median(times[i]) - bare, 3),
      fmt(Math.min(...times[i]), 3),
      cpus[i].length ? fmt(median(cpus[i]), 3) : '—',
      i === 0 || !cpus[i].length ? '—' : fmt(median(cpus[i]) - bareCpu, 3),
    ]),
  );
  console.log(`load average after: ${load()}`);
}
