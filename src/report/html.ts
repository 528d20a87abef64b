/** The self-contained HTML page of the report: inline CSS and SVG, no scripts, no external URLs. */
import { measurementOf, type ClaimResult } from '../claims/claim.js';

export interface PageFigure {
  kind: string;
  title: string;
  caption: string;
  /** Inline SVG (ids scoped), or null when the figure could not be made. */
  svg: string | null;
  error?: string;
  /** Relative links to the exported files. */
  files: string[];
}

export interface PageInput {
  title: string;
  meta: [string, string][];
  ok: boolean;
  sections: { heading: string; figures: PageFigure[] }[];
  results: ClaimResult[];
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const fmt = (x: number | null | undefined): string => {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2);
  return String(Number(x.toFixed(4)));
};

const CSS = `
body{font-family:"DejaVu Sans","Liberation Sans",Helvetica,Arial,sans-serif;margin:0 auto;max-width:1240px;padding:24px;color:#111;line-height:1.45}
h1{font-size:1.6em;margin:0 0 .2em}h2{margin-top:2em;border-bottom:1px solid #ccc;padding-bottom:.2em}
.meta{color:#444;font-size:.9em}.meta span{margin-right:1.4em;white-space:nowrap}
.verdict{display:inline-block;padding:.2em .7em;border-radius:4px;font-weight:bold;color:#fff}
.ok{background:#1a7f37}.bad{background:#c62828}
figure.chart{margin:1.5em 0;overflow-x:auto}figure.chart svg{max-width:100%;height:auto}
figcaption{color:#333;font-size:.92em;max-width:900px}figcaption a{color:#0b5cad}
.missing{border:2px dashed #c62828;padding:1em;color:#c62828}
table{border-collapse:collapse;font-size:.88em;width:100%}th,td{border-bottom:1px solid #e3e3e3;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.pass{color:#1a7f37;font-weight:bold}.fail,.error{color:#c62828;font-weight:bold}.not-applicable{color:#777}
td.summary{color:#444;max-width:420px}
`;

function figureHtml(f: PageFigure): string {
  const links = f.files.map((p) => `<a href="${escapeHtml(p)}">${escapeHtml(p.split('/').pop()!)}</a>`).join(' · ');
  const body = f.svg ?? `<div class="missing">figure unavailable: ${escapeHtml(f.error ?? 'unknown error')}</div>`;
  return `<figure class="chart" id="fig-${escapeHtml(f.kind)}" data-kind="${escapeHtml(f.kind)}" data-title="${escapeHtml(f.title)}">
${body}
<figcaption><b>${escapeHtml(f.title)}.</b> ${escapeHtml(f.caption)}${links ? ` Files: ${links}.` : ''}</figcaption>
</figure>`;
}

export function claimsTableHtml(results: readonly ClaimResult[]): string {
  const rows = results.map((r) => {
    const m = measurementOf(r);
    const interval = m?.interval ? `[${fmt(m.interval[0])}, ${fmt(m.interval[1])}]` : '—';
    const expected = typeof m?.expected === 'number' ? fmt(m.expected) : (m?.expected ?? '—');
    return `<tr data-claim="${escapeHtml(r.id)}"><td>${r.group}</td><td>${escapeHtml(r.title)}</td><td class="${r.status}">${escapeHtml(r.status.toUpperCase())}</td><td class="num">${fmt(m?.estimate ?? null)}</td><td class="num">${interval}</td><td>${escapeHtml(String(expected))}</td><td class="num">${r.alpha === null ? 'exact' : fmt(r.alpha)}</td><td class="num">${m ? m.sampleSize : '—'}</td><td class="num">${r.seconds.toFixed(1)} s</td><td class="summary">${escapeHtml(r.summary)}</td></tr>`;
  });
  const count = (s: ClaimResult['status']) => results.filter((r) => r.status === s).length;
  return `<table class="claims"><thead><tr><th></th><th>claim</th><th>status</th><th>estimate</th><th>interval</th><th>expected</th><th>α</th><th>n</th><th>time</th><th>summary</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
<p>${count('pass')} passed, ${count('fail')} failed, ${count('error')} errors, ${count('not-applicable')} not applicable.</p>`;
}

export function reportHtml(p: PageInput): string {
  const meta = p.meta.map(([k, v]) => `<span><b>${escapeHtml(k)}</b> ${escapeHtml(v)}</span>`).join('');
  const sections = p.sections.map((s) => `<section>\n<h2>${escapeHtml(s.heading)}</h2>\n${s.figures.map(figureHtml).join('\n')}\n</section>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(p.title)}</h1>
<p><span class="verdict ${p.ok ? 'ok' : 'bad'}">${p.ok ? 'ALL CLAIMS HOLD' : 'SOME CLAIMS FAIL'}</span></p>
<p class="meta">${meta}</p>
${sections}
<section>
<h2>Claims</h2>
${claimsTableHtml(p.results)}
</section>
</body>
</html>
`;
}
