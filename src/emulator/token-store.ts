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

/**
 * How much the store may hold. Full means: expired tokens are dropped first, and if that frees no
 * room the mint is refused (429 RESOURCE_EXHAUSTED) rather than a live token evicted — a client
 * holding an evicted token would later fail with a baffling "unknown token", while a refused mint
 * fails at once, visibly, and is retried like any quota error.
 */
export interface TokenStoreLimits {
  readonly maxTokens: number;
  /** Sum of the stored setups' JSON sizes (each is at most 64 KiB: auth-token-request.ts). */
  readonly maxSetupBytes: number;
}
export const TOKEN_STORE_LIMITS: TokenStoreLimits = { maxTokens: 100_000, maxSetupBytes: 256 * 1024 * 1024 };

interface Entry {
  readonly record: TokenRecord;
  readonly bytes: number;
  // Beside the record, not in it: the record is what the admin API shows, the owner only filters it.
  readonly owner: KeyIndex | undefined;
}

export class TokenStore {
  readonly #tokens = new Map<string, Entry>();
  #setupBytes = 0;

  constructor(private readonly limits: TokenStoreLimits = TOKEN_STORE_LIMITS) {}

  /**
   * Stores `record`; false (nothing stored) when the store is full even after dropping expired
   * tokens. `owner`: the position of the minting key in the emulator's apiKeys (never the key).
   */
  add(record: TokenRecord, now: number = Number.NEGATIVE_INFINITY, owner?: KeyIndex): boolean {
    const bytes = record.setup ? Buffer.byteLength(JSON.stringify(record.setup)) : 0;
    if (!this.#fits(bytes)) this.sweep(now);
    if (!this.#fits(bytes)) return false;
    const previous = this.#tokens.get(record.name);
    if (previous) this.#setupBytes -= previous.bytes;
    this.#tokens.set(record.name, { record, bytes, owner });
    this.#setupBytes += bytes;
    return true;
  }

  ownerOf(name: string): KeyIndex | undefined {
    return this.#tokens.get(name)?.owner;
  }

  get(name: string): TokenRecord | undefined {
    return this.#tokens.get(name)?.record;
  }

  /** Every live record the viewer may see (the admin API's GET /emulator/tokens); no viewer → all. */
  list(viewer: Viewer = { all: true }): TokenRecord[] {
    return [...this.#tokens.values()].filter((entry) => sees(viewer, entry.owner)).map((entry) => entry.record);
  }

  get size(): number {
    return this.#tokens.size;
  }

  /** Forgets every token the viewer may see (POST /emulator/reset): they no longer authenticate. */
  reset(viewer: Viewer = { all: true }): void {
    for (const [name, entry] of this.#tokens) {
      if (!sees(viewer, entry.owner)) continue;
      this.#tokens.delete(name);
      this.#setupBytes -= entry.bytes;
    }
  }

  /** Drops tokens past their expireTime so a long-running emulator does not grow without bound. */
  sweep(now: number): void {
    for (const [name, entry] of this.#tokens) {
      if (entry.record.expireTime > now) continue;
      this.#tokens.delete(name);
      this.#setupBytes -= entry.bytes;
    }
  }

  #fits(bytes: number): boolean {
    return this.#tokens.size < this.limits.maxTokens && this.#setupBytes + bytes <= this.limits.maxSetupBytes;
  }
}
