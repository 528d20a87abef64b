/** `dst-verify simulate`: run the reference discrete chain and summarize or dump the end state. */
import type { ChainResult } from '../simulator/chain.js';
import { classifyFormation, endStateOf, DEFAULT_CLASSIFY_TOLERANCE, type EndState } from '../simulator/classify.js';
import { pairCount, pairwiseCosines, rmsRadius, toRows } from '../simulator/tokens.js';
import { SPHERES, type ChainConfig } from '../simulator/config.js';
import { packageInfo } from '../util/version.js';
import { boundWorkers, parseJsonFlag } from '../util/args.js';
import { ConfigError } from '../util/errors.js';
import { requireMemory } from '../util/files.js';
import { ENTRY_LAWS } from '../rng/entryLaws.js';
import { defineCommand, writeOut } from './args.js';
import { progressBar } from '../util/progress.js';

/** Chain work units (≈ multiply-adds) past which simulate refuses: hours on one core. */
export const SIMULATE_WORK_LIMIT = 1e12;

/** Refuse runs whose arrays exceed memory or whose work would take hours (say how to split them). */
function requireChainFits(c: ChainConfig): void {
  const paths = c.paths ?? 1;
  const snapshots = c.snapshots ? (Math.floor(c.depth / c.snapshots.stride) + 1) * pairCount(c.n) : 0;
  const bytes = paths * (c.n * c.d + snapshots) * 8;
  const split = 'run fewer paths per call (paths are independent: path p is seeded by (seed, p)), or use mc-grid, which keeps only counts per cell';
  requireMemory('--paths', paths, bytes, `paths × (n × d + snapshots) × 8 bytes`, split);
  const work = paths * c.depth * c.n * c.d * (c.n + c.d);
  if (work > SIMULATE_WORK_LIMIT) {
    throw new ConfigError('--depth', c.depth, `paths × depth × n × d × (n + d) ≤ ${SIMULATE_WORK_LIMIT.toExponential(0)} (here ${work.toExponential(1)}, about an hour or more on one core); ${split}`);
  }
  // Long runs say so up front: progress is counted in finished paths, so one deep path is silent.
  const seconds = work / WORK_PER_SECOND;
  if (seconds > 30) process.stderr.write(`simulate: about ${seconds < 120 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`} of computing on one core (${work.toExponential(1)} work units)\n`);
}

/** Work units per second of one core (1e7 layers of n = 2, d = 3 in 1.3 s CPU on the 2-core CI machine). */
const WORK_PER_SECOND = 2e8;

/** Write a chunk of a streamed output, honouring back-pressure. */
function writeChunk(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

export const simulateCommand = defineCommand({
  name: 'simulate',
  summary: 'run the reference discrete chain (one layer = one step) and report the end state',
  usage: 'simulate --n N --d D --depth L --beta B [options]',
  options: {
    n: { type: 'integer', value: 'N', help: 'number of tokens', default: 2 },
    d: { type: 'integer', value: 'D', help: 'dimension (>= 2)', default: 3 },
    depth: { type: 'integer', value: 'L', help: 'number of layers L; step h = T/L', default: 100 },
    horizon: { type: 'number', value: 'T', help: 'horizon T', default: 1 },
    beta: { type: 'number', value: 'B', help: 'inverse temperature (unit-sphere convention)', default: 1 },
    sigma: { type: 'number', value: 'S', help: 'noise scale: V_k entries have variance S^2/d', default: 1 },
    gamma: { type: 'number', value: 'G', help: 'deterministic value strength', default: 0 },
    law: { type: 'string', value: 'LAW', help: 'entry law of V_k', default: 'gaussian', choices: ENTRY_LAWS },
    seed: { type: 'integer', value: 'SEED', help: 'seed (non-negative integer)', default: 0 },
    paths: { type: 'integer', value: 'M', help: 'number of independent paths', default: 1 },
    sphere: { type: 'string', value: 'unit|rms', help: 'sphere of input/output tokens (rms: radius sqrt(d))', default: 'unit', choices: SPHERES },
    init: { type: 'string', value: 'JSON|@FILE', help: 'initial tokens, n rows of d numbers (default: uniform per path)' },
    'value-matrix': { type: 'string', value: 'JSON|@FILE', help: 'deterministic value matrix (d x d, default identity)' },
    query: { type: 'string', value: 'JSON|@FILE', help: 'query matrix Q (d x d, default identity)' },
    key: { type: 'string', value: 'JSON|@FILE', help: 'key matrix K (d x d, default identity)' },
    'snapshot-stride': { type: 'integer', value: 'K', help: 'record the pairwise cosines every K layers (JSON output only)', min: 1 },
    tolerance: { type: 'number', value: 'EPS', help: 'cluster tolerance: together if cos >= 1-EPS, antipodal if cos <= -1+EPS', default: DEFAULT_CLASSIFY_TOLERANCE },
    workers: { type: 'integer', value: 'W', help: 'worker threads (paths split into W ranges; same output for any W); default: run in this thread', min: 1 },
    json: { type: 'boolean', help: 'print one JSON object (config, seed, version, final tokens of every path)' },
  },
  examples: [
    'dst-verify simulate --n 2 --d 3 --depth 200 --beta 1 --seed 7',
    'dst-verify simulate --n 8 --d 4 --depth 2000 --horizon 20 --beta 2 --paths 10',
    'dst-verify simulate --n 2 --d 3 --depth 200 --beta 1 --seed 7 --json',
    'dst-verify simulate --n 2 --d 4 --depth 4000 --horizon 40 --beta 2 --paths 4000 --workers 2',
  ],
  async run(v) {
    const stride = v['snapshot-stride'];
    const config: ChainConfig = {
      n: v.n,
      d: v.d,
      depth: v.depth,
      horizon: v.horizon,
      beta: v.beta,
      sigma: v.sigma,
      gamma: v.gamma,
      law: v.law as ChainConfig['law'],
      seed: v.seed,
      paths: v.paths,
      sphere: v.sphere as ChainConfig['sphere'],
      initialTokens: parseJsonFlag('init', v.init) as ChainConfig['initialTokens'],
      valueMatrix: parseJsonFlag('value-matrix', v['value-matrix']) as ChainConfig['valueMatrix'],
      query: parseJsonFlag('query', v.query) as ChainConfig['query'],
      key: parseJsonFlag('key', v.key) as ChainConfig['key'],
      snapshots: stride !== undefined ? { stride, record: 'cosines' } : null,
    };
    const eps = v.tolerance;
    const workers = v.workers === undefined ? undefined : boundWorkers(v.workers, config.paths);
    requireChainFits(config);
    const bar = progressBar(config.paths ?? 1, 'paths');
    const t0 = performance.now();
    let result: ChainResult;
    try {
      // Worker threads give the same bits as one thread (a path's randomness depends only on
      // (seed, path)); without --workers the chain runs in this thread.
      result =
        workers === undefined
          ? (await import('../simulator/chain.js')).runChain(config, (done) => bar.update(done))
          : await (await import('../parallel/index.js')).runChainParallel(config, { workers, onPath: (done) => bar.update(done) });
    } finally {
      bar.stop();
    }
    const seconds = (performance.now() - t0) / 1000;
    const { n, d } = config;
    const total = config.paths ?? 1;
    const scale = config.sphere === 'rms' ? 1 / rmsRadius(d) : 1;
    const cos = new Float64Array(pairCount(n));
    const unit = new Float64Array(n * d);
    /** Path p's end state; built one path at a time, so output never holds every path at once. */
    const pathAt = (p: number) => {
      for (let a = 0; a < n * d; a++) unit[a] = result.finalTokens[p * n * d + a] * scale;
      pairwiseCosines(unit, n, d, cos);
      return { path: p, tokens: toRows(result.finalTokens, n, d, p * n * d), cosines: Array.from(cos), classification: classifyFormation(cos, n, eps) };
    };
    const info = packageInfo();
    if (v.json) {
      const snaps = result.snapshots;
      const head = JSON.stringify({ tool: info.name, version: info.version, command: 'simulate', seed: config.seed, config: result.config, tolerance: eps, seconds, paths: [] });
      // Streamed path by path (same bytes as one JSON.stringify): no string longer than a chunk.
      let chunk = head.slice(0, -2);
      for (let p = 0; p < total; p++) {
        const snapshots = snaps
          ? { layers: snaps.layers, cosines: Array.from({ length: snaps.layers.length }, (_, k) => Array.from(snaps.data.subarray((p * snaps.layers.length + k) * snaps.size, (p * snaps.layers.length + k + 1) * snaps.size))) }
          : undefined;
        chunk += (p > 0 ? ',' : '') + JSON.stringify({ ...pathAt(p), snapshots });
        if (chunk.length > 1 << 20) {
          await writeChunk(chunk);
          chunk = '';
        }
      }
      await writeOut(chunk + ']}');
      return 0;
    }
    const lines = [
      `dst-verify ${info.version} — discrete chain, n=${n} d=${d} L=${config.depth} T=${config.horizon} β=${config.beta} σ=${config.sigma} γ=${config.gamma} law=${config.law} seed=${config.seed} (${seconds.toFixed(2)} s)`,
      `clusters: together if cos ≥ ${1 - eps}, antipodal if cos ≤ ${-1 + eps}`,
    ];
    const counts = new Map<string, number>();
    for (let p = 0; p < total; p++) {
      const q = pathAt(p);
      const kind = endStateOf(q.classification).kind;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      if (p >= 10) continue;
      const c = q.cosines;
      const cosText = c.length <= 6 ? c.map((x) => x.toFixed(6)).join(', ') : `min ${Math.min(...c).toFixed(4)}, max ${Math.max(...c).toFixed(4)} over ${c.length} pairs`;
      lines.push(`path ${q.path}: ${endStateText(endStateOf(q.classification)).padEnd(20)} clusters=${q.classification.clusters} antipodal pairs=${q.classification.antipodalPairs}  cos: ${cosText}`);
    }
    if (total > 10) lines.push(`… ${total - 10} more paths (use --json for all)`);
    if (total > 1) {
      const count = (kind: EndState['kind']) => counts.get(kind) ?? 0;
      lines.push(`formations over ${total} paths: one-cluster ${count('one-cluster')}, two antipodal groups ${count('two-groups')}, k ≥ 2 other clusters ${count('clusters')}, undecided ${count('undecided')}`);
    }
    await writeOut(lines.join('\n'));
    return 0;
  },
});

/** An end state in a few words: "one cluster", "two groups 1+2", "3 clusters", "undecided". */
function endStateText(e: EndState): string {
  if (e.kind === 'two-groups') return `two groups ${e.sizes[0]}+${e.sizes[1]}`;
  if (e.kind === 'clusters') return `${e.k} clusters`;
  return e.kind === 'one-cluster' ? 'one cluster' : 'undecided';
}
