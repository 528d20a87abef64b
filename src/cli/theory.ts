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
    json: { type: 'boolean', help: 'print one JSON object (keys documented in the README)' },
  },
  examples: ['dst-verify theory --d 3 --beta 1', 'dst-verify theory --d 6 --beta 2 --horizon 20 --json'],
  async run(v) {
    const { theoryReport, formatTheoryReport } = await import('../theory/index.js');
    const report = theoryReport({ d: v.d, beta: v.beta, sigma: v.sigma, gamma: v.gamma, rho0: v.rho0, horizon: v.horizon });
    if (v.json) await writeOut(JSON.stringify({ tool: 'dst-verify', toolVersion: packageInfo().version, ...report }));
    else await writeOut(formatTheoryReport(report));
    return 0;
  },
});
