/**
 * `dst-verify report`: one self-contained HTML page with the figures of the paper's claims (phase
 * diagram, convergence, trajectories) and the claims table, plus the figures as SVG and PNG.
 */
import { DEFAULT_SEED } from '../conformance/claim.js';
import { buildReport } from '../report/build.js';
import { REPORT_TIERS } from '../report/settings.js';
import { requireInteger, requireNumber, requireOneOf } from '../util/validate.js';
import { integerFlag, numberFlag, UsageError, writeOut, type Command } from './args.js';
import { progressBar } from './progress.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'write an HTML report with the phase diagram, convergence plots, trajectories and the claims table',
  usage: 'report [--tier quick|full] [--seed S] --out DIR',
  options: {
    out: { type: 'string', value: 'DIR', description: 'directory for report.html, report.json and figures/*.svg|png (created if missing)' },
    tier: { type: 'string', value: 'quick|full', description: 'sample sizes: quick (about two minutes on 2 cores) or full (tens of minutes); smoke: seconds, for tests', default: 'quick' },
    seed: { type: 'string', value: 'SEED', description: 'seed of the run (the claims get the same seeds as `verify --seed`)', default: String(DEFAULT_SEED) },
    scale: { type: 'string', value: 'X', description: 'PNG resolution as a multiple of the SVG size', default: '2' },
  },
  examples: ['dst-verify report --out report', 'dst-verify report --tier full --seed 7 --out report-full'],
  async run(v, positionals) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])} (see: dst-verify report --help)`);
    if (typeof v.out !== 'string' || v.out === '') throw new UsageError('missing --out DIR (see: dst-verify report --help)');
    const tier = requireOneOf('--tier', v.tier ?? 'quick', REPORT_TIERS);
    const seed = requireInteger('--seed', integerFlag('seed', v.seed, DEFAULT_SEED), 0, Number.MAX_SAFE_INTEGER);
    const scale = requireNumber('--scale', numberFlag('scale', v.scale, 2), { min: 0.25, max: 8 });
    const bar = progressBar(1000, 'report');
    let out;
    try {
      out = await buildReport({ tier, seed, outDir: v.out, scale, onProgress: (f, label) => bar.update(Math.round(1000 * f), label) });
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
};
