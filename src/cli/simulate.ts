/** `dst-verify simulate`: run the reference discrete chain and summarize or dump the end state. */
import type { ChainResult } from '../simulator/chain.js';
import { classifyFormation, endStateOf, DEFAULT_CLASSIFY_TOLERANCE, type EndState } from '../simulator/classify.js';
import { pairCount, pairwiseCosines, rmsRadius, toRows } from '../simulator/tokens.js';
import { SPHERES, type ChainConfig } from '../simulator/config.js';
import { packageInfo } from '../util/version.js';
import { parseJsonFlag } from '../util/args.js';
import { ENTRY_LAWS } from '../rng/entryLaws.js';
import { defineCommand, writeOut } from './args.js';
import { progressBar } from '../util/progress.js';

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
    const workers = v.workers;
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
    const scale = config.sphere === 'rms' ? 1 / rmsRadius(d) : 1;
    const cos = new Float64Array(pairCount(n));
    const unit = new Float64Array(n * d);
    const paths: { path: number; tokens: number[][]; cosines: number[]; classification: ReturnType<typeof classifyFormation> }[] = [];
    for (let p = 0; p < (config.paths ?? 1); p++) {
      for (let a = 0; a < n * d; a++) unit[a] = result.finalTokens[p * n * d + a] * scale;
      pairwiseCosines(unit, n, d, cos);
      const cls = classifyFormation(cos, n, eps);
      paths.push({ path: p, tokens: toRows(result.finalTokens, n, d, p * n * d), cosines: Array.from(cos), classification: cls });
    }
    const info = packageInfo();
    if (v.json) {
      const snaps = result.snapshots;
      await writeOut(
        JSON.stringify({
          tool: info.name,
          version: info.version,
          command: 'simulate',
          seed: config.seed,
          config: result.config,
          tolerance: eps,
          seconds,
          paths: paths.map((p, i) => ({
            ...p,
            snapshots: snaps
              ? { layers: snaps.layers, cosines: Array.from({ length: snaps.layers.length }, (_, k) => Array.from(snaps.data.subarray((i * snaps.layers.length + k) * snaps.size, (i * snaps.layers.length + k + 1) * snaps.size))) }
              : undefined,
          })),
        }),
      );
      return 0;
    }
    const lines = [
      `dst-verify ${info.version} — discrete chain, n=${n} d=${d} L=${config.depth} T=${config.horizon} β=${config.beta} σ=${config.sigma} γ=${config.gamma} law=${config.law} seed=${config.seed} (${seconds.toFixed(2)} s)`,
      `clusters: together if cos ≥ ${1 - eps}, antipodal if cos ≤ ${-1 + eps}`,
    ];
    const shown = paths.slice(0, 10);
    for (const p of shown) {
      const c = p.cosines;
      const cosText = c.length <= 6 ? c.map((x) => x.toFixed(6)).join(', ') : `min ${Math.min(...c).toFixed(4)}, max ${Math.max(...c).toFixed(4)} over ${c.length} pairs`;
      lines.push(`path ${p.path}: ${endStateText(endStateOf(p.classification)).padEnd(20)} clusters=${p.classification.clusters} antipodal pairs=${p.classification.antipodalPairs}  cos: ${cosText}`);
    }
    if (paths.length > shown.length) lines.push(`… ${paths.length - shown.length} more paths (use --json for all)`);
    if (paths.length > 1) {
      const count = (kind: EndState['kind']) => paths.filter((p) => endStateOf(p.classification).kind === kind).length;
      lines.push(`formations over ${paths.length} paths: one-cluster ${count('one-cluster')}, two antipodal groups ${count('two-groups')}, k ≥ 2 other clusters ${count('clusters')}, undecided ${count('undecided')}`);
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
