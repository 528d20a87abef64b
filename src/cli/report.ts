/**
 * `dst-verify report`: one self-contained HTML page with the figures of the paper's claims (phase
 * diagram, convergence, trajectories) and the claims table, plus the figures as SVG and PNG.
 */
import { DEFAULT_SEED } from '../claims/claim.js';
import { REPORT_TIERS, type ReportTier } from '../report/settings.js';
import { defineCommand, UsageError, writeOut } from './args.js';
import { progressBar } from '../util/progress.js';
import { checkInputFile, checkOutputDir } from '../util/files.js';

export const reportCommand = defineCommand({
  name: 'report',
  summary: 'write an HTML report with the phase diagram, convergence plots, trajectories and the claims table',
  usage: 'report [--tier quick|full] [--seed S] --out DIR',
  options: {
    out: { type: 'string', value: 'DIR', help: 'directory for report.html, report.json and figures/*.svg|png (created if missing)' },
    tier: { type: 'string', value: 'quick|full', help: 'sample sizes: quick (about two minutes on 2 cores) or full (tens of minutes); smoke: seconds, for tests', default: 'quick', choices: REPORT_TIERS },
    seed: { type: 'integer', value: 'SEED', help: 'seed of the run (the claims get the same seeds as `verify --seed`)', default: DEFAULT_SEED, min: 0, max: Number.MAX_SAFE_INTEGER },
    scale: { type: 'number', value: 'X', help: 'PNG resolution as a multiple of the SVG size', default: 2, min: 0.25, max: 8 },
    'n-token': { type: 'string', value: 'FILE', help: 'mc-grid results.json behind the n-token figures (default: docs/n-token/results.json of the package)' },
  },
  examples: ['dst-verify report --out report', 'dst-verify report --tier full --seed 7 --out report-full'],
  async run(v) {
    if (v.out === undefined) throw new UsageError('missing --out DIR (see: dst-verify report --help)');
    checkOutputDir('--out', v.out);
    if (v['n-token'] !== undefined) checkInputFile('--n-token', v['n-token'] as string);
    const tier = v.tier as ReportTier;
    const seed = v.seed;
    const scale = v.scale;
    const bar = progressBar(1000, 'report');
    let out;
    try {
      const { buildReport } = await import('../report/build.js');
      out = await buildReport({ tier, seed, outDir: v.out, scale, nTokenResults: v['n-token'] as string | undefined, onProgress: (f, label) => bar.update(Math.round(1000 * f), label) });
    } finally {
      bar.stop();
    }
    const lines = [`wrote ${out.html} (${out.seconds.toFixed(1)} s, ${tier} tier, seed ${seed})`, `      ${out.json}`, `      ${out.files.length} figure files in ${v.out}/figures`];
    for (const m of out.missing) lines.push(`figure ${m.kind} unavailable: ${m.error}`);
    for (const r of out.results) if (r.status !== 'pass') lines.push(`${r.status.toUpperCase()} ${r.id}: ${r.summary}`);
    lines.push(out.ok ? 'ALL CLAIMS HOLD' : 'SOME CLAIMS FAIL OR FIGURES ARE MISSING');
    await writeOut(lines.join('\n'));
    return out.ok ? 0 : 1;
  },
});
