// `--auth bearer:<ENV_VAR>` / the `bearer` option: the caller sends `Authorization: Bearer <secret>`.
// Both sides are hashed first (SHA-256, Web Crypto: the same code under Node and in a Fetch runtime)
// and the digests compared with no early exit, so neither the secret's content nor its length shows
// in the time a refusal takes.

import { UsageError } from '../errors.js';

/** A shared secret shorter than this is guessable over the network, rate limit or not. */
export const MIN_BEARER_LENGTH = 16;

export type BearerCheck = (authorization: string | null | undefined) => Promise<boolean>;

export function checkBearer(secret: unknown): string {
  if (typeof secret !== 'string' || secret.length < MIN_BEARER_LENGTH || !/^[\x21-\x7e]+$/.test(secret)) {
    throw new UsageError(
      `the bearer secret must be at least ${MIN_BEARER_LENGTH} printable characters without spaces`,
      'e.g. openssl rand -hex 32',
    );
  }
  return secret;
}

const encoder = new TextEncoder();
const digest = async (text: string): Promise<Uint8Array> =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));

export function bearerChecker(secret: string): BearerCheck {
  // Hashed at the first request, not here: a Worker may build its handler at module scope, where
  // Web Crypto's async work is not allowed.
  let expected: Promise<Uint8Array> | undefined;
  return async (authorization) => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
    const [given, wanted] = await Promise.all([digest(match?.[1] ?? ''), (expected ??= digest(secret))]);
    let differ = 0;
    for (let i = 0; i < wanted.length; i++) differ |= given[i]! ^ wanted[i]!;
    return differ === 0 && match !== null;
  };
}
