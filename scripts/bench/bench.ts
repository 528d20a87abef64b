/**
 * Monte Carlo benchmark: our discrete-chain simulator against a vectorized numpy peer
 * (scripts/bench/numpy_peer.py) on the workloads W1–W3 of docs/performance.md, alternating runs, medians.
 *
 *   npm run bench                 # full workloads, 3 repetitions each
 *   npm run bench -- --reps 5     # more repetitions
 *   npm run bench -- --quick      # 1/8 of the paths (smoke test)
 *   npm run bench -- --memory     # memory of W1 versus depth L (snapshots off)
 *   npm run bench -- --only W2    # one workload (no worker-scaling table unless W1)
 *   npm run bench -- --only W4    # W4, W5, dscan or startup: one section of gramBench.ts
 *   npm run bench -- --training   # training throughput of the noise-ablation model (scripts/bench/training.ts)
 *
 * W1: n=2, d=4, β=2, σ=1, γ=0, T=40, L=4000, M=4000 paths.
 * W2: n=16, d=32, β=1, T=1, L=256, M=512 paths.
 * W3: the strong-convergence coupling, per path: brownianIncrements (4096 steps, d×d each),
 *     runSde on them, then the chain at L = 8, 16, …, 256 on blockSums of the same increments
 *     (explicit-noise matrix mode); n=3, d=3, β=1, σ=1, T=1, M=32 paths. Work counted as
 *     path·(4096 SDE steps + 504 chain layers); normals = path·4096·d².
 * W4, W5, the cost of the Gram state against d and the start-up time: gramBench.ts.
 * Ours runs single-threaded in this process (plus a worker-scaling row for W1); the peer runs
 * in python3 with BLAS/OpenMP limited to one thread. Timings are wall-clock medians; the load
 * average of the machine is printed with the table.
 */
