/** Longest wait at shutdown, once requests in flight are done, for the last traces to be exported. */
export const SHUTDOWN_FLUSH_TIMEOUT_MS = 2000;

/** Time left, after the drain and the flush, for closing the embedded emulator and exiting. */
const EXIT_MARGIN_MS = 2000;

/**
 * Longest the server runs after SIGTERM when it drains for `shutdownTimeoutMs`
 * (`SHUTDOWN_TIMEOUT_MS`): the drain, the flush, and a margin; then it exits 1 whatever still runs.
 * An orchestrator's grace period (plus any pre-stop pause) must exceed it, or the process is
 * killed before it exits by itself.
 */
export function shutdownDeadlineMs(shutdownTimeoutMs: number): number {
  return shutdownTimeoutMs + SHUTDOWN_FLUSH_TIMEOUT_MS + EXIT_MARGIN_MS;
}
