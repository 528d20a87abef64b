/** Rendering of claim results as a terminal table (used by `verify` and `conform`). */
import { measurementOf, type ClaimResult } from '../claims/claim.js';

const fmt = (x: number | null | undefined): string => {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2);
  return x.toFixed(4).replace(/\.?0+$/, (m) => (m.startsWith('.') ? '' : m)) || '0';
};

const STATUS: Record<ClaimResult['status'], string> = { pass: 'PASS', fail: 'FAIL', 'not-applicable': 'n/a', error: 'ERROR' };

/** The table; `replay` gives the command that reruns a failed or errored claim (printed under it). */
export function formatClaimsTable(results: readonly ClaimResult[], color = false, replay?: (r: ClaimResult) => string): string {
  const paint = (s: string, status: ClaimResult['status']) => {
    if (!color) return s;
    const code = status === 'pass' ? 32 : status === 'not-applicable' ? 90 : 31;
    return `\x1b[${code}m${s}\x1b[0m`;
  };
  const header = ['', 'claim', 'status', 'estimate', 'interval', 'expected', 'α', 'n', 'time'];
  const rows = results.map((r) => {
    const m = measurementOf(r);
    return [
      r.group,
      r.title,
      STATUS[r.status],
      fmt(m?.estimate),
      m?.interval ? `[${fmt(m.interval[0])}, ${fmt(m.interval[1])}]` : '—',
      typeof m?.expected === 'number' ? fmt(m.expected) : (m?.expected ?? '—'),
      r.alpha === null ? 'exact' : fmt(r.alpha),
      m ? String(m.sampleSize) : '—',
      `${r.seconds.toFixed(1)}s`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[], status?: ClaimResult['status']) =>
    cells.map((c, i) => (i === 2 && status ? paint(c.padEnd(widths[i]), status) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  ')];
  results.forEach((r, i) => out.push(line(rows[i], r.status)));
  const counts = (s: ClaimResult['status']) => results.filter((r) => r.status === s).length;
  out.push('');
  for (const r of results) {
    if (r.status === 'pass') continue;
    out.push(`${STATUS[r.status]} ${r.id}: ${r.summary}`);
    if (replay && (r.status === 'fail' || r.status === 'error')) out.push(`  replay: ${replay(r)}`);
  }
  out.push(`${counts('pass')} passed, ${counts('fail')} failed, ${counts('error')} errors, ${counts('not-applicable')} not applicable`);
  return out.join('\n');
}
