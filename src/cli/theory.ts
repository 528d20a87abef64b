/** `dst-verify theory`: the theory oracle for one parameter set (two tokens, Q = K = V̄ = I). */
import { packageInfo } from '../util/version.js';
import { defineCommand, writeOut } from './args.js';

export const theoryCommand = defineCommand({
  name: 'theory',
  summary: 'Lyapunov exponents, the cosh(2β) = d − 2 transition and the exact antipodal probability',
  usage: 'theory --d D --beta B [--sigma S --gamma G --rho0 R --horizon T] [--json]',
  options: {
    d: { type: 'number', value: 'D', help: 'dimension (>= 2)', default: 3 },
    beta: { type: 'number', value: 'B', help: 'inverse temperature', default: 1 },
    sigma: { type: 'number', value: 'S', help: 'noise scale', default: 1 },
    gamma: { type: 'number', value: 'G', help: 'deterministic value strength', default: 0 },
    rho0: { type: 'number', value: 'R', help: 'initial cosine of the two tokens, in (-1, 1)', default: 0 },
    horizon: { type: 'number', value: 'T', help: 'also give the finite-time law at horizon T: P(rho_T < -0.99), E[rho_T]' },
    n: { type: 'integer', value: 'N', help: 'also the (k, n − k) antipodal-group table for n tokens (docs/model.md#two-antipodal-groups)', min: 2, max: 4096 },
    json: { type: 'boolean', help: 'print one JSON object (keys documented in the README; with --n also "groups")' },
  },
  examples: ['dst-verify theory --d 3 --beta 1', 'dst-verify theory --d 6 --beta 2 --horizon 20 --json', 'dst-verify theory --d 6 --beta 1.1 --n 3'],
  async run(v) {
    const { theoryReport, formatTheoryReport, antipodalGroupsTable } = await import('../theory/index.js');
    const report = theoryReport({ d: v.d, beta: v.beta, sigma: v.sigma, gamma: v.gamma, rho0: v.rho0, horizon: v.horizon });
    const groups = v.n === undefined ? null : antipodalGroupsTable(v.n, { d: v.d, beta: v.beta, sigma: v.sigma, gamma: v.gamma });
    if (v.json) await writeOut(JSON.stringify({ tool: 'dst-verify', toolVersion: packageInfo().version, ...report, ...(groups ? { groups } : {}) }));
    else await writeOut(formatTheoryReport(report) + (groups ? '\n' + formatGroups(v.n!, groups) : ''));
    return 0;
  },
});

/** The (k, n − k) table as text. */
function formatGroups(n: number, rows: { sizes: [number, number]; exponent: number; gapDrift: number; criticalBeta: number; withinGroup: [number, number] }[]): string {
  const g = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : 'none');
  const lines = [
    `two antipodal groups of n = ${n} tokens (k at u, n − k at −u):`,
    '  sizes    Λ_k (< 0: attracts)  gap drift c₀   β*_k        within-group exponents',
  ];
  for (const r of rows) {
    lines.push(`  ${`${r.sizes[0]}+${r.sizes[1]}`.padEnd(8)} ${g(r.exponent).padEnd(20)} ${g(r.gapDrift).padEnd(14)} ${g(r.criticalBeta).padEnd(11)} ${g(r.withinGroup[0])}, ${g(r.withinGroup[1])}`);
  }
  lines.push('  c₀ > 0: not exactly antipodal (metastable); Λ_k is meaningful where c₀ is small.');
  return lines.join('\n');
}
