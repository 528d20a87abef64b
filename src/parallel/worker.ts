/**
 * Worker-thread entry of runChainParallel (runChain on one contiguous range of paths) and of
 * runChainsParallel (several whole configurations, with a progress message after each): posts back
 * the final tokens, cosines and snapshots as transferred ArrayBuffers, or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runChain } from '../simulator/chain.js';
import type { ChainConfig } from '../simulator/config.js';

/** What one runChain call sends back. */
export interface RunReply {
  finalTokens: Float64Array;
  finalCosines: Float64Array | null;
  snapshots: Float64Array | null;
}

export interface WorkerReply {
  ok: boolean;
  /** One per configuration: a single one for runChainParallel, the batch in order for runChainsParallel. */
  results?: RunReply[];
  error?: { name: string; message: string; parameter?: string; value?: unknown; accepted?: string };
}

/** The worker's input: one configuration, or a batch of them (progress posted after each). */
export type WorkerData = { config: ChainConfig } | { batch: ChainConfig[] };

const data = workerData as WorkerData;
let reply: WorkerReply;
const transfer: ArrayBuffer[] = [];
try {
  const configs = 'batch' in data ? data.batch : [data.config];
  const results = configs.map((config, i): RunReply => {
    const r = runChain(config);
    if ('batch' in data) parentPort!.postMessage({ progress: i + 1 });
    transfer.push(r.finalTokens.buffer as ArrayBuffer);
    if (r.finalCosines) transfer.push(r.finalCosines.buffer as ArrayBuffer);
    if (r.snapshots) transfer.push(r.snapshots.data.buffer as ArrayBuffer);
    return { finalTokens: r.finalTokens, finalCosines: r.finalCosines, snapshots: r.snapshots ? r.snapshots.data : null };
  });
  reply = { ok: true, results };
} catch (e) {
  const err = e as Error & { parameter?: string; value?: unknown; accepted?: string };
  reply = {
    ok: false,
    error: { name: err.name ?? 'Error', message: err.message ?? String(e), parameter: err.parameter, value: typeof err.value === 'object' ? undefined : err.value, accepted: err.accepted },
  };
}
parentPort!.postMessage(reply, transfer);
