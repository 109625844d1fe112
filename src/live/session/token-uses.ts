// How many connects the current token still allows. The service charges a use for every session a
// token starts and, as seen on the real service, for every resume too (docs/talk.md, "Tokens and
// resumption"): a uses:1 token is spent by its first connect. Knowing that, talk gets its fresh token
// before a resume instead of offering the spent one and being refused (close 1011) first.

export class TokenUses {
  /** undefined: not known (a bare token name); 0: unlimited until it expires. */
  #uses: number | undefined;
  #connects = 0;

  constructor(uses: number | undefined) {
    this.#uses = uses;
  }

  /** A connection on the current token reached setupComplete: one use charged. */
  connected(): void {
    this.#connects += 1;
  }

  /** A fresh token replaced the current one. */
  replaced(uses: number | undefined): void {
    this.#uses = uses;
    this.#connects = 0;
  }

  /** The reason to say when a spent token is replaced, or undefined while it has uses left (or they are unknown). */
  get spentReason(): string | undefined {
    const uses = this.#uses;
    if (uses === undefined || uses === 0 || this.#connects < uses) return undefined;
    return `the token's ${uses === 1 ? 'single use is' : `${uses} uses are`} spent`;
  }
}
