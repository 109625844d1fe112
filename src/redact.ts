// Secrets never reach any output: every stderr/stdout writer for humans passes text through here.
// Besides the registered secrets (the API key), URL credentials are scrubbed wherever they appear,
// because the Live API carries keys and tokens in the WebSocket query string.

const URL_CREDENTIAL = /([?&](?:key|access_token)=)[^&\s"'<>]+/gi;
const AUTH_HEADER = /((?:x-goog-api-key|authorization)["']?\s*[:=]\s*["']?(?:Token\s+|Bearer\s+)?)[^\s"',}]+/gi;

export const REDACTED = '[REDACTED]';

export class SecretRegistry {
  readonly #secrets = new Set<string>();

  add(secret: string | undefined): void {
    // Very short strings would shred unrelated text; real keys and tokens are long. The minimum applies
    // to the secret itself; its encoded forms are at least as long.
    if (!secret || secret.length < 8) return;
    this.#secrets.add(secret);
    // As it appears in a URL: percent-encoded (encodeURIComponent) or form-encoded (URLSearchParams,
    // spaces as +), e.g. when a proxy or an error quotes a request URL.
    this.#secrets.add(encodeURIComponent(secret));
    this.#secrets.add(new URLSearchParams({ s: secret }).toString().slice(2));
  }

  redact(text: string): string {
    let out = text.replace(URL_CREDENTIAL, `$1${REDACTED}`).replace(AUTH_HEADER, `$1${REDACTED}`);
    // Longest first, so a form that contains another is replaced whole.
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join(REDACTED);
    return out;
  }
}
