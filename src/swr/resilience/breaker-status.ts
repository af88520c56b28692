/** State of the circuit breaker that guards the SWR endpoint. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Read-only view of the breaker, for `/readyz` and metrics. */
export interface BreakerStatus {
  readonly state: BreakerState;
  /** Calls `listener` on every state change; returns a function that unsubscribes. */
  onStateChange(listener: (state: BreakerState) => void): () => void;
}
