import { abortFailure } from '../errors/upstream-error.js';

interface SharedCall {
  readonly result: Promise<unknown>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * Identical SWR GETs in flight across GraphQL requests, sent once (`SWR_COALESCE`). Keys are made
 * by the caller and must start with a keyed hash of the token, never the token, so a result (a 401
 * included) is only shared between calls of the same token. The map holds promises of calls in
 * flight only: an entry is deleted as its call settles, so it keeps no data.
 *
 * Each waiter waits under its own signal (its request's deadline and client): when it aborts, that
 * waiter alone rejects with an `aborted` or `timeout` error (see `abortFailure`). The shared call
 * runs under a signal of its own, aborted only once every waiter has left.
 */
export class InFlightGets {
  readonly #calls = new Map<string, SharedCall>();

  /** Calls in flight now. */
  get size(): number {
    return this.#calls.size;
  }

  /**
   * The result of the call in flight under `key`, or of `start(signal)` started now; rejects for
   * this waiter alone when `waiterSignal` aborts first.
   */
  join<T>(
    key: string,
    waiterSignal: AbortSignal,
    start: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (waiterSignal.aborted) return Promise.reject(abortFailure(waiterSignal.reason));
    let call = this.#calls.get(key);
    if (call === undefined) {
      const controller = new AbortController();
      const entry: SharedCall = { result: start(controller.signal), controller, waiters: 0 };
      this.#calls.set(key, entry);
      const forget = () => this.#forget(key, entry);
      entry.result.then(forget, forget);
      call = entry;
    }
    return this.#wait(key, call, waiterSignal) as Promise<T>;
  }

  /** New calls of the keys starting with `keyPrefix` are sent anew (after a write); waiters stay. */
  forgetPrefix(keyPrefix: string): void {
    for (const key of this.#calls.keys()) if (key.startsWith(keyPrefix)) this.#calls.delete(key);
  }

  #wait(key: string, call: SharedCall, waiterSignal: AbortSignal): Promise<unknown> {
    call.waiters++;
    return new Promise((resolve, reject) => {
      let waiting = true;
      const leave = () => {
        waiting = false;
        call.waiters--;
      };
      const onAbort = () => {
        if (!waiting) return;
        leave();
        if (call.waiters === 0) {
          this.#forget(key, call);
          call.controller.abort(waiterSignal.reason);
        }
        reject(abortFailure(waiterSignal.reason));
      };
      waiterSignal.addEventListener('abort', onAbort, { once: true });
      call.result.then(
        (value) => {
          if (!waiting) return;
          waiterSignal.removeEventListener('abort', onAbort);
          leave();
          resolve(value);
        },
        (error: unknown) => {
          if (!waiting) return;
          waiterSignal.removeEventListener('abort', onAbort);
          leave();
          reject(error);
        },
      );
    });
  }

  #forget(key: string, call: SharedCall): void {
    if (this.#calls.get(key) === call) this.#calls.delete(key);
  }
}
