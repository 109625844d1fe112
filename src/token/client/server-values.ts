// The one check of values that come from a server (or from another program speaking for one: mint
// JSON piped into talk, --token-command) before gemtoken prints, writes or uses them. A token name
// lands raw in places that give characters meaning: the WebSocket query string (the SDK does not
// URL-encode it), `export NAME=…` lines, $GITHUB_OUTPUT `key=value` lines and the
// `::add-mask::` workflow command. A newline there adds keys and workflow commands.
//
// The grammar: `auth_tokens/` + 1–512 of [A-Za-z0-9_-]. Real names are 64 hex characters (seen on the real
// service) and the emulator makes the same; the id is documented as opaque, so the whole base64url
// alphabet is allowed (a future encoding of the same random bytes would still pass), but nothing that
// is a separator anywhere we put it: no `/`, `.`, `%`, `?`, `&`, `=`, quotes, spaces or control
// characters. 512 leaves room for longer ids while refusing a 10 KB "name".

import { NetworkError } from '../../errors.js';

export const TOKEN_NAME = /^auth_tokens\/[A-Za-z0-9_-]{1,512}$/;

/** RFC 3339 date-time (the API's google.protobuf.Timestamp JSON form), seconds fraction optional. */
export const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

export function isTokenName(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_NAME.test(value);
}

/** Milliseconds since the epoch, or undefined when `value` is not an RFC 3339 time that exists. */
export function rfc3339Ms(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = RFC3339.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Date.parse rolls 2026-02-30 over to March; a real timestamp never says that.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 60)
    return undefined;
  const ms = Date.parse(value.replace(/[t ]/, 'T').replace(/z$/, 'Z'));
  return Number.isFinite(ms) ? ms : undefined;
}

/** The fields a reply may carry, by the name the user would look for in the reply. */
export type ServerField = 'name' | 'expireTime' | 'newSessionExpireTime';

const EXPECTED: Record<ServerField, string> = {
  name: 'auth_tokens/ followed by letters, digits, - or _ (at most 512)',
  expireTime: 'an RFC 3339 time',
  newSessionExpireTime: 'an RFC 3339 time',
};

/** Exit 5, one line. The hint names the field but never echoes the value: it is the attacker's text. */
export function unexpectedReply(field: ServerField, from = 'the server'): NetworkError {
  return new NetworkError(
    `unexpected reply from ${from}`,
    `its "${field}" is not ${EXPECTED[field]}; check --base-url: it must point at the Gemini API or the emulator`,
  );
}

/** The problem with one value, or undefined when it is fine (absent times are fine: they are optional). */
export function serverValueProblem(field: ServerField, value: unknown): ServerField | undefined {
  if (field === 'name') return isTokenName(value) ? undefined : field;
  return value === undefined || rfc3339Ms(value) !== undefined ? undefined : field;
}

export interface ServerValues {
  readonly name: unknown;
  readonly expireTime?: unknown;
  readonly newSessionExpireTime?: unknown;
}

/** What knows the secrets in play (redact.ts' SecretRegistry). */
export interface SecretCheck {
  containsSecret(value: string): boolean;
}

/**
 * Throws unexpectedReply for the first bad value; every output path calls this before writing. A value
 * carrying a secret in any form (a name `auth_tokens/<key>`, the key base64-encoded) is refused the
 * same way, exit 5: printing it would hand the key to whoever reads the output.
 */
export function checkServerValues(values: ServerValues, from?: string, secrets?: SecretCheck): void {
  for (const field of ['name', 'expireTime', 'newSessionExpireTime'] as const) {
    const value = values[field];
    if (typeof value === 'string' && secrets?.containsSecret(value)) {
      throw new NetworkError(
        `the reply from ${from ?? 'the server'} contained your API key`,
        `its "${field}" was refused and not printed; check --base-url: it must point at the Gemini API or the emulator`,
      );
    }
    if (serverValueProblem(field, value) !== undefined) throw unexpectedReply(field, from);
  }
}
