/**
 * The one error an external simulator raises, with a `kind` saying what went wrong. Messages are
 * single lines (the claims table shows the first line only) and name the request and the cause.
 *
 * @example
 * try { await sim.runChain(req); } catch (e) {
 *   if (e instanceof ExternalSimulatorError && e.kind === 'skipped') { … }
 * }
 */
import { SimulatorError } from '../claims/simulatorUnderTest.js';

export type ExternalErrorKind =
  /** The command could not be started (not found, not executable). */
  | 'spawn'
  /** The handshake failed: no hello, another protocol version, a malformed hello. */
  | 'handshake'
  /** The simulator broke the protocol: a line that is not JSON, an unknown id, a bad shape, NaN. */
  | 'protocol'
  /** No reply within the timeout; the process was killed. */
  | 'timeout'
  /** The process exited or was killed. */
  | 'exited'
  /** The simulator answered `error`. */
  | 'error-reply'
  /** The simulator answered `skipped`: it cannot serve this request (→ "not applicable"). */
  | 'skipped'
  /** The request needs a capability the simulator did not declare, or the simulator was closed. */
  | 'unsupported';

export class ExternalSimulatorError extends SimulatorError {
  constructor(
    readonly kind: ExternalErrorKind,
    message: string,
  ) {
    super(oneLine(message));
    this.name = 'ExternalSimulatorError';
  }
}

/** Collapse whitespace and newlines so that a message fits on one line. */
export function oneLine(text: string, max = 600): string {
  const s = text.replace(/\s*\n\s*/g, ' | ').replace(/\s+/g, ' ').trim();
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/** A short quotation of untrusted output for an error message. */
export function quote(text: string, max = 80): string {
  const s = text.length > max ? text.slice(0, max) + '…' : text;
  return JSON.stringify(s);
}
