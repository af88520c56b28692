/**
 * The emulator's transport-neutral core, shared between the in-process `fetch` and the HTTP server
 * (which needs to drop or cut connections itself). Not part of the public contract.
 */

/** A request as the core reads it. */
export interface EmulatorRequest {
  readonly method: string;
  readonly url: URL;
  /** A header value, or null. */
  header(name: string): string | null;
  /**
   * The body as text ('' when none). Reads at most `limit` bytes and then stops keeping what
   * arrives, so a longer result means the body was larger than `limit`.
   */
  text(limit: number): Promise<string>;
  readonly signal?: AbortSignal | undefined;
}

/** What to send back. */
export type Outcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: Record<string, string>;
      readonly body: string;
    }
  /** Drop the connection without answering. */
  | { readonly kind: 'reset' }
  /** Send 200 with these headers and a Content-Length of the whole body, then cut mid-body. */
  | { readonly kind: 'truncate'; readonly headers: Record<string, string>; readonly body: string };

export type HandleRequest = (request: EmulatorRequest) => Promise<Outcome>;

const cores = new WeakMap<object, HandleRequest>();

export function registerCore(emulator: object, handle: HandleRequest): void {
  cores.set(emulator, handle);
}

/** The core of an emulator made by `createEmulator`, or undefined for any other object. */
export function coreOf(emulator: object): HandleRequest | undefined {
  return cores.get(emulator);
}
