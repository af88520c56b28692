/**
 * Admits at most `limit` distinct values for one metric label; later newcomers share `overflow`.
 * Values already admitted stay admitted, so a flood of random values cannot create new series nor
 * push out the ones seen first.
 */
export class BoundedLabel {
  readonly #admitted = new Set<string>();
  readonly #limit: number;
  readonly #overflow: string;

  constructor(limit: number, overflow: string, preset: Iterable<string> = []) {
    this.#limit = limit;
    this.#overflow = overflow;
    for (const value of preset) this.#admitted.add(value);
  }

  /** `value` if it is (or can still be) admitted, otherwise the overflow value. */
  of(value: string): string {
    if (this.#admitted.has(value)) return value;
    if (this.#admitted.size >= this.#limit) return this.#overflow;
    this.#admitted.add(value);
    return value;
  }
}
