/**
 * Vega-Lite spec → SVG (vega's headless renderer: no canvas, no native code) → PNG (resvg).
 * SVGs are meant to be inlined side by side in one HTML page, so `scopeIds` makes their
 * element ids unique (vega numbers clip paths and gradients from 1 in every SVG).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import { installTextMetrics } from './textMetrics.js';
import { THEME } from './theme.js';

/** A Vega-Lite specification as plain data (typed loosely: the compiler validates it). */
export type Spec = Record<string, unknown>;

/** Warnings vega-lite or vega printed while compiling and rendering (a correct figure has none). */
export interface RenderResult {
  svg: string;
  warnings: string[];
}

function collectingLogger(warnings: string[]) {
  let level = 0;
  const push = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  // The shape of vega-util's LoggerInterface.
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...a: unknown[]) {
      push('error:', ...a);
      return logger;
    },
    warn(...a: unknown[]) {
      push(...a);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/** Compile a Vega-Lite spec with the shared theme and render it to an SVG string. */
export async function renderSvg(spec: Spec): Promise<RenderResult> {
  installTextMetrics();
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const full = { ...spec, config: { ...THEME, ...((spec.config as object) ?? {}) } } as TopLevelSpec;
  const vg = compile(full, { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logger: logger as never });
  try {
    const svg = await view.toSVG();
    return { svg, warnings };
  } finally {
    view.finalize();
  }
}

/** PNG bytes of an SVG at `scale` × its CSS pixel size (2 ≈ 200 dpi at the SVG's nominal size). */
export function svgToPng(svg: string, scale = 2): Buffer {
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return r.render().asPng();
}

/** Prefix every id of an SVG (and its references) so several SVGs can share one HTML page. */
export function scopeIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`);
}
