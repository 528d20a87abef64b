// Estimate the probability that two tokens end antipodal, with an exact confidence interval,
// and compare it with the theory oracle. Run from the repository: node docs/examples/antipodal-probability.mjs
import { runChain, classifyFormation, pairwiseCosines, theory, stats } from 'dst-verify';

const d = 3;
const beta = 1;
const paths = 1000;
// Two orthogonal tokens (cosine ρ0 = 0); 4000 layers over horizon T = 40 (h = 0.01).
const run = runChain({ n: 2, d, depth: 4000, horizon: 40, beta, sigma: 1, seed: 7, paths, initialTokens: [[1, 0, 0], [0, 1, 0]] });

let antipodal = 0;
const cos = new Float64Array(1);
for (let p = 0; p < paths; p++) {
  pairwiseCosines(run.finalTokens, 2, d, cos, p * 2 * d);
  if (classifyFormation(cos, 2).formation === 'antipodal') antipodal++;
}
const ci = stats.clopperPearson(antipodal, paths, 0.01);
const exact = theory.antipodalProbability(0, { d, beta, sigma: 1, gamma: 0 });
console.log(`antipodal end states: ${antipodal}/${paths}, 99% CI [${ci.lower.toFixed(3)}, ${ci.upper.toFixed(3)}]`);
console.log(`theory P(ρ∞ = −1 | ρ0 = 0) = ${exact.toFixed(4)}; cosh(2β) = ${Math.cosh(2 * beta).toFixed(3)} > d − 2 = ${d - 2}`);
