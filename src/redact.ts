// Secrets never reach any output: every stderr/stdout writer for humans passes text through here.
// Besides the registered secrets (the API key), URL credentials are scrubbed wherever they appear,
// because the Live API carries keys and tokens in the WebSocket query string.

const URL_CREDENTIAL = /([?&](?:key|access_token)=)[^&\s"'<>]+/gi;
const AUTH_HEADER = /((?:x-goog-api-key|authorization)["']?\s*[:=]\s*["']?(?:Token\s+|Bearer\s+)?)[^\s"',}]+/gi;

export const REDACTED = '[REDACTED]';

export class SecretRegistry {
  readonly #secrets = new Set<string>();

  add(secret: string | undefined): void {
    // Very short strings would shred unrelated text; real keys and tokens are long.
    if (secret && secret.length >= 8) this.#secrets.add(secret);
  }

  redact(text: string): string {
    let out = text.replace(URL_CREDENTIAL, `$1${REDACTED}`).replace(AUTH_HEADER, `$1${REDACTED}`);
    for (const secret of this.#secrets) out = out.split(secret).join(REDACTED);
    return out;
  }
}