import { execFileSync } from 'node:child_process';
import { loadavg, availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { runChain } from '../../src/simulator/chain.js';
import type { ChainConfig } from '../../src/simulator/config.js';
import { runSde } from '../../src/sde/solver.js';
import { brownianIncrements, blockSums } from '../../src/sde/brownian.js';
import { fillNormal } from '../../src/rng/normal.js';
import { streamRng } from '../../src/rng/streams.js';
import { runChainParallel } from '../../src/parallel/index.js';
import { seedState256, wasmNormals } from '../../src/simulator/wasm/module.js';
import { packageInfo } from '../../src/util/version.js';
import { gramStateBenchmarks } from './gramBench.js';
import { formatHelp, parseArgs, reportError } from '../../src/util/args.js';
import { UsageError } from '../../src/util/errors.js';
import { trainingBenchmark } from './training.js';

interface Workload {
  name: string;
  n: number;
  d: number;
  beta: number;
  sigma: number;
  gamma: number;
  horizon: number;
  depth: number;
  paths: number;
  steps?: number;
  depths?: number[];
}

const PROGRAM = {
  name: 'bench',
  summary: 'the reference simulator against a vectorized numpy peer, side by side in one run',
  usage: 'node dist/scripts/bench/bench.js [--reps R] [--quick] [--only W1|W2|W3|W4|W5|dscan|startup] [--memory] [--training]',
  flags: {
    reps: { type: 'integer', value: 'R', help: 'alternating repetitions per workload', default: 3, min: 1, max: 100 },
    quick: { type: 'boolean', help: '1/8 of the paths (smoke test)' },
    only: { type: 'string', value: 'W', help: 'one workload or section (dscan: Gram-state cost against d; startup: process start-up)', choices: ['W1', 'W2', 'W3', 'W4', 'W5', 'dscan', 'startup'] },
    memory: { type: 'boolean', help: 'memory of W1 versus depth L (snapshots off)' },
    training: { type: 'boolean', help: 'training throughput of the noise-ablation model and the tier budgets it implies' },
    'memory-child': { type: 'boolean', help: 'internal: one memory measurement, DEPTH PATHS as positional words' },
  },
  positionals: { name: 'DEPTH PATHS (with --memory-child)', max: 2 },
} as const;
let parsed: ReturnType<typeof parseArgs<typeof PROGRAM.flags>>;
try {
  parsed = parseArgs(PROGRAM, process.argv.slice(2));
  if (!parsed.help && parsed.positionals.length && !parsed.values['memory-child']) throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[0])} (see: bench --help)`);
} catch (e) {
  process.exit(reportError('bench', e));
}
if (parsed.help) {
  process.stdout.write(formatHelp(PROGRAM) + '\n');
  process.exit(0);
}
const { values: FLAGS, positionals: WORDS } = parsed;
const REPS = FLAGS.reps;
const SCALE = FLAGS.quick ? 8 : 1;
const ONLY = FLAGS.only ?? null;
const ROOT = packageInfo().root;
const PEER = join(ROOT, 'scripts', 'bench', 'numpy_peer.py');
const PY_ENV = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

const W: Workload[] = [
  { name: 'W1', n: 2, d: 4, beta: 2, sigma: 1, gamma: 0, horizon: 40, depth: 4000, paths: 4000 / SCALE },
  { name: 'W2', n: 16, d: 32, beta: 1, sigma: 1, gamma: 0, horizon: 1, depth: 256, paths: 512 / SCALE },
  { name: 'W3', n: 3, d: 3, beta: 1, sigma: 1, gamma: 0, horizon: 1, depth: 0, paths: Math.max(4, 32 / SCALE), steps: 4096, depths: [8, 16, 32, 64, 128, 256] },
];

interface Timing {
  seconds: number;
  pathLayers: number;
  normals: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function chainConfig(w: Workload, seed: number, sampling: 'auto' | 'matrix'): ChainConfig {
  return { n: w.n, d: w.d, beta: w.beta, sigma: w.sigma, gamma: w.gamma, horizon: w.horizon, depth: w.depth, paths: w.paths, seed, sampling };
}

function ours(w: Workload, seed: number, sampling: 'auto' | 'matrix'): Timing {
  if (w.name !== 'W3') {
    const cfg = chainConfig(w, seed, sampling);
    const t0 = performance.now();
    runChain(cfg);
    const seconds = (performance.now() - t0) / 1000;
    const perLayer = sampling === 'matrix' || w.n >= w.d ? w.d * w.d : w.n * w.d;
    return { seconds, pathLayers: w.paths * w.depth, normals: w.paths * w.depth * perLayer };
  }
  const steps = w.steps!;
  const t0 = performance.now();
  let layers = 0;
  for (let p = 0; p < w.paths; p++) {
    const fine = brownianIncrements({ d: w.d, sigma: w.sigma, horizon: w.horizon, steps, seed, path: p });
    const base = { n: w.n, d: w.d, beta: w.beta, sigma: w.sigma, horizon: w.horizon, seed, firstPath: p, paths: 1 };
    runSde({ ...base, steps, increments: fine });
    for (const L of w.depths!) {
      runChain({ ...base, depth: L, noise: { kind: 'increments', data: blockSums(fine, w.d, steps, steps / L) } });
      if (p === 0) layers += L;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, pathLayers: w.paths * (steps + layers), normals: w.paths * steps * w.d * w.d };
}

function peer(w: Workload, seed: number): Timing {
  const spec = { workload: w.name, n: w.n, d: w.d, beta: w.beta, sigma: w.sigma, gamma: w.gamma, horizon: w.horizon, depth: w.depth, paths: w.paths, steps: w.steps, depths: w.depths, reps: 1, seed };
  const out = execFileSync('python3', [PEER, JSON.stringify(spec)], { env: PY_ENV, encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; pathLayers: number; normals: number; variant: string };
  variants[w.name] = r.variant;
  return { seconds: r.seconds, pathLayers: r.pathLayers, normals: r.normals };
}
const variants: Record<string, string> = {};

function ourNormalRate(): number {
  const g = streamRng(0, [0]);
  const buf = new Float64Array(1 << 16);
  const rates: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    for (let k = 0; k < 64; k++) fillNormal(g, buf, 1);
    rates.push((64 * buf.length) / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

/** Single-core rate of the wasm pair kernel's generator (ziggurat on xoshiro256**, copy-out included). */
function wasmNormalRate(): number {
  const state = seedState256(streamRng(0, [0]));
  const buf = new Float64Array(1 << 16);
  const rates: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    for (let k = 0; k < 64; k++) wasmNormals(state, buf.length, buf);
    rates.push((64 * (1 << 16)) / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

function peerNormalRate(): number {
  const out = execFileSync('python3', [PEER, 'rate', '7'], { env: PY_ENV, encoding: 'utf8' });
  return 1 / (JSON.parse(out) as { secondsPerNormal: number }).secondsPerNormal;
}

const fmt = (x: number, digits = 3) => (x >= 100 ? x.toFixed(0) : x.toPrecision(digits));
const sci = (x: number) => x.toExponential(2).replace('e+', 'e');

async function benchmark(): Promise<void> {
  const load0 = loadavg();
  console.log(`dst-verify ${packageInfo().version} benchmark — node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} ×${availableParallelism()}, reps ${REPS}${SCALE > 1 ? `, quick (paths/${SCALE})` : ''}`);
  console.log(`load average at start: ${load0.map((x) => x.toFixed(2)).join(' ')}`);
  // Warm up the JIT on small runs of every kernel.
  for (const w of W) ours({ ...w, paths: Math.min(w.paths, 4), depth: Math.min(w.depth, 64), steps: w.steps ? 256 : undefined, depths: w.depths ? [8, 16] : undefined }, 1, 'auto');
  ours({ ...W[0], paths: 4, depth: 64 }, 1, 'matrix');

  const ourRate = ourNormalRate();
  const wasmRate = wasmNormalRate();
  const peerRate = peerNormalRate();
  console.log(`single-core normal generation: ours (ziggurat on xoshiro128**, fillNormal) ${sci(ourRate)}/s; wasm pair kernel (ziggurat on xoshiro256**) ${sci(wasmRate)}/s; numpy default_rng().standard_normal ${sci(peerRate)}/s`);

  const GRAM_SECTIONS = ['W4', 'W5', 'dscan', 'startup'];
  if (ONLY === null || GRAM_SECTIONS.includes(ONLY)) {
    gramStateBenchmarks({ reps: REPS, scale: SCALE, only: ONLY, peer: PEER, pyEnv: PY_ENV, printTable });
    if (ONLY !== null) return;
    console.log('');
  }
  const rows: string[][] = [];
  for (const w of W) {
    if (ONLY !== null && w.name !== ONLY) continue;
    const mine: Timing[] = [];
    const mineMatrix: Timing[] = [];
    const theirs: Timing[] = [];
    for (let r = 0; r < REPS; r++) {
      // Alternate: ours, peer, (ours with matrix sampling where it differs).
      mine.push(ours(w, 100 + r, 'auto'));
      theirs.push(peer(w, 100 + r));
      if (w.name !== 'W3' && w.n < w.d) mineMatrix.push(ours(w, 100 + r, 'matrix'));
      process.stderr.write(`  ${w.name} rep ${r + 1}/${REPS}: ours ${mine[r].seconds.toFixed(2)} s, numpy ${theirs[r].seconds.toFixed(2)} s\n`);
    }
    const peerS = median(theirs.map((t) => t.seconds));
    const add = (label: string, ts: Timing[], rate: number, ratio: boolean) => {
      const s = median(ts.map((t) => t.seconds));
      const pl = ts[0].pathLayers / s;
      const nv = ts[0].normals / s;
      rows.push([w.name, label, fmt(s), ratio ? `${fmt(peerS / s, 3)}×` : '—', sci(pl), sci(nv), `${(100 * nv / rate).toFixed(0)}%`]);
    };
    const mode = w.name === 'W3' ? 'explicit increments' : w.n < w.d ? 'projected' : 'matrix';
    // W1 (n = 2, Q = K = I) runs the wasm pair kernel: its own generator's rate.
    add(`ours (${mode})`, mine, w.n === 2 && mode === 'projected' ? wasmRate : ourRate, true);
    if (mineMatrix.length) add('ours (matrix)', mineMatrix, ourRate, true);
    add(`numpy (${variants[w.name]}, matrix)`, theirs, peerRate, false);
  }
  const head = ['workload', 'implementation', 'median s', 'speed-up vs numpy', 'path-layers/s', 'normals/s', 'of 1-core normal rate'];
  printTable(head, rows);

  // Worker scaling on W1 (bit-identical results checked).
  if (ONLY !== null && ONLY !== 'W1') {
    const load1 = loadavg();
    console.log(`\nload average at end: ${load1.map((x) => x.toFixed(2)).join(' ')}`);
    return;
  }
  const w1 = chainConfig(W[0], 7, 'auto');
  const cores = availableParallelism();
  const scale: string[][] = [];
  let ref: Float64Array | null = null;
  let t1 = 0;
  for (const workers of [1, 2, ...(cores > 2 ? [cores] : [])]) {
    const ts: number[] = [];
    let same = true;
    for (let r = 0; r < REPS; r++) {
      const t0 = performance.now();
      const res = await runChainParallel(w1, { workers });
      ts.push((performance.now() - t0) / 1000);
      if (!ref) ref = res.finalTokens;
      else same &&= Buffer.from(ref.buffer).equals(Buffer.from(res.finalTokens.buffer));
    }
    const s = median(ts);
    if (workers === 1) t1 = s;
    scale.push([String(workers), fmt(s), `${fmt(t1 / s)}×`, sci((W[0].paths * W[0].depth) / s), same ? 'yes' : 'NO']);
  }
  console.log('\nW1 over worker threads (runChainParallel):');
  printTable(['workers', 'median s', 'speed-up vs 1 worker', 'path-layers/s', 'bit-identical'], scale);
  const load1 = loadavg();
  console.log(`\nload average at end: ${load1.map((x) => x.toFixed(2)).join(' ')} (other processes share these ${cores} cores)`);
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

/** Memory of W1 (snapshots off) at several depths, each in a fresh process with --expose-gc. */
function memory(): void {
  const rows: string[][] = [];
  for (const depth of [1000, 4000, 16000]) {
    for (const paths of [100, 4000]) {
      const out = execFileSync(process.execPath, ['--expose-gc', process.argv[1], '--memory-child', String(depth), String(paths)], { encoding: 'utf8' });
      const m = JSON.parse(out) as Record<string, number>;
      rows.push([String(depth), String(paths), (m.heapBefore / 1e6).toFixed(2), (m.heapPeakDelta / 1e3).toFixed(1), (m.arrayBuffersDelta / 1e3).toFixed(1), (m.rssDelta / 1e6).toFixed(1)]);
    }
  }
  console.log('W1 memory, snapshots off (n=2, d=4): fresh process per row, after a warm-up run');
  printTable(['L', 'M paths', 'heap before (MB)', 'peak heap growth (kB)', 'array buffers growth (kB)', 'RSS growth (MB)'], rows);
  console.log('finalTokens alone is M·n·d·8 bytes = 6.4 kB at M = 100, 256 kB at M = 4000.');
}

function memoryChild(depth: number, paths: number): void {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const cfg = chainConfig(W[0], 1, 'auto');
  runChain({ ...cfg, depth: 50, paths: 2 }); // warm up (JIT code, module state)
  gc();
  const before = process.memoryUsage();
  let peak = before.heapUsed;
  // Sample the heap while running: one path at a time through onPath.
  runChain({ ...cfg, depth, paths }, () => {
    const h = process.memoryUsage().heapUsed;
    if (h > peak) peak = h;
  });
  const after = process.memoryUsage();
  console.log(
    JSON.stringify({ heapBefore: before.heapUsed, heapPeakDelta: peak - before.heapUsed, arrayBuffersDelta: after.arrayBuffers - before.arrayBuffers, rssDelta: after.rss - before.rss }),
  );
}

if (FLAGS['memory-child']) memoryChild(Number(WORDS[0]), Number(WORDS[1]));
else if (FLAGS.memory) memory();
else if (FLAGS.training) trainingBenchmark(REPS);
else await benchmark();
