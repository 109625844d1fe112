// What the emulator remembers about each minted token: its limits and locked setup, kept by the
// REST half and enforced by the Live half.

import { sees, type KeyIndex, type Viewer } from './viewer.js';

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
  // Beside the record, not in it: the record is what the admin API shows, the owner only filters it.
  readonly #owners = new Map<string, KeyIndex>();

  /** `owner`: the position of the minting key in the emulator's apiKeys (never the key itself). */
  add(record: TokenRecord, owner?: KeyIndex): void {
    this.#tokens.set(record.name, record);
    if (owner === undefined) this.#owners.delete(record.name);
    else this.#owners.set(record.name, owner);
  }

  ownerOf(name: string): KeyIndex | undefined {
    return this.#owners.get(name);
  }

  get(name: string): TokenRecord | undefined {
    return this.#tokens.get(name);
  }

  /** Every live record the viewer may see (the admin API's GET /emulator/tokens); no viewer → all. */
  list(viewer: Viewer = { all: true }): TokenRecord[] {
    return [...this.#tokens.values()].filter((record) => sees(viewer, this.#owners.get(record.name)));
  }

  get size(): number {
    return this.#tokens.size;
  }

  /** Drops tokens past their expireTime so a long-running emulator does not grow without bound. */
  sweep(now: number): void {
    for (const [name, record] of this.#tokens) {
      if (record.expireTime > now) continue;
      this.#tokens.delete(name);
      this.#owners.delete(name);
    }
  }
}
