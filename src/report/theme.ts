/**
 * The look shared by every figure: fonts that exist on a plain Linux box (so resvg's PNGs and a
 * browser's SVGs agree), sizes readable at paper column width, a colour-blind-safe palette.
 */
import type { Config } from 'vega-lite';

/** Font stack: DejaVu Sans has every symbol we print (β, ρ, ∞, ½, −). */
export const FONT = 'DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif';

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];

export const THEME: Config = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#888' },
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', subtitleFontSize: 12, subtitleColor: '#444', offset: 10 },
  axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', grid: true, gridColor: '#e6e6e6', tickColor: '#888', domainColor: '#444' },
  legend: { labelLimit: 0, labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', symbolStrokeWidth: 2 },
  header: { labelFontSize: 13, titleFontSize: 13, labelFontWeight: 'bold' },
  range: { category: PALETTE },
  concat: { spacing: 28 },
};
