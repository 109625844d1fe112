// Secrets never reach any output: every writer of gemtoken (stdout, stderr, files, logs, HTTP answers)
// passes text through a SecretRegistry first. It knows every secret in play and finds each in every form
// secret-forms.ts lists (raw, URL-encoded, base64/base64url at any alignment, any case, split by
// separators). Besides the registered secrets, URL credentials and auth headers are scrubbed wherever
// they appear, because the Live API carries keys and tokens in the WebSocket query string.

import { findForms, needlesOf, replaceRanges, type Needle } from './secret-forms.js';

const URL_CREDENTIAL = /([?&](?:key|access_token)=)[^&\s"'<>]+/gi;
const AUTH_HEADER = /((?:x-goog-api-key|authorization)["']?\s*[:=]\s*["']?(?:Token\s+|Bearer\s+)?)[^\s"',}]+/gi;

// AUTH_HEADER's label with no value yet: text shown a piece at a time holds it back until its value arrives.
const AUTH_LABEL_AT_END = /(?:x-goog-api-key|authorization)["']?\s*[:=]?\s*["']?(?:(?:Token|Bearer)\s*)?$/i;

/**
 * For text redacted a piece at a time (a transcript shown as it arrives): where an auth-header label
 * at the end of `text` starts, so that it goes out with its value and AUTH_HEADER can match them
 * together; `text.length` when there is none.
 */
export function credentialLabelStart(text: string): number {
  return AUTH_LABEL_AT_END.exec(text)?.index ?? text.length;
}

export const REDACTED = '[REDACTED]';

/** Very short strings would shred unrelated text; real keys and tokens are long. */
export const MIN_SECRET_LENGTH = 8;

export class SecretRegistry {
  /** Keys and shared secrets: never in any output, never accepted from a server. */
  readonly #keys = new Map<string, Needle[]>();
  /** Tokens: scrubbed from every output the user did not ask for them on; a server hands them out. */
  readonly #tokens = new Map<string, Needle[]>();
  #needles: Needle[] = [];
  #keyNeedles: Needle[] = [];

  /** A key or shared secret (an API key, serve's bearer, an emulator's --api-key). */
  add(secret: string | undefined): void {
    this.#register(this.#keys, secret, true);
  }

  /** A token this run holds: scrubbed like a key (whole, not by halves: tokens share their "auth_tokens/" start), but a server's reply may carry it (it mints them). */
  addToken(token: string | undefined): void {
    this.#register(this.#tokens, token, false);
  }

  #register(into: Map<string, Needle[]>, secret: string | undefined, fragments: boolean): void {
    // The minimum applies to the secret itself; its encoded forms are at least as long.
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH || into.has(secret)) return;
    into.set(secret, needlesOf(secret, fragments));
    this.#keyNeedles = [...this.#keys.values()].flat();
    this.#needles = [...this.#keyNeedles, ...[...this.#tokens.values()].flat()];
  }

  redact(text: string): string {
    return this.replace(text.replace(URL_CREDENTIAL, `$1${REDACTED}`).replace(AUTH_HEADER, `$1${REDACTED}`));
  }

  /** Only the registered secrets, in every form, replaced by `marker` (a cassette has its own marker and rules). */
  replace(text: string, marker = REDACTED): string {
    return replaceRanges(text, findForms(text, this.#needles), marker);
  }

  /** Keys and shared secrets only, for data the user asked for: a minted token there is the point of the output. */
  redactKeys(text: string): string {
    return replaceRanges(text, findForms(text, this.#keyNeedles), REDACTED);
  }

  /**
   * Whether a value from a server carries a key or shared secret in any form. Such a value is refused
   * (mint exits 5, serve answers 502), never printed: the server is echoing what it should not.
   */
  containsSecret(value: string): boolean {
    return findForms(value, this.#keyNeedles).length > 0;
  }
}
