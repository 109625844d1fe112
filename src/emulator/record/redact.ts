// What keeps secrets out of a cassette: one pure function (no I/O) applied to every line before it
// is written. API keys (`?key=`, `x-goog-api-key`, any `Authorization` that is not a token) become
// `<redacted>`, and every token name `auth_tokens/<id>` (raw or %2F-encoded, in a mint's answer, an
// `?access_token=`, an `Authorization: Token …` header or anywhere else) becomes
// `auth_tokens/<placeholder-N>`. N is stable for the whole recording, so a mint's answer and the
// sessions that used its token still carry the same placeholder, which --replay relies on; and it
// counts on after the placeholders already in the directory (continuation.ts), so two recordings'
// tokens never share one.

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

export const newRedactionState = (before = 0): RedactionState => ({ secrets: new SecretRegistry(), tokens: new Map(), before });

export const REDACTED = '<redacted>';
export const placeholderName = (n: number): string => `auth_tokens/<placeholder-${n}>`;
export const PLACEHOLDER = /auth_tokens\/<placeholder-(\d+)>/;

const TOKEN = /auth_tokens(\/|%2F)([A-Za-z0-9_\-.~]+)/gi;
const KEY_QUERY = /[?&](?:key)=([^&#\s"]+)/g;
const KEY_VALUE = /([?&]key=)[^&#\s"]+/g;

function learn(line: CassetteLine, state: RedactionState): void {
  const path = typeof line['path'] === 'string' ? line['path'] : '';
  for (const match of path.matchAll(KEY_QUERY)) {
    state.secrets.add(match[1]!);
    try {
      state.secrets.add(decodeURIComponent(match[1]!));
    } catch {
      // a malformed escape: the raw form is scrubbed all the same
    }
  }
  const headers = (line['headers'] ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string' || value === '') continue;
    const lower = name.toLowerCase();
    if (lower === 'x-goog-api-key') state.secrets.add(value);
    if (lower === 'authorization' && !/^Token\s+auth_tokens\//i.test(value)) state.secrets.add(value.replace(/^\S+\s+/, ''));
  }
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
  return Object.fromEntries(Object.entries(value).map(([name, field]) => [name, scrubValue(field, state)]));
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
