// What keeps secrets out of a cassette: one pure function (no I/O) applied to every line before it
// is written. API keys (`?key=`, `x-goog-api-key`, any `Authorization` that is not a token) become
// `<redacted>`, and every token name `auth_tokens/<id>` (raw or %2F-encoded, in a mint's answer, an
// `?access_token=`, an `Authorization: Token …` header or anywhere else) becomes
// `auth_tokens/<placeholder-N>`. N is stable for the whole recording, so a mint's answer and the
// sessions that used its token still carry the same placeholder, which --replay relies on; and it
// counts on after the placeholders already in the directory (continuation.ts), so two recordings'
// tokens never share one.
//
// The registry is the emulator's one SecretRegistry (its log uses it too), and a client's key is
// learned the moment the request carrying it arrives (learnKeys, called by both proxies), not when its
// line is written: a Live open line waits for the upstream's answer, and a REST request sent meanwhile
// with that key in any form, in any field, must already meet it. Every string of a line passes it,
// field names included (a header name, a JSON object key).

import { SecretRegistry } from '../../redact.js';
import type { CassetteLine } from './cassette.js';

export interface RedactionState {
  /** Secret values seen so far (keys, non-token Authorization values); scrubbed wherever they recur, in every form redact.ts knows. */
  readonly secrets: SecretRegistry;
  /** Token id → placeholder number, in order of first appearance. */
  readonly tokens: Map<string, number>;
  /** Placeholders the directory's earlier recordings used (1…before): this recording numbers on after them. */
  readonly before: number;
}

/** `secrets`: the registry the whole emulator shares (what the recording learns, its log scrubs too). */
export const newRedactionState = (before = 0, secrets = new SecretRegistry()): RedactionState => ({
  secrets,
  tokens: new Map(),
  before,
});

export const REDACTED = '<redacted>';
export const placeholderName = (n: number): string => `auth_tokens/<placeholder-${n}>`;
export const PLACEHOLDER = /auth_tokens\/<placeholder-(\d+)>/;

const TOKEN = /auth_tokens(\/|%2F)([A-Za-z0-9_\-.~]+)/gi;
const KEY_QUERY = /[?&](?:key)=([^&#\s"]+)/g;
const KEY_VALUE = /([?&]key=)[^&#\s"]+/g;

/** Registers the keys a request carries (`?key=`, x-goog-api-key, a non-token Authorization) in `secrets`. */
export function learnKeys(path: string, headers: Readonly<Record<string, unknown>>, secrets: SecretRegistry): void {
  for (const match of path.matchAll(KEY_QUERY)) {
    secrets.add(match[1]!);
    try {
      secrets.add(decodeURIComponent(match[1]!));
    } catch {
      // a malformed escape: the raw form is scrubbed all the same
    }
  }
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string' || value === '') continue;
    const lower = name.toLowerCase();
    if (lower === 'x-goog-api-key') secrets.add(value);
    if (lower === 'authorization' && !/^Token\s+auth_tokens\//i.test(value)) secrets.add(value.replace(/^\S+\s+/, ''));
  }
}

function learn(line: CassetteLine, state: RedactionState): void {
  const headers = line['headers'];
  learnKeys(
    typeof line['path'] === 'string' ? line['path'] : '',
    typeof headers === 'object' && headers !== null ? (headers as Record<string, unknown>) : {},
    state.secrets,
  );
}

function scrubText(text: string, state: RedactionState): string {
  let out = text.replace(TOKEN, (_whole, slash: string, id: string) => {
    if (id.startsWith('<placeholder-')) return _whole;
    let n = state.tokens.get(id);
    if (n === undefined) state.tokens.set(id, (n = state.before + state.tokens.size + 1));
    return `auth_tokens${slash}<placeholder-${n}>`;
  });
  // A key in a query string goes whatever its length (the registry ignores ones too short to find safely elsewhere).
  out = out.replace(KEY_VALUE, `$1${REDACTED}`);
  return state.secrets.replace(out, REDACTED);
}

function scrubValue(value: unknown, state: RedactionState): unknown {
  if (typeof value === 'string') return scrubText(value, state);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, state));
  if (typeof value !== 'object' || value === null) return value;
  // Names too: a client may put a key in a header's name or a JSON object's key.
  return Object.fromEntries(
    Object.entries(value).map(([name, field]) => [scrubText(name, state), scrubValue(field, state)]),
  );
}

/**
 * `line` with every secret replaced. Learns the line's own keys first (so the request carrying a
 * key is scrubbed too) and records new token ids in `state`; deterministic for a given state.
 */
export function redactLine(line: CassetteLine, state: RedactionState): CassetteLine {
  learn(line, state);
  const out = scrubValue(line, state) as Record<string, unknown>;
  const headers = out['headers'];
  if (headers && typeof headers === 'object') {
    const scrubbed: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      const token = typeof value === 'string' && /^Token\s+auth_tokens\/<placeholder-\d+>$/i.test(value);
      scrubbed[name] = lower === 'x-goog-api-key' || (lower === 'authorization' && !token) ? REDACTED : value;
    }
    out['headers'] = scrubbed;
  }
  return out as CassetteLine;
}
