/**
 * `dst-verify experiment noise-ablation`: trains deep stochastic Transformers with and without
 * their intrinsic noise (design: docs/noise-ablation.md), prints the paired per-task, per-depth
 * results with intervals for both regimes, and optionally saves everything as JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../util/errors.js';
import { requireOneOf } from '../util/validate.js';
import { packageInfo } from '../util/version.js';
import { defineCommand, UsageError, writeOut } from './args.js';
import { progressBar } from '../util/progress.js';
import type { CellSummary } from '../training/analysis.js';
import type { RunRecord } from '../training/experiment.js';
import type { Design, TierSizes } from '../training/design.js';
import { checkOutputDir } from '../util/files.js';

export const EXPERIMENTS = ['noise-ablation'] as const;

/** Everything a noise-ablation run produced (what --json prints and --out saves). */
export interface NoiseAblationReport {
  tool: string;
  version: string;
  command: 'experiment noise-ablation';
  tier: 'quick' | 'full';
  seed: number;
  node: string;
  startedAt: string;
  seconds: number;
  /** CPU time of this process (user + system): the run's cost whatever the load. */
  cpuSeconds: number;
  /** 1-minute load average at the start and the end (the machine may be shared). */
  load: [number, number];
  design: Design;
  sizes: TierSizes;
  cells: CellSummary[];
  records: RunRecord[];
}

const pct = (x: number | null) => (x === null ? '—' : (100 * x).toFixed(1));
const signedPct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
const pFmt = (p: number) => (p < 1e-3 ? p.toExponential(1) : p.toFixed(3));

