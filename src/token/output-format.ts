// --output json|name|env|github: the text of one minted token (pure; the writer is
// src/terminal/mint-output.ts). Nothing here is printed before the github mask line.

import type { MintReceipt } from './client/mint-client.js';

export const OUTPUT_FORMATS = ['json', 'name', 'env', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const ENV_NAMES = {
  token: 'GEMINI_EPHEMERAL_TOKEN',
  expireTime: 'GEMINI_EPHEMERAL_TOKEN_EXPIRE_TIME',
  newSessionExpireTime: 'GEMINI_EPHEMERAL_TOKEN_NEW_SESSION_EXPIRE_TIME',
} as const;

/** Keys written to $GITHUB_OUTPUT (step outputs: `steps.<id>.outputs.token`). */
export const GITHUB_OUTPUT_KEYS = {
  token: 'token',
  expireTime: 'expire_time',
  newSessionExpireTime: 'new_session_expire_time',
} as const;

export function formatJson(token: MintReceipt): string {
  return JSON.stringify({
    name: token.name,
    expireTime: token.expireTime,
    newSessionExpireTime: token.newSessionExpireTime,
    uses: token.uses,
    model: token.model,
    apiVersion: token.apiVersion,
    // Last, so the keys before it keep their order; talk reads it to warn about flags it will lose.
    locked: token.locked,
  });
}

/** POSIX single-quoting: safe for `eval "$(gemtoken mint --output env)"`. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function formatEnv(token: MintReceipt): string[] {
  const lines = [`export ${ENV_NAMES.token}=${shellQuote(token.name)}`];
  if (token.expireTime) lines.push(`export ${ENV_NAMES.expireTime}=${shellQuote(token.expireTime)}`);
  if (token.newSessionExpireTime) {
    lines.push(`export ${ENV_NAMES.newSessionExpireTime}=${shellQuote(token.newSessionExpireTime)}`);
  }
  return lines;
}

/** What the runner's own toolkit uses: a delimiter the value cannot contain, because it is random. */
export function randomDelimiter(): string {
  return `ghadelimiter_${globalThis.crypto.randomUUID()}`;
}

/**
 * Lines for $GITHUB_OUTPUT. Values are validated before output (server-values.ts) and never contain a
 * newline; if one ever did, a `key<<delimiter` block with a random delimiter keeps it one value, not
 * new keys (defence in depth).
 */
export function githubOutputLines(token: MintReceipt, delimiter: () => string = randomDelimiter): string[] {
  const entries: Array<[string, string | undefined]> = [
    [GITHUB_OUTPUT_KEYS.token, token.name],
    [GITHUB_OUTPUT_KEYS.expireTime, token.expireTime],
    [GITHUB_OUTPUT_KEYS.newSessionExpireTime, token.newSessionExpireTime],
  ];
  return entries.flatMap(([key, value]) => {
    if (!value) return [];
    if (!/[\r\n]/.test(value)) return [`${key}=${value}`];
    let end = delimiter();
    while (value.includes(end)) end = delimiter();
    return [`${key}<<${end}`, ...value.split(/\r?\n|\r/), end];
  });
}

/** The runner masks the value in every later log line; it must come before anything else. It masks
 *  line by line, so a value with line breaks needs one mask command per line. */
export function githubMaskLines(token: MintReceipt): string[] {
  return token.name
    .split(/\r?\n|\r/)
    .filter((line) => line !== '')
    .map((line) => `::add-mask::${line}`);
}
