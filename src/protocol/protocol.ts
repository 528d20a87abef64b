/**
 * The JSON-lines messages of the external-simulator protocol (PROTOCOL.md, schemas/): building
 * requests from a ChainRequest, and parsing and checking replies. Pure functions, no I/O.
 *
 * Requests (dst-verify → simulator): `hello`, `run_chain`, `shutdown`.
 * Replies (simulator → dst-verify): `hello`, `result`, `skipped`, `error`, `bye`, each carrying the
 * `id` of the request it answers.
 *
 * Sphere: every token and β in a request is in the simulator's declared convention. For "rms",
 * tokens are scaled by √d and β is sent as β/d (so that β_sent·⟨Qx_i, Kx_j⟩ on the RMS sphere
 * equals β⟨Qx̂_i, Kx̂_j⟩ on the unit sphere); the noise, σ, γ and the matrices are unchanged because
 * one layer is homogeneous in the tokens.
 *
 * @example
 * const line = JSON.stringify(runChainMessage(3, request, 'unit'));
 * const reply = parseReplyLine('{"type":"error","id":3,"message":"out of memory"}');
 */
import { snapshotLayers } from '../simulator/workspace.js';
import { CAPABILITIES, PRECISIONS, PROTOCOL_VERSION, type Capability, type Precision, type ChainReply, type ChainRequest, type SimulatorInfo } from '../claims/simulatorUnderTest.js';
import { ExternalSimulatorError, quote } from './errors.js';
import { decodeArray, encodeArray, type WireArray } from './wireArray.js';

export const REPLY_TYPES = ['hello', 'result', 'skipped', 'error', 'bye'] as const;
export type ReplyType = (typeof REPLY_TYPES)[number];

export interface Reply {
  type: ReplyType;
  id: number;
  [field: string]: unknown;
}

export interface HelloMessage {
  type: 'hello';
  id: number;
  protocol: number;
  client: { name: string; version: string };
}

export interface RunChainMessage {
  type: 'run_chain';
  id: number;
  /** ChainRequest's fields (src/claims/simulatorUnderTest.ts) as they go on the wire (PROTOCOL.md). */
  params: {
    n: number;
    d: number;
    depth: number;
    horizon: number;
    beta: number;
    sigma: number;
    gamma: number;
    law: string;
    seed: number;
    paths: number;
    initial_tokens: WireArray;
    query: WireArray | null;
    key: WireArray | null;
    value_matrix: WireArray | null;
    increments: WireArray | null;
    snapshot_stride: number | null;
  };
}

export function helloMessage(id: number, client: { name: string; version: string }): HelloMessage {
  return { type: 'hello', id, protocol: PROTOCOL_VERSION, client };
}

/** Scale of tokens in a simulator's convention relative to the unit sphere. */
export function sphereScale(sphere: SimulatorInfo['sphere'], d: number): number {
  return sphere === 'rms' ? Math.sqrt(d) : 1;
}

/** The `run_chain` request for `req`, converted to the simulator's sphere. */
export function runChainMessage(id: number, req: ChainRequest, sphere: SimulatorInfo['sphere']): RunChainMessage {
  const { n, d } = req;
  const scale = sphereScale(sphere, d);
  const tokens = scale === 1 ? req.initialTokens : req.initialTokens.map((x) => x * scale);
  const matrix = (m: Float64Array | null | undefined) => (m ? encodeArray(m, [d, d]) : null);
  return {
    type: 'run_chain',
    id,
    params: {
      n,
      d,
      depth: req.depth,
      horizon: req.horizon,
      beta: sphere === 'rms' ? req.beta / d : req.beta,
      sigma: req.sigma,
      gamma: req.gamma,
      law: req.law,
      seed: req.seed,
      paths: req.paths,
      initial_tokens: encodeArray(tokens, [n, d]),
      query: matrix(req.query),
      key: matrix(req.key),
      value_matrix: matrix(req.valueMatrix),
      increments: req.increments ? encodeArray(req.increments, [req.paths, req.depth, d, d]) : null,
      snapshot_stride: req.snapshotStride ?? null,
    },
  };
}

/** Capabilities a request needs (beyond the required chain). */
export function requestNeeds(req: ChainRequest): Capability[] {
  const needs: Capability[] = [];
  if (req.increments) needs.push('explicit-noise');
  if (req.snapshotStride) needs.push('snapshots');
  if (req.law !== 'gaussian') needs.push(`law:${req.law}` as Capability);
  if (req.query || req.key || req.valueMatrix) needs.push('matrices');
  return needs;
}

/**
 * Parse one line of simulator output into a reply; throws a 'protocol' error for anything that
 * is not a JSON object with a known `type` and an integer `id`.
 */
