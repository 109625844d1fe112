// What the emulator remembers about each minted token: its limits and locked setup, kept by the
// REST half and enforced by the Live half.

export interface TokenRecord {
  /** `auth_tokens/<random>`: the whole token string. */
  readonly name: string;
  /** The API version the token was minted on (v1alpha, v1beta, v1). */
  readonly apiVersion: string;
  readonly createdAt: number;
  /** Epoch ms after which messages in sessions opened with the token are rejected. */
  readonly expireTime: number;
  /** Epoch ms after which new (non-resumed) sessions are refused. */
  readonly newSessionExpireTime: number;
  /** 0 means unlimited. */
  readonly uses: number;
  /** Sessions opened so far: new ones, and resumes too under the `resume-costs-use` quirk. */
  usesConsumed: number;
  /** The locked BidiGenerateContentSetup in wire form (camelCase JSON), when the token has one. */
  readonly setup: Readonly<Record<string, unknown>> | undefined;
  /** Field-mask paths; empty with a setup present means the token's setup is used whole. */
  readonly fieldMask: readonly string[];
}

export class TokenStore {
  readonly #tokens = new Map<string, TokenRecord>();

  add(record: TokenRecord): void {
    this.#tokens.set(record.name, record);
  }

  get(name: string): TokenRecord | undefined {
    return this.#tokens.get(name);
  }

  /** Every live record (the admin API's GET /emulator/tokens). */
  list(): TokenRecord[] {
    return [...this.#tokens.values()];
  }

  get size(): number {
    return this.#tokens.size;
  }

  /** Drops tokens past their expireTime so a long-running emulator does not grow without bound. */
  sweep(now: number): void {
    for (const [name, record] of this.#tokens) if (record.expireTime <= now) this.#tokens.delete(name);
  }
}
