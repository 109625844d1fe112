// One HTTP attempt with its own timeout on the injected clock (so tests drive it with a fake clock),
// combined with the command's abort signal (Ctrl-C).

import { describeBytes, MAX_REPLY_BYTES, readReplyBytes, TooLargeError } from '../../bounded-reply.js';
import type { Clock } from '../../clock.js';
import { NetworkError } from '../../errors.js';
import type { HttpRequest } from './http-request.js';

/** The cause code of a reply whose status no Response can carry (set by node-fetch.ts). */
export const INVALID_STATUS = 'ERR_INVALID_HTTP_STATUS';

// Not fatal: a reply that is not UTF-8 reads with U+FFFD in place, as Buffer#toString did.
const decoder = new TextDecoder();

export type AttemptResult =
  | { readonly kind: 'status'; readonly status: number; readonly text: string; readonly retryAfter: string | null }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'connection'; readonly detail: string };

export interface AttemptDeps {
  readonly fetch: typeof globalThis.fetch;
  readonly clock: Clock;
  readonly signal: AbortSignal;
}

export async function attemptRequest(
  request: HttpRequest,
  timeoutMs: number,
  deps: AttemptDeps,
): Promise<AttemptResult> {
  const timeout = new AbortController();
  const cancel = deps.clock.setTimeout(() => timeout.abort(new Error('timeout')), timeoutMs);
  const signal = AbortSignal.any([deps.signal, timeout.signal]);
  try {
    const response = await deps.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
    });
    // At most MAX_REPLY_BYTES, whichever fetch was given (ours stops at the cap too: node-fetch.ts).
    const text = decoder.decode(await readReplyBytes(response, MAX_REPLY_BYTES));
    return { kind: 'status', status: response.status, text, retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    if (deps.signal.aborted) throw deps.signal.reason;
    if (timeout.signal.aborted) return { kind: 'timeout' };
    if (tooLarge(error)) throw replyTooLarge(request.url);
    const invalid = invalidStatus(error);
    if (invalid !== undefined) return { kind: 'status', status: invalid, text: '', retryAfter: null };
    return { kind: 'connection', detail: connectionDetail(error) };
  } finally {
    cancel();
  }
}

function tooLarge(error: unknown): boolean {
  return error instanceof TooLargeError || (error instanceof Error && error.cause instanceof TooLargeError);
}

/** A token reply is a few hundred bytes: one past the cap is not the service; not worth a retry. */
function replyTooLarge(url: string): NetworkError {
  return new NetworkError(
    `unexpected reply from ${new URL(url).origin}: reply too large (over ${describeBytes(MAX_REPLY_BYTES)})`,
    'check --base-url: it must point at the Gemini API or the emulator',
  );
}

/**
 * A reply with a status outside 200–599 (node-fetch.ts) or a status line node:http cannot parse
 * (0): the server answered, wrongly; error-mapping.ts says so and retry-policy.ts does not retry it.
 */
function invalidStatus(error: unknown): number | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; status?: unknown } | undefined) : undefined;
  if (cause?.code === INVALID_STATUS && typeof cause.status === 'number') return cause.status;
  return cause?.code === 'HPE_INVALID_STATUS' ? 0 : undefined;
}

/** Node's fetch says only "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND…) is in the cause. */
function connectionDetail(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
