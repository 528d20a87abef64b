/**
 * The n-token phase picture from an mc-grid run: per (n, d), the two-group frequency per β with
 * its exact interval, the frontier interval (src/grid/frontier.ts, the rule of docs/n-token.md)
 * against ½·arccosh(d − 2) and, for odd n, the threshold of the most equal split; the fraction in
 * neither one cluster nor two groups; the group sizes; the median time to formation. Markdown.
 *
 *   node dist/scripts/n-token-summary.js [--results docs/n-token/results.json]
 */
import { readFileSync } from 'node:fs';
import type { GridResults } from '../src/grid/results.js';
import { frontierInterval } from '../src/grid/frontier.js';
import { criticalBeta, groupCriticalBeta } from '../src/theory/index.js';
import { ConfigError } from '../src/util/errors.js';
import { runProgram, type FlagValues } from '../src/util/args.js';

const PROGRAM = {
  name: 'n-token-summary',
  summary: 'tables of the n-token phase picture from an mc-grid results.json',
  usage: 'node dist/scripts/n-token-summary.js [--results FILE]',
  flags: {
    results: { type: 'string', value: 'FILE', help: 'results.json written by mc-grid', default: 'docs/n-token/results.json' },
  },
} as const;

const f3 = (x: number | null | undefined) => (x == null ? '—' : x.toFixed(3));

async function main(values: FlagValues<typeof PROGRAM.flags>): Promise<number> {
  let r: GridResults;
  try {
    r = JSON.parse(readFileSync(values.results as string, 'utf8')) as GridResults;
  } catch {
    throw new ConfigError('--results', values.results, 'a readable results.json written by mc-grid');
  }
  const cells = r.cells.filter((c) => c.params.n > 2 && c.endStates);
  const keys = [...new Set(cells.map((c) => `${c.params.d}:${c.params.n}`))].map((k) => k.split(':').map(Number)).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: string[] = [];
  out.push('| d | n | paths | two-group ends per β (count, 95% interval) | frontier (lower, upper] | ½ arccosh(d − 2) | odd n: β* of the most equal split | max fraction neither | group sizes k+(n−k): runs | median formation time (two groups) |');
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const [d, n] of keys) {
    const row = cells.filter((c) => c.params.d === d && c.params.n === n).sort((a, b) => a.params.beta - b.params.beta);
    const fr = frontierInterval(row.map((c) => ({ beta: c.params.beta, count: c.endStates.twoGroups.count })));
    const per = row.map((c) => `β ${c.params.beta}: ${c.endStates.twoGroups.count} [${f3(c.endStates.twoGroups.lower)}, ${f3(c.endStates.twoGroups.upper)}]`).join('; ');
    const neither = Math.max(...row.map((c) => (c.endStates.clusters.count + c.endStates.undecided.count) / c.params.paths));
    const sizes = new Map<string, number>();
    for (const c of row) for (const g of c.endStates.groupSizes) if (g.frequency.count) sizes.set(g.sizes.join('+'), (sizes.get(g.sizes.join('+')) ?? 0) + g.frequency.count);
    const times = row.flatMap((c) => {
      const t = c.endStates.formationTime?.twoGroups;
      const q = t?.quantiles.find((x) => x.q === 0.5);
      return q ? [`β ${c.params.beta}: ${q.time} (n = ${t!.runs})`] : [];
    });
    const unequal = n % 2 === 1 ? groupCriticalBeta({ n, k: (n - 1) / 2, d, sigma: 1, gamma: 0 }) : null;
    out.push(`| ${d} | ${n} | ${row[0].params.paths} | ${per} | (${fr.lower ?? '—'}, ${fr.upper ?? '—'}] | ${f3(criticalBeta(d, 1, 0))} | ${f3(unequal)} | ${neither.toFixed(3)} | ${[...sizes].map(([k, v]) => `${k}: ${v}`).join(', ') || '—'} | ${times.join('; ') || '—'} |`);
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

await runProgram(PROGRAM, process.argv.slice(2), main);
