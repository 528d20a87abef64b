/**
 * `report`: run the claims and the figures' own Monte Carlo, render every figure to SVG (inline
 * in DIR/report.html) and to DIR/figures/*.svg and *.png, and save the data as DIR/report.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceSimulator } from '../claims/reference.js';
import { runClaims } from '../claims/runner.js';
import { claimsHold, type ClaimResult } from '../claims/claim.js';
import { ConfigError } from '../util/errors.js';
import { packageInfo } from '../util/version.js';
import type { ConvergenceData } from './convergence.js';
import { computeFigureData, DEFAULT_N_TOKEN_RESULTS, reportSeed } from './figureData.js';
import { FIGURES, type FigureData, type FigureKind } from './figures.js';
import { reportHtml, type PageFigure } from './html.js';
import { renderSvg, scopeIds, svgToPng } from './render.js';
import { tierSettings, type ReportTier } from './settings.js';
import type { NTokenData } from './nToken.js';

export interface ReportOptions {
  tier: ReportTier;
  seed: number;
  outDir: string;
  /** PNG scale (× CSS pixels). */
  scale?: number;
  /** mc-grid results.json behind the n-token figures (default: the repository's docs/n-token/results.json). */
  nTokenResults?: string;
  onProgress?: (fraction: number, label: string) => void;
}

export interface ReportOutcome {
  html: string;
  json: string;
  files: string[];
  ok: boolean;
  seconds: number;
  results: ClaimResult[];
  /** Figures that could not be made, with the reason. */
  missing: { kind: FigureKind; error: string }[];
}

export { reportSeed };

const SECTIONS: { heading: string; kinds: FigureKind[] }[] = [
  { heading: 'The phase transition cosh(2β) = d − 2', kinds: ['phase-diagram', 'phase-slices'] },
  { heading: 'Convergence of the chain to the SDE', kinds: ['convergence'] },
  { heading: 'Trajectories', kinds: ['cosine-trajectories', 'sphere-trajectories'] },
  { heading: 'Two antipodal groups for n tokens', kinds: ['n-token-frequency', 'n-token-group-sizes'] },
  { heading: 'Suppressing the noise degrades accuracy? (trained networks)', kinds: ['noise-ablation'] },
];

/** The repository's n-token run (docs/n-token.md says how it was made). */
export { DEFAULT_N_TOKEN_RESULTS };

/** Stage weights of the progress bar (measured shares of a quick run). */
const STAGES = { claims: 0.2, phase: 0.33, cosine: 0.05, sphere: 0.02, noiseAblation: 0.33, render: 0.07 };

export async function buildReport(o: ReportOptions): Promise<ReportOutcome> {
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const s = tierSettings(o.tier);
  let base = 0;
  const stage = (name: keyof typeof STAGES, label: string) => {
    const from = base;
    base += STAGES[name];
    return (f: number, sub = label) => o.onProgress?.(from + STAGES[name] * Math.min(1, f), sub);
  };
  const figuresDir = join(o.outDir, 'figures');
  try {
    mkdirSync(figuresDir, { recursive: true });
  } catch {
    throw new ConfigError('--out', o.outDir, 'a directory that can be created and written');
  }

  const { allClaims } = await import('../../specs/index.js');
  const claims = s.claims ? allClaims.filter((c) => s.claims!.includes(c.meta.id)) : allClaims;
  const claimsProgress = stage('claims', 'claims');
  const results = await runClaims(claims, referenceSimulator(), {
    tier: s.claimsTier,
    seed: o.seed,
    onProgress: (i, f, id) => claimsProgress((i + f) / claims.length, id),
  });
  const { phase } = await computeFigureData('phase', s, o.tier, o.seed, stage('phase', 'phase grid'));
  const { cosine } = await computeFigureData('cosine', s, o.tier, o.seed, stage('cosine', 'cosine paths'));
  const { sphere } = await computeFigureData('sphere', s, o.tier, o.seed, stage('sphere', 'sphere paths'));
  let convergence: ConvergenceData | null = null;
  let convergenceError = '';
  try {
    ({ convergence } = (await computeFigureData('convergence', s, o.tier, o.seed, undefined, { results })) as { convergence: ConvergenceData });
  } catch (e) {
    convergenceError = (e as Error).message;
  }
  let nToken: NTokenData | null = null;
  let nTokenError = '';
  try {
    ({ nToken } = (await computeFigureData('nToken', s, o.tier, o.seed, undefined, { nTokenResults: o.nTokenResults })) as { nToken: NTokenData });
  } catch (e) {
    nTokenError = (e as Error).message;
  }
  const { noiseAblation } = await computeFigureData('noiseAblation', s, o.tier, o.seed, stage('noiseAblation', 'noise ablation'));
  const data = { phase, cosine, sphere, convergence, noiseAblation, nToken } as FigureData;

  const renderProgress = stage('render', 'figures');
  const files: string[] = [];
  const missing: ReportOutcome['missing'] = [];
  const rendered = new Map<FigureKind, PageFigure>();
  const kinds = SECTIONS.flatMap((x) => x.kinds);
  for (const [i, kind] of kinds.entries()) {
    const info = FIGURES[kind];
    const fig: PageFigure = { kind, title: info.title, caption: info.caption, svg: null, files: [] };
    try {
      if (info.needs === 'convergence' && !convergence) throw new Error(convergenceError);
      if (info.needs === 'nToken' && !nToken) throw new Error(nTokenError);
      const note = info.note?.(data);
      if (note) fig.caption = `${info.caption} ${note}`;
      const { svg, warnings } = await renderSvg(info.spec(data));
      if (warnings.length) throw new Error(`vega: ${warnings.join('; ')}`);
      writeFileSync(join(figuresDir, `${kind}.svg`), svg);
      writeFileSync(join(figuresDir, `${kind}.png`), svgToPng(svg, o.scale ?? 2));
      fig.files = [`figures/${kind}.png`, `figures/${kind}.svg`];
      files.push(...fig.files.map((f) => join(o.outDir, f)));
      fig.svg = scopeIds(svg, `f${i}`);
    } catch (e) {
      fig.error = (e as Error).message.split('\n')[0];
      missing.push({ kind, error: fig.error });
    }
    rendered.set(kind, fig);
    renderProgress((i + 1) / kinds.length);
  }

  const seconds = (performance.now() - t0) / 1000;
  const ok = missing.length === 0 && claimsHold(results);
  const info = packageInfo();
  const html = reportHtml({
    title: 'Clustering in deep stochastic transformers — evidence report',
    meta: [
      ['tool', `${info.name} ${info.version}`],
      ['simulator', 'dst-verify reference'],
      ['tier', o.tier],
      ['seed', String(o.seed)],
      ['node', process.version],
      ['started', startedAt],
      ['time', `${seconds.toFixed(1)} s`],
    ],
    ok,
    sections: SECTIONS.map((x) => ({ heading: x.heading, figures: x.kinds.map((k) => rendered.get(k)!) })),
    results,
  });
  const htmlPath = join(o.outDir, 'report.html');
  const jsonPath = join(o.outDir, 'report.json');
  writeFileSync(htmlPath, html);
  const report = { tool: info.name, version: info.version, command: 'report', simulator: 'dst-verify reference', tier: o.tier, seed: o.seed, node: process.version, startedAt, seconds, ok, results, missing, figures: data };
  writeFileSync(jsonPath, JSON.stringify(report) + '\n');
  return { html: htmlPath, json: jsonPath, files, ok, seconds, results, missing };
}
