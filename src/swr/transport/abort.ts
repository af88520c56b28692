/** The reason a deadline aborts with, as `AbortSignal.timeout` gives it: a `TimeoutError`. */
export function timeoutReason(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

/** Aborts `controller` when `signal` aborts (at once if it has), with the same reason. */
export function followSignal(controller: AbortController, signal: AbortSignal | undefined): void {
  if (signal === undefined) return;
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
}
