/**
 * `dst-verify plot <kind>`: one figure of the report as SVG or PNG, with its own sample sizes and
 * parameters (e.g. a denser phase grid, another β for the trajectories).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { DEFAULT_SEED, type ClaimResult } from '../claims/claim.js';
import type { FigureData } from '../report/figures.js';
import { FIGURE_KINDS, FIGURE_TITLES, type FigureKind } from '../report/figureKinds.js';
import { phaseDims, REPORT_TIERS, tierSettings, type ReportTier } from '../report/settings.js';
import { ConfigError } from '../util/errors.js';
import type { FlagSpec } from '../util/args.js';
import { requireInteger, requireNumber, requireOneOf } from '../util/validate.js';
import { defineCommand, UsageError, writeOut } from './args.js';
import { progressBar } from '../util/progress.js';
import { checkOutputFile, requireMemory } from '../util/files.js';

type Values = Record<string, string | number | boolean | undefined>;

/** Options that only some kinds take (the others refuse them). */
const KIND_OPTIONS: Record<string, { kinds: FigureKind[]; spec: FlagSpec }> = {
  'd-min': { kinds: ['phase-diagram', 'phase-slices'], spec: { type: 'integer', value: 'D', help: '[phase-*] smallest dimension (integer ≥ 2)', defaultText: '2' } },
  'd-max': { kinds: ['phase-diagram', 'phase-slices'], spec: { type: 'integer', value: 'D', help: '[phase-*] largest dimension (with --d-min or --d-max the rows are 2, 3, 4, then powers of two; else the tier\'s rows), on a log axis', defaultText: '512' } },
  'beta-max': { kinds: ['phase-diagram', 'phase-slices'], spec: { type: 'number', value: 'B', help: '[phase-*] largest β of the grid', defaultText: '5' } },
  'beta-step': { kinds: ['phase-diagram', 'phase-slices'], spec: { type: 'number', value: 'S', help: '[phase-*] β spacing of the grid', defaultText: 'by tier' } },
  paths: { kinds: ['phase-diagram', 'phase-slices', 'cosine-trajectories'], spec: { type: 'integer', value: 'N', help: '[phase-*, cosine-*] Monte Carlo paths per cell / per β', defaultText: 'by tier' } },
  depth: { kinds: ['cosine-trajectories', 'sphere-trajectories'], spec: { type: 'integer', value: 'L', help: '[cosine-*, sphere-*] number of layers L (h = T/L)', defaultText: 'by tier' } },
  step: { kinds: ['phase-diagram', 'phase-slices'], spec: { type: 'number', value: 'H', help: '[phase-*] layer step h: a cell of horizon T runs ⌈T/h⌉ layers', defaultText: 'by tier' } },
  horizon: { kinds: ['phase-diagram', 'phase-slices', 'cosine-trajectories', 'sphere-trajectories'], spec: { type: 'number', value: 'T', help: 'depth time T (phase-*: the same T for every d)', defaultText: 'phase-*: 5·d; 20' } },
  d: { kinds: ['cosine-trajectories'], spec: { type: 'integer', value: 'D', help: '[cosine-*] dimension', defaultText: '4' } },
  beta: { kinds: ['cosine-trajectories', 'sphere-trajectories'], spec: { type: 'string', value: 'B[,B]', help: '[cosine-*] β values, one panel each; [sphere-*] one β', defaultText: '0.4,1.5 / 2' } },
  shown: { kinds: ['cosine-trajectories'], spec: { type: 'integer', value: 'K', help: '[cosine-*] sample paths drawn per panel', defaultText: 'by tier' } },
  n: { kinds: ['sphere-trajectories'], spec: { type: 'integer', value: 'N', help: '[sphere-*] number of tokens', defaultText: '6' } },
  results: { kinds: ['n-token-frequency', 'n-token-group-sizes'], spec: { type: 'string', value: 'FILE', help: '[n-token-*] mc-grid results.json (default: docs/n-token/results.json of the package)' } },
  from: { kinds: ['convergence', 'noise-ablation'], spec: { type: 'string', value: 'FILE', help: '[convergence] claim results from `verify --report FILE` or a report.json (default: run the two claims); [noise-ablation] noise-ablation.json from `experiment noise-ablation --out DIR` (default: run the experiment at --tier)' } },
};

const kindList = FIGURE_KINDS.map((k) => `${k} (${FIGURE_TITLES[k]})`).join('; ');

