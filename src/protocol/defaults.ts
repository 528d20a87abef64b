/**
 * Defaults of the external-simulator options (PROTOCOL.md §6). A module of its own so that the
 * CLI can show them in its help without loading the process machinery (a fast start).
 */

/** How long one request may take before the simulator is killed, in ms (scaled up with the work). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
/** How long the simulator may take to answer `hello`, in ms. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000;
/** How many times a dead simulator is restarted before its claims are errors. */
export const DEFAULT_RESTARTS = 1;
