// When a failed attempt is retried and how long to wait: 429 honouring Retry-After,
// 5xx, connection errors and timeouts; never other 4xx. Exponential backoff with "equal jitter" so
// many concurrent mints (--count) do not retry in lockstep.

export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 8_000;
/** A Retry-After beyond this is not waited out: a CLI that sleeps for minutes looks hung. */
export const MAX_RETRY_AFTER_MS = 60_000;

export type AttemptOutcome =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string | null | undefined }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'connection' };

export function isRetryable(outcome: AttemptOutcome): boolean {
  if (outcome.kind !== 'status') return true;
  // 600 and above is no HTTP status at all (error-mapping.ts): retrying it would only repeat it.
  return outcome.status === 429 || (outcome.status >= 500 && outcome.status <= 599);
}

/** Seconds form of Retry-After (the HTTP-date form is rare for APIs; it falls back to backoff). */
export function parseRetryAfterMs(value: string | null | undefined): number | undefined {
  if (value == null || !/^\s*\d+(?:\.\d+)?\s*$/.test(value)) return undefined;
  return Math.round(Number(value) * 1_000);
}

/**
 * Delay before retry number `retry` (1-based), or undefined when the server asked for a wait longer
 * than MAX_RETRY_AFTER_MS (the caller then gives up at once). `random` is in [0, 1).
 */
export function retryDelayMs(retry: number, outcome: AttemptOutcome, random: number): number | undefined {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (retry - 1));
  const backoff = Math.round(ceiling / 2 + (random * ceiling) / 2);
  if (outcome.kind === 'status' && outcome.status === 429) {
    const asked = parseRetryAfterMs(outcome.retryAfter);
    if (asked !== undefined) return asked > MAX_RETRY_AFTER_MS ? undefined : asked;
  }
  return backoff;
}
