// `--auth bearer:<ENV_VAR>`: the caller sends `Authorization: Bearer <secret>`. Both sides are hashed
// first so timingSafeEqual compares equal-length buffers and neither the secret's content nor its
// length shows in the time a refusal takes.

import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export function bearerChecker(secret: string): (authorization: string | undefined) => boolean {
  const expected = digest(secret);
  return (authorization) => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
    return timingSafeEqual(digest(match?.[1] ?? ''), expected) && match !== null;
  };
}
