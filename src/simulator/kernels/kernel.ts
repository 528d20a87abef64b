/**
 * What a layer kernel is: one way of running the chain's layers, with when it applies and what it
 * promises. The kernels are listed in ./table.ts; chain.ts runs the first that applies;
 * ./table.test.ts checks every kernel's contract.
 *
 * A contract is "same bits as X" (the kernel reproduces kernel X's numbers exactly: an
 * implementation change only) or "same law as X" (different draws, the same law of the chain:
 * checked by two-sample tests). The matrix kernel is the definition of the chain itself.
 */
import type { ChainConfig, ResolvedChain } from '../config.js';
import type { Snapshots } from '../workspace.js';

/** What a kernel's run produces; chain.ts adds the configuration echo. */
export interface KernelRun {
  /** Final tokens of every path: paths × n × d numbers, on the requested sphere (empty with output 'cosines'). */
  finalTokens: Float64Array;
  /** With output 'cosines': paths × n(n−1)/2 final pairwise cosines (pairs i < j in row order); else null. */
  finalCosines: Float64Array | null;
  /** Snapshots, when requested. */
  snapshots: Snapshots | null;
}

export type OnPath = (done: number, total: number) => void;

export type KernelContract =
  | { kind: 'definition'; statement: string }
  | {
      kind: 'same-bits';
      /** Name of the kernel whose bits this one reproduces. */
      as: string;
      statement: string;
      /** A configuration where this kernel applies, run by both kernels in the contract test. */
      example: ChainConfig;
    }
  | {
      kind: 'same-law';
      /** Name of the kernel whose law this one has. */
      as: string;
      statement: string;
      /** A configuration (fixed initial tokens) where this kernel applies, for the two-sample test. */
      example: ChainConfig;
    };

export interface LayerKernel {
  /** Short name, as used by contracts. */
  readonly name: string;
  readonly contract: KernelContract;
  /** Whether this kernel runs the configuration (the table takes the first that applies). */
  applies(c: ResolvedChain): boolean;
  /** Every path of the configuration. */
  run(c: ResolvedChain, onPath?: OnPath): KernelRun;
}

/** Seeded Gaussian noise drawn in projected sampling (the projected kernels' common condition). */
export function drawsProjected(c: ResolvedChain): boolean {
  return c.sigma > 0 && c.noise === null && c.sampling === 'projected';
}

/** Dot-product attention without query or key matrices (Q = K = I). */
export function plainAttention(c: ResolvedChain): boolean {
  return c.query === null && c.key === null;
}