export function parseReplyLine(line: string): Reply {
  let msg: unknown;
  try {
    msg = JSON.parse(line);
  } catch {
    if (/(^|[^\w"])(NaN|-?Infinity)([^\w"]|$)/.test(line)) {
      throw new ExternalSimulatorError('protocol', `simulator wrote NaN or Infinity, which is not valid JSON: its numbers are not finite (line starts ${quote(line, 60)})`);
    }
    throw new ExternalSimulatorError('protocol', `simulator wrote a line that is not JSON: ${quote(line)} (write logs to stderr, not stdout)`);
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
    throw new ExternalSimulatorError('protocol', `simulator wrote ${quote(line)}, not a JSON object`);
  }
  const m = msg as Record<string, unknown>;
  if (!REPLY_TYPES.includes(m.type as ReplyType)) {
    throw new ExternalSimulatorError('protocol', `simulator reply has type ${quote(String(m.type))}; expected one of ${REPLY_TYPES.join(', ')}`);
  }
  if (!Number.isSafeInteger(m.id)) {
    throw new ExternalSimulatorError('protocol', `simulator ${String(m.type)} reply has id ${quote(JSON.stringify(m.id) ?? 'undefined')}; expected the integer id of the request`);
  }
  return m as Reply;
}

/** Check a hello reply and return the simulator's description; throws a 'handshake' error. */
export function parseHello(reply: Reply): SimulatorInfo & { unknownCapabilities: string[] } {
  const fail = (why: string): never => {
    throw new ExternalSimulatorError('handshake', `handshake failed: ${why}`);
  };
  if (reply.type === 'error') fail(`simulator answered hello with an error: ${String(reply.message ?? '')}`);
  if (reply.type !== 'hello') fail(`expected a hello reply, got ${reply.type}`);
  if (reply.protocol !== PROTOCOL_VERSION) {
    fail(`simulator speaks protocol version ${JSON.stringify(reply.protocol)}, dst-verify speaks version ${PROTOCOL_VERSION}`);
  }
  const sim = reply.simulator as Record<string, unknown> | undefined;
  if (!sim || typeof sim !== 'object' || typeof sim.name !== 'string' || sim.name === '' || typeof sim.version !== 'string') {
    fail('hello must contain simulator: {name, version} (non-empty strings)');
  }
  if (reply.sphere !== 'unit' && reply.sphere !== 'rms') fail(`sphere must be "unit" or "rms", got ${quote(String(reply.sphere))}`);
  const caps = reply.capabilities ?? [];
  if (!Array.isArray(caps) || !caps.every((c) => typeof c === 'string')) fail('capabilities must be a list of strings');
  const precision = reply.precision ?? 'float64';
  if (!(PRECISIONS as readonly unknown[]).includes(precision)) fail(`precision must be "float32" or "float64", got ${quote(JSON.stringify(precision) ?? 'undefined')}`);
  const known = (caps as string[]).filter((c): c is Capability => (CAPABILITIES as readonly string[]).includes(c));
  return {
    name: sim!.name as string,
    version: sim!.version as string,
    sphere: reply.sphere as SimulatorInfo['sphere'],
    precision: precision as Precision,
    capabilities: [...new Set(known)],
    unknownCapabilities: (caps as string[]).filter((c) => !known.includes(c as Capability)),
  };
}

/** Decode a `result` reply to `req`: shapes checked, NaN rejected, converted to the unit sphere. */
export function decodeChainResult(reply: Reply, req: ChainRequest, sphere: SimulatorInfo['sphere']): ChainReply {
  const { n, d, paths } = req;
  const finalTokens = decodeArray('final_tokens', reply.final_tokens, [paths, n, d]);
  let snapshots: Float64Array | null = null;
  if (req.snapshotStride) {
    if (reply.snapshots === undefined || reply.snapshots === null) {
      throw new ExternalSimulatorError('protocol', `result has no snapshots although snapshot_stride = ${req.snapshotStride} was requested`);
    }
    const layers = snapshotLayers(req.depth, req.snapshotStride).length;
    snapshots = decodeArray('snapshots', reply.snapshots, [paths, layers, n, d]);
  }
  const scale = sphereScale(sphere, d);
  if (scale !== 1) {
    for (let k = 0; k < finalTokens.length; k++) finalTokens[k] /= scale;
    if (snapshots) for (let k = 0; k < snapshots.length; k++) snapshots[k] /= scale;
  }
  const float32 = [reply.final_tokens, reply.snapshots].some((a) => a !== null && typeof a === 'object' && (a as { dtype?: unknown }).dtype === 'float32');
  return { finalTokens, snapshots, ...(float32 ? { precision: 'float32' as const } : {}) };
}
