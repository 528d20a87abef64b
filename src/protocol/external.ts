/**
 * An external simulator (PROTOCOL.md) behind the Simulator interface. It starts the process,
 * checks the handshake, sends one request at a time, converts between the unit sphere and the
 * simulator's sphere, and turns every misbehaviour into an ExternalSimulatorError that names the
 * request and the cause.
 *
 * Restart policy: when the process dies (crash, timeout, protocol violation) the request that was
 * running fails; the next request restarts the process once (`maxRestarts`, default 1) and checks
 * that the new hello matches the first. After that, requests fail at once with the original cause,
 * so a dead simulator costs later claims no further timeouts.
 *
 * Timeouts: handshake `handshakeTimeoutMs`; a request gets `requestTimeoutMs` × max(1, work/1e8)
 * with work = paths·depth·n·d·(n + d), roughly the multiply-adds of the request.
 *
 * @example
 * const sim = await startExternalSimulator('python3 fixtures/python/dst_sim.py');
 * try { const r = await sim.runChain(request); } finally { await sim.close(); }
 */
import { MAX_TIMER_MS } from '../util/args.js';
import { packageInfo } from '../util/version.js';
import { splitCommandLine } from './commandLine.js';
import { DEFAULT_HANDSHAKE_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_RESTARTS } from './defaults.js';
import { ExternalSimulatorError } from './errors.js';
import { decodeChainResult, helloMessage, parseHello, requestNeeds, runChainMessage } from './protocol.js';
import { SimulatorError, type ChainReply, type ChainRequest, type Simulator, type SimulatorInfo } from '../claims/simulatorUnderTest.js';
import { SimulatorProcess, type ProcessOptions } from './process.js';

export interface ExternalOptions extends ProcessOptions {
  /** Time for the process to start and answer hello (default 30 s: imports of torch/jax are slow). */
  handshakeTimeoutMs?: number;
  /** Base time per request, scaled up for large requests (default 120 s). */
  requestTimeoutMs?: number;
  /** Time to exit after shutdown before the process is killed (default 3 s). */
  shutdownTimeoutMs?: number;
  /** How many times a dead process is restarted (default 1). */
  maxRestarts?: number;
  /** Called when the process is restarted, with the cause of its death. */
  onRestart?: (cause: ExternalSimulatorError) => void;
}

/** Work units (≈ multiply-adds) covered by one requestTimeoutMs. */
export const WORK_PER_TIMEOUT = 1e8;

