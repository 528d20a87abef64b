/**
 * The layer kernels, in the order chain.ts tries them: the first whose `applies` holds runs the
 * configuration. The specialized kernels come first and the matrix kernel, the definition of the
 * chain, last: it runs everything the others do not. Adding a kernel is one file exporting a
 * LayerKernel (./kernel.ts) and one line here; ./table.test.ts then checks its contract.
 */
import type { ResolvedChain } from '../config.js';
import type { LayerKernel } from './kernel.js';
import { gramStateKernel } from './gramState.js';
import { wasmPairKernel } from './wasmPair.js';
import { pairKernel } from './pair.js';
import { wasmGramKernel } from './wasmGram.js';
import { gramKernel } from './gram.js';
import { projectedKernel } from './projected.js';
import { matrixKernel } from './matrix.js';

export const KERNELS: readonly LayerKernel[] = [
  gramStateKernel,
  wasmPairKernel,
  pairKernel,
  wasmGramKernel,
  gramKernel,
  projectedKernel,
  matrixKernel,
];

/** The kernel that runs configuration c. */
export function kernelFor(c: ResolvedChain): LayerKernel {
  const k = KERNELS.find((kernel) => kernel.applies(c));
  if (!k) throw new Error(`no layer kernel applies to sampling '${c.sampling}'`);
  return k;
}

/** The kernel of a given name (contracts name the kernel they refer to). */
export function kernelNamed(name: string): LayerKernel {
  const k = KERNELS.find((kernel) => kernel.name === name);
  if (!k) throw new Error(`no layer kernel named ${JSON.stringify(name)}`);
  return k;
}