export const plotCommand = defineCommand({
  name: 'plot',
  summary: 'draw one figure of the report as SVG or PNG',
  usage: `plot <kind> [options] --out FILE.svg|FILE.png\n\nKinds: ${kindList}`,
  options: {
    out: { type: 'string', value: 'FILE', help: 'output file; the extension picks the format: .svg or .png' },
    tier: { type: 'string', value: 'quick|full', help: 'default sample sizes (smoke: seconds, for tests)', default: 'quick', choices: REPORT_TIERS },
    seed: { type: 'integer', value: 'SEED', help: 'seed (the same as `report --seed` gives the same figure)', default: DEFAULT_SEED, min: 0, max: Number.MAX_SAFE_INTEGER },
    scale: { type: 'number', value: 'X', help: 'PNG resolution as a multiple of the SVG size', default: 2, min: 0.25, max: 8 },
    ...(Object.fromEntries(Object.entries(KIND_OPTIONS).map(([k, o]) => [k, o.spec])) as Record<string, FlagSpec>),
  },
  positionals: { name: 'KIND', min: 0, max: 1 },
  examples: [
    'dst-verify plot phase-diagram --out phase.png',
    'dst-verify plot phase-slices --d-min 3 --d-max 6 --beta-max 2.5 --beta-step 0.1 --paths 1000 --out slices.svg',
    'dst-verify plot convergence --from verify.json --out convergence.svg',
    'dst-verify plot cosine-trajectories --d 6 --beta 0.5,2 --out cosines.png',
    'dst-verify plot sphere-trajectories --n 6 --beta 2 --out sphere.png',
    'dst-verify plot n-token-frequency --results out/grid/results.json --out n-token.png',
  ],
  async run(values, positionals) {
    const v = values as Values;
    if (positionals.length === 0) throw new UsageError(`missing figure kind; kinds: ${FIGURE_KINDS.join(', ')} (see: dst-verify plot --help)`);
    const kind = requireOneOf('kind', positionals[0], FIGURE_KINDS);
    for (const [name, o] of Object.entries(KIND_OPTIONS)) {
      if (v[name] !== undefined && !o.kinds.includes(kind)) throw new UsageError(`--${name} does not apply to ${kind} (it applies to ${o.kinds.join(', ')})`);
    }
    if (typeof v.out !== 'string') throw new UsageError('missing --out FILE.svg or FILE.png (see: dst-verify plot --help)');
    const format = requireOneOf('--out extension', extname(v.out).toLowerCase(), ['.svg', '.png'] as const);
    checkOutputFile('--out', v.out);
    const tier = values.tier as ReportTier;
    const seed = values.seed;
    const scale = values.scale;
    const bar = progressBar(1000, 'plot');
    let data: Partial<FigureData>;
    try {
      data = await figureData(kind, v, tier, seed, (f) => bar.update(Math.round(1000 * f), kind));
    } finally {
      bar.stop();
    }
    // The plotting stack (vega, resvg) loads only here: the rest of the CLI starts fast.
    const { FIGURES } = await import('../report/figures.js');
    const { renderSvg, svgToPng } = await import('../report/render.js');
    const { svg, warnings } = await renderSvg(FIGURES[kind].spec(data as FigureData));
    if (warnings.length) process.stderr.write(`dst-verify: vega warnings: ${warnings.join('; ')}\n`);
    try {
      writeFileSync(v.out, format === '.svg' ? svg : svgToPng(svg, scale));
    } catch {
      throw new ConfigError('--out', v.out, 'a writable file path');
    }
    await writeOut(`wrote ${v.out}`);
    return 0;
  },
});

/** A positive integer flag. */
const intOpt = (v: Values, name: string, fallback: number, min = 1, max = 1e7) => requireInteger(`--${name}`, v[name] ?? fallback, min, max);
/** One β of the --beta list, in [0, 50]. */
function betaItem(raw: string): number {
  const x = raw.trim() === '' ? NaN : Number(raw);
  if (!(x >= 0 && x <= 50)) throw new ConfigError('--beta', raw, 'finite numbers in [0, 50], comma-separated');
  return x;
}
const numOpt = (v: Values, name: string, fallback: number, min: number, max: number) => requireNumber(`--${name}`, v[name] ?? fallback, { min, max });