/** The results table: one row per regime, task, depth and arm; gaps on the rows of A. */
export function formatNoiseAblationTable(cells: readonly CellSummary[]): string {
  const header = ['regime', 'task', 'L', 'arm', 'accuracy % [95% CI]', 'contrast', 'gap % [95% CI]', 'p', 'p Holm', 'verdict'];
  const rows: string[][] = [];
  for (const c of cells) {
    for (const a of c.arms) {
      const acc = `${pct(a.mean)} [${pct(a.lower)}, ${pct(a.upper)}]`;
      const k = c.arms.indexOf(a);
      const con = c.contrasts[k - 1]; // contrasts listed against B and C: show each on the worse arm's row
      rows.push([
        k === 0 ? c.regime : '',
        k === 0 ? c.task : '',
        k === 0 ? String(c.depth) : '',
        a.arm,
        acc,
        con ? con.contrast : '',
        con ? `${signedPct(con.gap.mean)} [${con.gap.lower === null ? '—' : signedPct(con.gap.lower)}, ${con.gap.upper === null ? '—' : signedPct(con.gap.upper)}]` : '',
        con ? pFmt(con.pValue) : '',
        con ? pFmt(con.pHolm) : '',
        con ? con.verdict : '',
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((s, i) => s.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const experimentCommand = defineCommand({
  name: 'experiment',
  summary: 'run a training experiment: noise-ablation (does suppressing the noise degrade accuracy?)',
  usage: 'experiment noise-ablation [--tier quick|full] [--seed S] [--json] [--out DIR]',
  options: {
    tier: { type: 'string', value: 'quick|full', help: 'quick (≤ 2 min on 2 cores; no verdict in the trained regime) or full (≤ 30 min)', default: 'quick', choices: ['quick', 'full'] },
    seed: { type: 'integer', value: 'SEED', help: 'master seed (each replicate derives its own)', defaultText: '20260130', min: 0, max: Number.MAX_SAFE_INTEGER },
    json: { type: 'boolean', help: 'print one JSON object with every run and the analysis' },
    out: { type: 'string', value: 'DIR', help: 'also save noise-ablation.json and noise-ablation.txt into DIR' },
  },
  positionals: { name: 'EXPERIMENT', max: 1 },
  examples: ['dst-verify experiment noise-ablation', 'nice dst-verify experiment noise-ablation --tier full --out results'],
  async run(v, positionals) {
    const name = positionals[0];
    if (name === undefined) throw new UsageError(`experiment needs a name: ${EXPERIMENTS.join(', ')} (see: dst-verify experiment --help)`);
    requireOneOf('experiment', name, EXPERIMENTS);
    const tier = v.tier as 'quick' | 'full';
    const { NOISE_ABLATION, NOISE_ABLATION_SEED } = await import('../training/design.js');
    const seed = v.seed ?? NOISE_ABLATION_SEED;
    const outDir = typeof v.out === 'string' ? v.out : null;
    if (outDir !== null) {
      checkOutputDir('--out', outDir);
      try {
        mkdirSync(outDir, { recursive: true });
      } catch {
        throw new ConfigError('--out', outDir, 'a directory that can be created');
      }
    }
    const { runNoiseAblation } = await import('../training/experiment.js');
    const { analyzeNoiseAblation, primaryEndpoint } = await import('../training/analysis.js');
    const sizes = NOISE_ABLATION.tiers[tier];
    const startedAt = new Date().toISOString();
    const load0 = loadavg()[0];
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const bar = progressBar(1000, 'training');
    let records: RunRecord[];
    try {
      records = runNoiseAblation(NOISE_ABLATION, {
        seed,
        sizes,
        onProgress: (done, total, label) => bar.update(Math.round((1000 * done) / total), label),
      });
    } finally {
      bar.stop();
    }
    const cells = analyzeNoiseAblation(NOISE_ABLATION, records);
    const info = packageInfo();
    const report: NoiseAblationReport = {
      tool: info.name,
      version: info.version,
      command: 'experiment noise-ablation',
      tier,
      seed,
      node: process.version,
      startedAt,
      seconds: (performance.now() - t0) / 1000,
      cpuSeconds: (() => {
        const c = process.cpuUsage(cpu0);
        return (c.user + c.system) / 1e6;
      })(),
      load: [load0, loadavg()[0]],
      design: NOISE_ABLATION,
      sizes,
      cells,
      records,
    };
    const primary = primaryEndpoint(NOISE_ABLATION, cells);
    const text = [
      `dst-verify ${info.version} — noise ablation (${tier} tier, seed ${seed}; design: docs/noise-ablation.md)`,
      `frozen: random network + trained readout (a proxy), ${sizes.frozenSeeds} seeds; trained: end to end, ${sizes.trainedSeeds} seeds.`,
      'H1 (one-sided, fixed in advance): A (σ = 1, √h) more accurate than B (σ = 0) and than C (noise scaled by h).',
      'Test: exact Wilcoxon signed-rank on per-seed gaps; intervals: 95% t; Holm over all cells.',
      '',
      formatNoiseAblationTable(cells),
      '',
      primary
        ? `Primary endpoint (trained, relational, L = ${Math.max(...NOISE_ABLATION.depths)}, A − B): gap ${signedPct(primary.gap.mean)} points` +
          `${primary.gap.lower === null ? '' : ` [${signedPct(primary.gap.lower)}, ${signedPct(primary.gap.upper!)}]`}, p = ${pFmt(primary.pValue)}: ${primary.verdict}` +
          (tier === 'quick' ? ' (quick tier: too few seeds for a verdict; run --tier full)' : '')
        : '',
      `${report.seconds.toFixed(1)} s wall, ${report.cpuSeconds.toFixed(1)} s CPU (one thread), load average ${report.load[0].toFixed(1)} → ${report.load[1].toFixed(1)}`,
    ].join('\n');
    if (outDir !== null) {
      writeFileSync(join(outDir, 'noise-ablation.json'), JSON.stringify(report, null, 2) + '\n');
      writeFileSync(join(outDir, 'noise-ablation.txt'), text + '\n');
    }
    await writeOut(v.json ? JSON.stringify(report) : text);
    return 0;
  },
});
