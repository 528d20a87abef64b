/**
 * Worker-thread entry of runChainParallel: runs runChain on one contiguous range of paths and
 * posts back the final tokens (and snapshots) as transferred ArrayBuffers, or the error.
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

const config = workerData as ChainConfig;
let reply: WorkerReply;
const transfer: ArrayBuffer[] = [];
try {
  const r = runChain(config);
  reply = { ok: true, finalTokens: r.finalTokens, finalCosines: r.finalCosines, snapshots: r.snapshots ? r.snapshots.data : null };
  transfer.push(r.finalTokens.buffer as ArrayBuffer);
  if (r.finalCosines) transfer.push(r.finalCosines.buffer as ArrayBuffer);
  if (r.snapshots) transfer.push(r.snapshots.data.buffer as ArrayBuffer);
} catch (e) {
  const err = e as Error & { parameter?: string; value?: unknown; accepted?: string };
  reply = {
    ok: false,
    error: { name: err.name ?? 'Error', message: err.message ?? String(e), parameter: err.parameter, value: typeof err.value === 'object' ? undefined : err.value, accepted: err.accepted },
  };
}
parentPort!.postMessage(reply, transfer);
