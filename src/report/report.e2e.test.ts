/**
 * End to end: `dst-verify report --tier smoke` (built CLI; `npm test` builds dist/ first), the page
 * it writes, and the page in a real browser (headless Debian chromium through playwright-core).
 * Without /usr/bin/chromium the browser test is skipped, unless DST_REQUIRE_BROWSER=1 (CI), where
 * it fails.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIGURE_KINDS } from './figures.js';

const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
/** DST_CHROMIUM overrides the browser path (used to check the skip and the CI failure). */
const CHROMIUM = process.env.DST_CHROMIUM ?? '/usr/bin/chromium';
const REQUIRED = process.env.DST_REQUIRE_BROWSER === '1';
const HAVE_CHROMIUM = existsSync(CHROMIUM);

let dir = '';
let html = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dst-report-'));
  const r = await execa('node', [MAIN, 'report', '--tier', 'smoke', '--seed', '11', '--out', dir], { reject: false });
  if (r.exitCode !== 0) throw new Error(`report exited ${r.exitCode}: ${r.stdout}\n${r.stderr}`);
  html = readFileSync(join(dir, 'report.html'), 'utf8');
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('report --tier smoke', () => {
  test('writes the page, the data and an SVG and PNG per figure', () => {
    for (const kind of FIGURE_KINDS) {
      expect(readFileSync(join(dir, 'figures', `${kind}.svg`), 'utf8')).toMatch(/^<svg /);
      expect(readFileSync(join(dir, 'figures', `${kind}.png`)).subarray(1, 4).toString()).toBe('PNG');
    }
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ command: 'report', tier: 'smoke', seed: 11, ok: true, missing: [] });
    expect(report.figures.phase.cells.length).toBeGreaterThan(0);
  });

  test('the page is self-contained: no scripts, no external resources', () => {
    expect(html).not.toMatch(/<script/i);
    // Only SVG namespace URIs may mention http(s).
    const urls = html.match(/https?:\/\/[^\s"')<]+/g) ?? [];
    expect(urls.filter((u) => !u.startsWith('http://www.w3.org/'))).toEqual([]);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']\/\//);
  });

  test('ids are unique across the inline SVGs', () => {
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(FIGURE_KINDS.length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('one figure per kind and the claims table', () => {
    for (const kind of FIGURE_KINDS) expect(html).toContain(`data-kind="${kind}"`);
    expect(html).not.toContain('figure unavailable');
    expect(html).toContain('data-claim="strong-order"');
  });
});

describe('report in a real browser', () => {
  const run = HAVE_CHROMIUM || REQUIRED;
  const title = run
    ? 'chromium shows every chart with no console errors'
    : `SKIPPED: ${CHROMIUM} not installed, so the page is not checked in a browser (apt-get install -y chromium; CI sets DST_REQUIRE_BROWSER=1)`;
  if (!run) console.warn(`report browser test ${title}`);
  test.runIf(run)(title, async () => {
    if (!HAVE_CHROMIUM) throw new Error(`DST_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing (apt-get install -y chromium)`);
    const { chromium } = await import('playwright-core');
    const profile = mkdtempSync(join(tmpdir(), 'dst-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const external: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) external.push(r.url());
      });
      await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
      const charts = await page.$$eval('figure.chart', (figs) =>
        figs.map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return {
            kind: f.getAttribute('data-kind'),
            marks: svg ? svg.querySelectorAll('path, rect, line, circle, text').length : 0,
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            text: svg?.textContent ?? '',
            caption: f.querySelector('figcaption')?.textContent ?? '',
          };
        }),
      );
      expect(charts.map((c) => c.kind)).toEqual([...FIGURE_KINDS]);
      const titles: Record<string, string> = {
        'phase-diagram': 'Phase diagram of antipodal end states',
        'phase-slices': 'one panel per dimension d',
        convergence: 'Convergence of the chain to the limit SDE',
        'cosine-trajectories': 'of two tokens along the depth',
        'sphere-trajectories': 'Token paths on the sphere',
        'n-token-frequency': 'Two antipodal groups for n tokens',
        'n-token-group-sizes': 'Sizes of the two antipodal groups',
        'noise-ablation': 'Does suppressing the noise degrade accuracy?',
      };
      for (const c of charts) {
        expect(c.marks, c.kind!).toBeGreaterThan(20);
        expect(c.width, c.kind!).toBeGreaterThan(200);
        expect(c.height, c.kind!).toBeGreaterThan(150);
        expect(c.text).toContain(titles[c.kind!]);
        expect(c.caption.length).toBeGreaterThan(40);
      }
      const claimRows = await page.$$eval('table.claims tbody tr', (rows) => rows.length);
      expect(claimRows).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
