// What the emulator's REST half (rest/) and Live half (live/) share. createEmulatorServer() (index.ts)
// builds the EmulatorCore, serves REST through rest/router.ts and hands the core to attachLive()
// (live/attach.ts), which adds the WebSocket routes to the same HTTP server.

import type { IncomingMessage, Server } from 'node:http';
import type { SecretRegistry } from '../redact.js';
import type { Profile, Quirks } from './quirks.js';
import type { TokenStore } from './token-store.js';
import type { EmulatorClock } from './clock.js';
import type { KeyIndex, Viewer } from './viewer.js';
import type { ScenarioPlayer } from './scenario/player.js';

export type { KeyIndex, Viewer } from './viewer.js';

export interface EmulatorOptions {
  readonly host: string;
  readonly port: number;
  /** Keys accepted by both surfaces. */
  readonly apiKeys: readonly string[];
  /**
   * Keys that see every key's tokens, sessions, request counts and faults under /emulator/*; every
   * other key sees only its own. Admin keys are not accepted by the Gemini surfaces themselves.
   */
  readonly adminKeys?: readonly string[];
  /** Model ids (without `models/`) that the Live half serves. */
  readonly models: readonly string[];
  /** How long one Live connection may last before goAway + close (default 10 min). */
  readonly connectionLifetimeMs: number;
  /** How long before the end of a connection its goAway goes out; unset → 5 s, or a fifth of short lifetimes. */
  readonly goAwayLeadMs?: number;
  /** Concurrent Live sessions before new upgrades are refused. */
  readonly maxSessions: number;
  /** Largest WebSocket frame accepted (close 1009 above it). */
  readonly maxFrameBytes: number;
  /** Largest REST request body accepted (413 above it). */
  readonly maxBodyBytes: number;
  /** observed (the default) or documented: which world the quirks below start from. */
  readonly profile: Profile;
  /** Each named deviation of the real service from its docs, on or off (quirks.ts). */
  readonly quirks: Quirks;
}

/** Faults that tests and users' CI can script; each one is consumed by one request or session. */
export type RestFaultKind = 'status429' | 'status500' | 'status503' | 'hang';
export type LiveFaultKind = 'refuse' | 'drop' | 'stall' | 'internal' | 'slowclose';

export interface Fault<K extends string> {
  readonly kind: K;
  /** For status429 (REST) and refuse (Live upgrade answered 429). */
  readonly retryAfterSeconds?: number;
}

export interface FaultPlan {
  /** Takes the next REST fault queued for `key`'s requests (or for everyone), if one is queued. */
  takeRest(key: KeyIndex | undefined): Fault<RestFaultKind> | undefined;
  /** Takes the next Live fault of the given kinds queued for `key` (or for everyone), if one is queued. */
  takeLive(kinds: readonly LiveFaultKind[], key: KeyIndex | undefined): Fault<LiveFaultKind> | undefined;
}

export interface EmulatorLog {
  /** One log record: a line on stderr, or NDJSON with `--log json`. Never contains keys or tokens. */
  event(record: Readonly<Record<string, unknown>>): void;
}

export type AdminHandler = (
  request: IncomingMessage,
  url: URL,
  viewer: Viewer,
) => Promise<{ status: number; body: unknown; headers?: Readonly<Record<string, string>> }>;

export interface EmulatorCore {
  readonly options: EmulatorOptions;
  readonly server: Server;
  readonly store: TokenStore;
  readonly faults: FaultPlan;
  /** Every key the emulator knows (its API and admin keys, a recording's clients' keys): its log and answers are scrubbed of them. */
  readonly secrets: SecretRegistry;
  readonly log: EmulatorLog;
  /** The one clock of both halves (wall time, pacing, timers); tests inject a hand-driven one. */
  readonly clock: EmulatorClock;
  /** Extra routes under `/emulator/…` (e.g. `GET /emulator/sessions` from the Live half). */
  readonly admin: Map<string, AdminHandler>;
  /** `--scenario`: every Live session's model turns follow this script. */
  readonly scenario?: ScenarioPlayer;
}