export class ExternalSimulator implements Simulator {
  /** Requests answered `skipped` so far (the CLI maps such claims to "not applicable"). */
  skippedCount = 0;
  restarts = 0;
  /** Capabilities in the hello that this version of dst-verify does not know (ignored). */
  readonly unknownCapabilities: string[];
  /** The simulator's hello reply exactly as received (recorded in reports for replay). */
  hello: Readonly<Record<string, unknown>> = {};
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly argv: readonly string[],
    readonly info: SimulatorInfo,
    unknown: string[],
    private proc: SimulatorProcess,
    private readonly opts: ExternalOptions,
  ) {
    this.unknownCapabilities = unknown;
  }

  /** Start the simulator and complete the handshake; on failure the process is gone. */
  static async start(commandLine: string | readonly string[], opts: ExternalOptions = {}): Promise<ExternalSimulator> {
    const argv = typeof commandLine === 'string' ? splitCommandLine(commandLine) : [...commandLine];
    const { proc, info, hello } = await handshake(argv, opts);
    const { unknownCapabilities, ...rest } = info;
    const sim = new ExternalSimulator(argv, rest, unknownCapabilities, proc, opts);
    sim.hello = hello;
    return sim;
  }

  /** The timeout for a request, scaled by its size. */
  requestTimeout(req: ChainRequest): number {
    const work = req.paths * req.depth * req.n * req.d * (req.n + req.d);
    return Math.min(MAX_TIMER_MS, (this.opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) * Math.max(1, work / WORK_PER_TIMEOUT));
  }

  runChain(req: ChainRequest): Promise<ChainReply> {
    return this.enqueue(() => this.exchange(req));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.proc.shutdown(this.nextId++, this.opts.shutdownTimeoutMs ?? 3000);
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => {});
    return run;
  }

  private async exchange(req: ChainRequest): Promise<ChainReply> {
    if (this.closed) throw new ExternalSimulatorError('unsupported', 'simulator has been closed');
    const missing = requestNeeds(req).filter((c) => !this.info.capabilities.includes(c));
    if (missing.length) {
      throw new ExternalSimulatorError('unsupported', `request needs capability ${missing.join(', ')}, which ${this.info.name} does not declare`);
    }
    const proc = await this.liveProcess();
    const id = this.nextId++;
    const label = `run_chain #${id} (n=${req.n}, d=${req.d}, depth=${req.depth}, paths=${req.paths})`;
    const reply = await proc.request(runChainMessage(id, req, this.info.sphere), label, this.requestTimeout(req));
    switch (reply.type) {
      case 'result':
        try {
          return decodeChainResult(reply, req, this.info.sphere);
        } catch (e) {
          const err = new ExternalSimulatorError('protocol', `${label}: ${(e as Error).message}`);
          err.nonFiniteAnswer = e instanceof SimulatorError && e.nonFiniteAnswer;
          throw err;
        }
      case 'skipped':
        this.skippedCount++;
        throw new ExternalSimulatorError('skipped', `${label}: simulator skipped the request: ${String(reply.reason ?? 'no reason given')}`);
      case 'error':
        throw new ExternalSimulatorError('error-reply', `${label}: simulator error: ${String(reply.message ?? 'no message')}`);
      default:
        throw new ExternalSimulatorError('protocol', `${label}: simulator answered with a ${reply.type} reply instead of result, skipped or error`);
    }
  }

  /** The running process, restarted if it died and restarts are left. */
  private async liveProcess(): Promise<SimulatorProcess> {
    const cause = this.proc.dead;
    if (!cause) return this.proc;
    const max = this.opts.maxRestarts ?? DEFAULT_RESTARTS;
    if (this.restarts >= max) {
      throw new ExternalSimulatorError(cause.kind === 'timeout' ? 'exited' : cause.kind, `simulator is not running (${cause.message})${max > 0 ? `; already restarted ${this.restarts} time(s)` : ''}`);
    }
    this.restarts++;
    this.opts.onRestart?.(cause);
    await this.proc.shutdown(0, 0);
    const { proc, info } = await handshake(this.argv, this.opts);
    this.proc = proc;
    const same =
      info.name === this.info.name &&
      info.version === this.info.version &&
      info.sphere === this.info.sphere &&
      info.precision === this.info.precision &&
      info.capabilities.join() === this.info.capabilities.join();
    if (!same) {
      proc.kill('handshake', 'restarted simulator describes itself differently from the first start');
      throw proc.dead!;
    }
    return proc;
  }
}

async function handshake(argv: readonly string[], opts: ExternalOptions) {
  const proc = new SimulatorProcess(argv, opts);
  const timeout = opts.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  try {
    const reply = await proc.request(helloMessage(0, { name: 'dst-verify', version: packageInfo().version }), 'hello', timeout);
    return { proc, info: parseHello(reply), hello: reply as Record<string, unknown> };
  } catch (e) {
    const err = e as ExternalSimulatorError;
    if (!proc.dead) proc.kill(err.kind ?? 'handshake', err.message);
    await proc.shutdown(0, 0);
    const detail = err.message.replace(/^hello: /, '');
    if (err.kind === 'spawn') throw new ExternalSimulatorError('spawn', detail);
    throw new ExternalSimulatorError('handshake', err.kind === 'handshake' ? detail : `handshake failed: ${detail}`);
  }
}

/** Start an external simulator from a command line (see splitCommandLine) or an argv array. */
export function startExternalSimulator(commandLine: string | readonly string[], opts: ExternalOptions = {}): Promise<ExternalSimulator> {
  return ExternalSimulator.start(commandLine, opts);
}
