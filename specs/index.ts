/** Every claim, in the order the claims table shows them (grouped a–f by the paper claim they test). */
import type { Claim } from './harness.js';
import * as sphereInvariance from './sphere-invariance.js';
import * as extremeParameters from './extreme-parameters.js';
import * as permutationEquivariance from './permutation-equivariance.js';
import * as permutationLaw from './permutation-law.js';
import * as rotationEquivariance from './rotation-equivariance.js';
import * as identicalTokens from './identical-tokens.js';
import * as antipodalPair from './antipodal-pair.js';
import * as deterministicFlow from './deterministic-flow.js';
import * as strongOrder from './strong-order.js';
import * as pathwiseAgreement from './pathwise-agreement.js';
import * as weakOrder from './weak-order.js';
import * as limitLaw from './limit-law.js';
import * as coarseStep from './coarse-step.js';
import * as collapseWithoutNoise from './collapse-without-noise.js';
import * as noncollapseTwoTokens from './noncollapse-two-tokens.js';
import * as noncollapseManyTokens from './noncollapse-many-tokens.js';
import { groupsN3, groupsN8, groupsN32, noGroupsWithoutNoise } from './antipodal-groups.js';
import * as phaseTransition from './phase-transition.js';
import * as universality from './universality.js';
import * as noiseAblation from './noise-ablation.js';

export const allClaims: Claim[] = [
  sphereInvariance,
  extremeParameters,
  permutationEquivariance,
  permutationLaw,
  rotationEquivariance,
  identicalTokens,
  antipodalPair,
  deterministicFlow,
  pathwiseAgreement,
  strongOrder,
  weakOrder,
  limitLaw,
  coarseStep,
  collapseWithoutNoise,
  noncollapseTwoTokens,
  noncollapseManyTokens,
  groupsN3,
  groupsN8,
  groupsN32,
  noGroupsWithoutNoise,
  phaseTransition,
  universality,
  noiseAblation,
];
