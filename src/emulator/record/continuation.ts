// Where a recording into a directory that already holds cassettes carries on. REST exchange ids
// and token placeholders are unique across the whole directory, not per recording: --replay pairs
// a request with its answer by id, and links a mint to its sessions by placeholder, so a second
// recording that started both again at 1 would answer its requests with the first recording's
// answers and hand its sessions the first recording's tokens. Pure: the lines in, the numbers out.

import type { CassetteLine } from './cassette.js';

export interface Continuation {
  /** The highest REST exchange id already used (0: none); the next recording counts on from it. */
  readonly restId: number;
  /** The highest token placeholder already used (0: none). */
  readonly placeholder: number;
}

export const FRESH: Continuation = { restId: 0, placeholder: 0 };

// Both forms the redaction writes: auth_tokens/<placeholder-N> and, in a query, auth_tokens%2F<placeholder-N>.
const PLACEHOLDER_ANYWHERE = /auth_tokens(?:\/|%2F)<placeholder-(\d+)>/gi;

/**
 * The numbers the cassettes' lines (every existing file's, in any order) have used up. An id that
 * is not a number (a hand-edited cassette) cannot collide with the numbers a recorder writes, since
 * replay compares ids exactly; a fractional one is rounded up past.
 */
export function continuation(files: ReadonlyArray<readonly CassetteLine[]>): Continuation {
  let restId = 0;
  let placeholder = 0;
  for (const lines of files) {
    for (const line of lines) {
      const id = line['id'];
      if (
        (line.kind === 'rest-request' || line.kind === 'rest-response') &&
        typeof id === 'number' &&
        Number.isFinite(id)
      ) {
        restId = Math.max(restId, Math.ceil(id));
      }
      for (const match of JSON.stringify(line).matchAll(PLACEHOLDER_ANYWHERE))
        placeholder = Math.max(placeholder, Number(match[1]));
    }
  }
  return { restId, placeholder };
}