async function figureData(kind: FigureKind, v: Values, tier: ReportTier, seed: number, progress: (f: number) => void): Promise<Partial<FigureData>> {
  const s = tierSettings(tier);
  const { FIGURES } = await import('../report/figures.js');
  const { computeFigureData } = await import('../report/figureData.js');
  switch (FIGURES[kind].needs) {
    case 'phase': {
      const dMin = intOpt(v, 'd-min', Math.min(...s.phase.dims), 2, 4096);
      const dMax = intOpt(v, 'd-max', Math.max(...s.phase.dims), dMin, 4096);
      // The tier's rows, or 2, 3, 4, 8, 16, … between the given bounds.
      const dims = v['d-min'] === undefined && v['d-max'] === undefined ? s.phase.dims : phaseDims(dMin, dMax);
      const betaMax = numOpt(v, 'beta-max', Math.max(...s.phase.betas), 0, 10);
      const step = numOpt(v, 'beta-step', s.phase.betas[1] - s.phase.betas[0], 1e-3, 10);
      const betas: number[] = [];
      for (let k = 0; k * step <= betaMax + 1e-9; k++) betas.push(Number((k * step).toFixed(10)));
      if (betas.length * dims.length > 5000) throw new ConfigError('--beta-step', v['beta-step'], `a grid of at most 5000 cells (this one has ${betas.length * dims.length})`);
      const phase = {
        ...s.phase,
        dims,
        betas,
        paths: intOpt(v, 'paths', s.phase.paths),
        step: numOpt(v, 'step', s.phase.step, 1e-4, 10),
        horizon: v.horizon === undefined ? undefined : numOpt(v, 'horizon', 0, 1e-3, 1e4),
      };
      return computeFigureData('phase', { ...s, phase }, tier, seed, progress);
    }
    case 'cosine': {
      const betas = typeof v.beta === 'string' ? v.beta.split(',').map((b) => betaItem(b)) : s.cosine.betas;
      const cosine = {
        ...s.cosine,
        d: intOpt(v, 'd', s.cosine.d, 2, 4096),
        betas,
        paths: intOpt(v, 'paths', s.cosine.paths),
        shown: intOpt(v, 'shown', s.cosine.shown, 1, 200),
        depth: intOpt(v, 'depth', s.cosine.depth, 1, 1e6),
        horizon: numOpt(v, 'horizon', s.cosine.horizon, 1e-3, 1e4),
      };
      cosine.stride = Math.max(1, Math.round(cosine.depth / 200));
      const perPath = (Math.floor(cosine.depth / cosine.stride) + 1 + 2 * cosine.d) * 8;
      requireMemory('--paths', cosine.paths, cosine.paths * perPath, 'paths × (snapshots + 2d) × 8 bytes per panel', 'fewer paths: the frequency band of 1e5 paths is already narrower than the line');
      return computeFigureData('cosine', { ...s, cosine }, tier, seed, progress);
    }
    case 'sphere': {
      const sphere = {
        ...s.sphere,
        n: intOpt(v, 'n', s.sphere.n, 2, 12),
        beta: typeof v.beta === 'string' ? betaItem(v.beta) : s.sphere.beta,
        depth: intOpt(v, 'depth', s.sphere.depth, 1, 1e6),
        horizon: numOpt(v, 'horizon', s.sphere.horizon, 1e-3, 1e4),
      };
      sphere.stride = Math.max(1, Math.round(sphere.depth / 300));
      return computeFigureData('sphere', { ...s, sphere }, tier, seed, progress);
    }
    case 'nToken': {
      return computeFigureData('nToken', s, tier, seed, progress, { nTokenResults: typeof v.results === 'string' ? v.results : undefined });
    }
    case 'convergence': {
      let results: ClaimResult[] | undefined;
      if (typeof v.from === 'string') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(readFileSync(v.from, 'utf8'));
        } catch {
          throw new ConfigError('--from', v.from, 'a readable JSON file written by `verify --report` or `report`');
        }
        const r = (parsed as { results?: unknown })?.results;
        if (!Array.isArray(r)) throw new ConfigError('--from', v.from, 'a JSON report with a "results" array');
        results = r as ClaimResult[];
      }
      return computeFigureData('convergence', s, tier, seed, progress, { results });
    }
    case 'noiseAblation': {
      if (typeof v.from === 'string') {
        let parsed: { tier?: unknown; seed?: unknown; cells?: unknown };
        try {
          parsed = JSON.parse(readFileSync(v.from, 'utf8'));
        } catch {
          throw new ConfigError('--from', v.from, 'a readable noise-ablation.json written by `experiment noise-ablation --out DIR`');
        }
        if (!Array.isArray(parsed?.cells)) throw new ConfigError('--from', v.from, 'a noise-ablation.json with a "cells" array');
        return { noiseAblation: { tier: String(parsed.tier), seed: Number(parsed.seed), cells: parsed.cells } };
      }
      return computeFigureData('noiseAblation', s, tier, seed, progress);
    }
  }
}
