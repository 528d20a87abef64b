/** `dst-verify theory`: the theory oracle for one parameter set (two tokens, Q = K = V̄ = I). */
import { packageInfo } from '../util/version.js';
import { numberFlag, writeOut, type Command } from './args.js';

export const theoryCommand: Command = {
  name: 'theory',
  summary: 'Lyapunov exponents, the cosh(2β) = d − 2 transition and the exact antipodal probability',
  usage: 'theory --d D --beta B [--sigma S --gamma G --rho0 R --horizon T] [--json]',
  options: {
    d: { type: 'string', value: 'D', description: 'dimension (>= 2)', default: '3' },
    beta: { type: 'string', value: 'B', description: 'inverse temperature', default: '1' },
    sigma: { type: 'string', value: 'S', description: 'noise scale', default: '1' },
    gamma: { type: 'string', value: 'G', description: 'deterministic value strength', default: '0' },
    rho0: { type: 'string', value: 'R', description: 'initial cosine of the two tokens, in (-1, 1)', default: '0' },
    horizon: { type: 'string', value: 'T', description: 'also give the finite-time law at horizon T: P(rho_T < -0.99), E[rho_T]' },
    json: { type: 'boolean', description: 'print one JSON object (keys documented in the README)' },
  },
  examples: ['dst-verify theory --d 3 --beta 1', 'dst-verify theory --d 6 --beta 2 --horizon 20 --json'],
  async run(v) {
    const { theoryReport, formatTheoryReport } = await import('../theory/index.js');
    const report = theoryReport({
      d: numberFlag('d', v.d, 3)!,
      beta: numberFlag('beta', v.beta, 1)!,
      sigma: numberFlag('sigma', v.sigma, 1),
      gamma: numberFlag('gamma', v.gamma, 0),
      rho0: numberFlag('rho0', v.rho0, 0),
      horizon: numberFlag('horizon', v.horizon),
    });
    if (v.json) await writeOut(JSON.stringify({ tool: 'dst-verify', toolVersion: packageInfo().version, ...report }));
    else await writeOut(formatTheoryReport(report));
    return 0;
  },
};
