/** The reference simulator (src/simulator) behind the Simulator interface. */
import { runChain } from '../simulator/chain.js';
import { toRows } from '../simulator/tokens.js';
import { packageInfo } from '../util/version.js';
import { CAPABILITIES, IN_PROCESS_CAPABILITIES, type ChainReply, type ChainRequest, type CosineReply, type Simulator } from './simulatorUnderTest.js';
import type { ChainConfig } from '../simulator/config.js';

const asRows = (m: Float64Array | null | undefined, d: number) => (m ? toRows(m, d, d) : null);

export function referenceSimulator(): Simulator {
  return {
    info: { name: 'dst-verify reference', version: packageInfo().version, sphere: 'unit', capabilities: [...CAPABILITIES, ...IN_PROCESS_CAPABILITIES] },
    async runChain(req: ChainRequest): Promise<ChainReply> {
      const r = runChain(chainConfig(req));
      return { finalTokens: r.finalTokens, snapshots: r.snapshots?.data ?? null };
    },
    async runCosines(req: ChainRequest): Promise<CosineReply> {
      // 'auto' with cosine output: the Gram-state kernel wherever it applies.
      const r = runChain({ ...chainConfig(req), output: 'cosines' });
      return { finalCosines: r.finalCosines!, sampling: String(r.config.sampling) };
    },
    async close() {},
  };
}

/** The reference chain's configuration of a request. */
function chainConfig(req: ChainRequest): ChainConfig {
  return {
    n: req.n,
    d: req.d,
    depth: req.depth,
    horizon: req.horizon,
    beta: req.beta,
    sigma: req.sigma,
    gamma: req.gamma,
    law: req.law,
    seed: req.seed,
    paths: req.paths,
    initialTokens: toRows(req.initialTokens, req.n, req.d),
    query: asRows(req.query, req.d),
    key: asRows(req.key, req.d),
    valueMatrix: asRows(req.valueMatrix, req.d),
    noise: req.increments ? { kind: 'increments', data: req.increments } : null,
    snapshots: req.snapshotStride ? { stride: req.snapshotStride, record: 'tokens' } : null,
  };
}
