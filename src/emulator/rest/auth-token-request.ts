// Validates a flat AuthToken request body (https://ai.google.dev/api/live) and applies the defaults.
//
// Decisions where the real service is UNCONFIRMED (documented in the README's emulator section):
// - Timestamps must be RFC 3339, strictly in the future and strictly less than 20 h ahead.
// - An explicit newSessionExpireTime after expireTime is a 400. When newSessionExpireTime is
//   defaulted (now + 60 s) and expireTime is sooner, it is clamped to expireTime instead.
// - `uses` must be a non-negative int32 (a JSON number, or a decimal string as proto3 JSON allows).
//   Presence matters: `"uses": 0` means unlimited, an absent `uses` means 1.
// - Both `bidiGenerateContentSetup` and `liveConnectConstraints` set → 400 (they are one union).
//
// Observed (quirk `rest-refuses-live-connect-constraints`): the real AuthToken has no `liveConnectConstraints`
// field, so a body with it gets the proto-JSON parser's 400 "Unknown name … at 'auth_token'", and that parse runs
// before the API key is checked. The quirk `rest-refuses-live-connect-constraints` (on by default)
// reproduces it; off, the name is accepted and mapped as the 2026 REST docs describe.

import { checkMaskCoversSetup, parseFieldMask } from './field-mask.js';
import { valueDepth } from '../../parse/value-depth.js';
import { MAX_BODY_DEPTH } from './http-io.js';
import { liveConnectConstraintsToSetup } from './live-connect-mapping.js';
import { RpcError, invalidField, unknownFields } from './rpc-status.js';
import { isObject, type JsonObject } from '../json.js';
import { validateSetup } from '../setup/locked-setup.js';

export const DEFAULT_EXPIRE_MS = 30 * 60_000;
export const DEFAULT_NEW_SESSION_MS = 60_000;
export const MAX_AHEAD_MS = 20 * 3_600_000;
const INT32_MAX = 2_147_483_647;

/** AuthToken's fields per the v1beta discovery document (rev. 20260923). */
const BODY_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'expireTime',
  'newSessionExpireTime',
  'uses',
  'bidiGenerateContentSetup',
  'fieldMask',
]);
/** The request message's body field: where the parser reports unknown top-level names. */
const BODY_AT = 'auth_token';

export interface AuthTokenRules {
  /** Quirk rest-refuses-live-connect-constraints: treat the name as unknown, as the real service does. */
  readonly refuseLiveConnectConstraints: boolean;
}
export const OBSERVED_RULES: AuthTokenRules = { refuseLiveConnectConstraints: true };

export interface AuthTokenRequest {
  readonly expireTime: number;
  readonly newSessionExpireTime: number;
  readonly uses: number;
  readonly setup: JsonObject | undefined;
  readonly fieldMask: readonly string[];
  /** Accepted, but nobody knows whether the real service accepts it (field-mask.ts). */
  readonly warnings: readonly string[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function parseTimestamp(value: unknown, field: string, now: number): number {
  const ms = typeof value === 'string' && RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw invalidField(
      field,
      `Invalid value at 'auth_token.${snake(field)}' (type.googleapis.com/google.protobuf.Timestamp), ${JSON.stringify(value)}`,
    );
  }
  if (ms <= now) throw invalidField(field, `${snake(field)} must be in the future.`);
  if (ms - now >= MAX_AHEAD_MS) throw invalidField(field, `${snake(field)} must be less than 20 hours in the future.`);
  return ms;
}

export function parseUses(value: unknown): number {
  if (value === undefined) return 1;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > INT32_MAX) {
    throw invalidField(
      'uses',
      `Invalid value at 'auth_token.uses' (TYPE_INT32), ${JSON.stringify(value)}: uses must be a non-negative integer.`,
    );
  }
  return n;
}

function lockedSetup(body: JsonObject): JsonObject | undefined {
  const { bidiGenerateContentSetup: bidi, liveConnectConstraints: constraints } = body;
  if (bidi !== undefined && constraints !== undefined) {
    throw new RpcError(400, 'Only one of bidiGenerateContentSetup and liveConnectConstraints may be set.');
  }
  if (bidi !== undefined) {
    validateSetup(bidi);
    return bidi;
  }
  if (constraints === undefined) return undefined;
  const setup = liveConnectConstraintsToSetup(constraints);
  validateSetup(setup);
  return setup;
}

/** Bodies read by readJson() are already bounded by it; a body handed in directly is checked here too. */
export { MAX_BODY_DEPTH };
/** Largest locked setup kept with a token (its JSON text); the store holds many (token-store.ts). */
export const MAX_SETUP_BYTES = 64 * 1024;

/** The parser's stage: an object whose top-level names AuthToken knows. Runs before the key check. */
export function checkAuthTokenNames(body: unknown, rules: AuthTokenRules = OBSERVED_RULES): JsonObject {
  if (!isObject(body)) throw new RpcError(400, 'Invalid JSON payload received. Expected an AuthToken object.');
  if (valueDepth(body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
    throw new RpcError(400, `Invalid JSON payload received. The body is nested deeper than ${MAX_BODY_DEPTH} levels.`);
  }
  const known = (key: string): boolean =>
    BODY_FIELDS.has(key) || (key === 'liveConnectConstraints' && !rules.refuseLiveConnectConstraints);
  const unknown = Object.keys(body).filter((key) => !known(key));
  if (unknown.length > 0) throw unknownFields(unknown, BODY_AT);
  return body;
}

export function parseAuthTokenRequest(
  input: unknown,
  now: number,
  rules: AuthTokenRules = OBSERVED_RULES,
): AuthTokenRequest {
  const body = checkAuthTokenNames(input, rules);
  const expireTime =
    body.expireTime === undefined ? now + DEFAULT_EXPIRE_MS : parseTimestamp(body.expireTime, 'expireTime', now);
  let newSessionExpireTime: number;
  if (body.newSessionExpireTime === undefined) {
    newSessionExpireTime = Math.min(now + DEFAULT_NEW_SESSION_MS, expireTime);
  } else {
    newSessionExpireTime = parseTimestamp(body.newSessionExpireTime, 'newSessionExpireTime', now);
    if (newSessionExpireTime > expireTime) {
      throw invalidField('newSessionExpireTime', 'new_session_expire_time must not be after expire_time.');
    }
  }
  const uses = parseUses(body.uses);
  const setup = lockedSetup(body);
  const setupBytes = setup ? Buffer.byteLength(JSON.stringify(setup)) : 0;
  if (setupBytes > MAX_SETUP_BYTES) {
    throw new RpcError(
      400,
      `The locked setup is ${setupBytes} bytes; the emulator keeps at most ${MAX_SETUP_BYTES} bytes (64 KiB) per token.`,
    );
  }
  const { paths: fieldMask, warnings } = parseFieldMask(body.fieldMask);
  if (setup) checkMaskCoversSetup(setup, fieldMask);
  return { expireTime, newSessionExpireTime, uses, setup, fieldMask, warnings };
}
