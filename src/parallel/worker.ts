/**
 * Worker-thread entry of runChainParallel (runChain on one contiguous range of paths) and of
 * runChainsParallel (several whole configurations, with a progress message after each): posts back
 * the final tokens, cosines and snapshots as transferred ArrayBuffers, or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runChain } from '../simulator/chain.js';
import type { ChainConfig } from '../simulator/config.js';

export interface WorkerReply {
  ok: boolean;
  finalTokens?: Float64Array;
  finalCosines?: Float64Array | null;
  snapshots?: Float64Array | null;
  error?: { name: string; message: string; parameter?: string; value?: unknown; accepted?: string };
}

/** A batch of whole configurations (runChainsParallel): one result per configuration, in order. */
export interface BatchReply {
  ok: boolean;
  results?: { finalTokens: Float64Array; finalCosines: Float64Array | null }[];
  error?: WorkerReply['error'];
}

const data = workerData as ChainConfig | { batch: ChainConfig[] };
let reply: WorkerReply | BatchReply;
const transfer: ArrayBuffer[] = [];
try {
  if ('batch' in data) {
    const results = data.batch.map((config, i) => {
      const r = runChain(config);
      parentPort!.postMessage({ progress: i + 1 });
      transfer.push(r.finalTokens.buffer as ArrayBuffer);
      if (r.finalCosines) transfer.push(r.finalCosines.buffer as ArrayBuffer);
      return { finalTokens: r.finalTokens, finalCosines: r.finalCosines };
    });
    reply = { ok: true, results };
  } else {
    const r = runChain(data);
    reply = { ok: true, finalTokens: r.finalTokens, finalCosines: r.finalCosines, snapshots: r.snapshots ? r.snapshots.data : null };
    transfer.push(r.finalTokens.buffer as ArrayBuffer);
    if (r.finalCosines) transfer.push(r.finalCosines.buffer as ArrayBuffer);
    if (r.snapshots) transfer.push(r.snapshots.data.buffer as ArrayBuffer);
  }
} catch (e) {
  const err = e as Error & { parameter?: string; value?: unknown; accepted?: string };
  reply = {
    ok: false,
    error: { name: err.name ?? 'Error', message: err.message ?? String(e), parameter: err.parameter, value: typeof err.value === 'object' ? undefined : err.value, accepted: err.accepted },
  };
}
parentPort!.postMessage(reply, transfer);
