// Pure: what `--token -`, `--token <name>`, GEMTOKEN_TOKEN or GEMINI_EPHEMERAL_TOKEN hold → a token.
// stdin may carry a bare name or mint's JSON line ({"name","expireTime",…,"apiVersion"}), so
// `gemtoken mint | gemtoken talk --token -` works and inherits the version the token was minted on.

import { UsageError } from '../../errors.js';
import { LOCK_MODES, type LockSummary } from '../../token/config/lock-summary.js';
import { isTokenName, rfc3339Ms, type ServerField } from '../../token/client/server-values.js';
import { parseJson } from '../../parse/json.js';
import { definedProps } from '../../defined-props.js';

export interface TokenInfo {
  readonly name: string;
  /** Wall-clock ms, when known. */
  readonly expiresAt?: number;
  readonly newSessionExpiresAt?: number;
  readonly apiVersion?: string;
  /** From mint's JSON `uses`: the sessions (and resumes) it allows; 0 = unlimited. */
  readonly uses?: number;
  /** From mint's JSON `locked`: what the token fixes, so talk can say which of its flags are lost. */
  readonly locked?: LockSummary;
  readonly source: string;
}

export function parseTokenText(text: string, source: string): TokenInfo {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (line === undefined)
    throw new UsageError(
      `no token in ${source}`,
      'pipe `gemtoken mint` into `talk --token -`, or pass --token auth_tokens/…',
    );
  if (!line.startsWith('{')) return { name: checkTokenName(line, source), source };
  const parsed = parseJson(line);
  if (!parsed.ok)
    throw new UsageError(
      `${source} is neither a token name nor mint's JSON`,
      'expected auth_tokens/… or a line from `gemtoken mint --output json`',
    );
  const json = parsed.value as Record<string, unknown>;
  if (typeof json !== 'object' || json === null || typeof json.name !== 'string') {
    throw new UsageError(`the JSON in ${source} has no "name"`, 'expected a line from `gemtoken mint --output json`');
  }
  const expiresAt = timeOf(json.expireTime, 'expireTime', source);
  const newSessionExpiresAt = timeOf(json.newSessionExpireTime, 'newSessionExpireTime', source);
  return {
    name: checkTokenName(json.name, source),
    source,
    ...definedProps({ expiresAt, newSessionExpiresAt }),
    ...(typeof json.apiVersion === 'string' ? { apiVersion: json.apiVersion } : {}),
    // Not a whole number ≥ 0: unknown, so a resume just tries the token (a refusal still gets a fresh one).
    ...(Number.isSafeInteger(json.uses) && (json.uses as number) >= 0 ? { uses: json.uses as number } : {}),
    ...optionalLocked(json.locked),
  };
}

/** Mint JSON from an older gemtoken (or another tool) has no `locked`: then nothing is known. */
function optionalLocked(value: unknown): { locked?: LockSummary } {
  const candidate = value as { mode?: unknown; fields?: unknown } | null | undefined;
  if (typeof candidate !== 'object' || candidate === null) return {};
  const { mode, fields } = candidate;
  if (
    !(LOCK_MODES as readonly unknown[]).includes(mode) ||
    !Array.isArray(fields) ||
    !fields.every((f) => typeof f === 'string')
  )
    return {};
  return { locked: { mode: mode as LockSummary['mode'], fields: fields as string[] } };
}

export function checkTokenName(value: string, source: string): string {
  const name = value.trim();
  // The grammar is server-values.ts': the name goes raw into the WebSocket URL.
  if (isTokenName(name)) return name;
  // Keys start AIza (classic) or AQ. (newer); never print any of it.
  if (/^(AIza|AQ\.)/.test(name)) {
    throw new UsageError(
      `${source} holds an API key, not an ephemeral token`,
      'set GEMINI_API_KEY instead: talk then mints a single-use token, so the key never rides in a WebSocket URL',
    );
  }
  throw new UsageError(`${source} is not an ephemeral token (expected auth_tokens/…)`, 'mint one with `gemtoken mint`');
}

/** Absent is fine (older mint JSON); present but not RFC 3339 is refused, never guessed at. */
function timeOf(value: unknown, field: ServerField, source: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = rfc3339Ms(value);
  if (ms === undefined)
    throw new UsageError(
      `the JSON in ${source} has a "${field}" that is not an RFC 3339 time`,
      'expected a line from `gemtoken mint --output json`',
    );
  return ms;
}
