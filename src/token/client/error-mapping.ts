// HTTP replies → typed errors (exit codes: README.md). Auth problems are 3, other refusals 4,
// an unavailable service 5. The server's own message is kept (one line, bounded) because it is usually
// the most precise explanation, e.g. "field_mask is invalid for BidiGenerateContentSetup".

import { ApiRejectedError, AuthError, NetworkError, type GemtokenError } from '../../errors.js';
import { printable } from '../../printable.js';
import { parseJson } from '../../parse/json.js';

interface RpcStatus {
  readonly message?: string;
  readonly status?: string;
  readonly reasons: readonly string[];
}

export function parseRpcStatus(text: string): RpcStatus {
  // Depth-checked like every reply: a body nobody can read is a status without a message.
  const result = parseJson(text);
  if (!result.ok) return { reasons: [] };
  try {
    const parsed = result.value as { error?: { message?: unknown; status?: unknown; details?: unknown } } | null;
    const error = parsed?.error;
    if (!error || typeof error !== 'object') return { reasons: [] };
    const details = Array.isArray(error.details) ? error.details : [];
    const reasons = details
      .map((d: unknown) => (d && typeof d === 'object' ? (d as { reason?: unknown }).reason : undefined))
      .filter((r): r is string => typeof r === 'string');
    return {
      ...(typeof error.message === 'string' ? { message: error.message } : {}),
      ...(typeof error.status === 'string' ? { status: error.status } : {}),
      reasons,
    };
  } catch {
    return { reasons: [] };
  }
}

function summary(status: number, rpc: RpcStatus, text: string, redact: (text: string) => string): string {
  // Secrets out before the text is cut: a key cut in half at the end would no longer be recognised.
  const raw = redact(rpc.message ?? (text.trim() || `HTTP ${status}`));
  // The server's text: stripped of control sequences here too, so mintToken's callers get it clean.
  const line = printable(raw).replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

export interface ErrorContext {
  /** Where the key came from, for the hint (e.g. "GEMINI_API_KEY"). */
  readonly keySource?: string | undefined;
  readonly attempts: number;
  /** Scrubs the secrets in play from the server's text (redact.ts) before it is shortened. */
  readonly redact?: ((text: string) => string) | undefined;
}

export function mapHttpError(status: number, text: string, context: ErrorContext): GemtokenError {
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    const what =
      status === 0 ? 'a status line that is not HTTP' : `HTTP status ${status}, which is not a valid final status`;
    return new NetworkError(
      `unexpected reply from the server: ${what}`,
      'check --base-url: it must point at the Gemini API or the emulator',
    );
  }
  const rpc = parseRpcStatus(text);
  const redact = context.redact ?? ((t: string): string => t);
  const message = summary(status, rpc, text, redact);
  const label = `HTTP ${status}${rpc.status ? ` ${printable(redact(rpc.status)).slice(0, 64)}` : ''}`;
  const keyHint = `check the API key${context.keySource ? ` from ${context.keySource}` : ''}; create one at https://aistudio.google.com/apikey`;
  if (status === 401 || status === 403 || (status === 400 && isBadKey(rpc))) {
    return new AuthError(`API key rejected (${label}): ${message}`, keyHint);
  }
  const tries = context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
  if (status === 429) {
    return new ApiRejectedError(
      `rate limited or out of quota (${label})${tries}: ${message}`,
      'wait and try again, or raise --retries',
    );
  }
  if (status >= 500) {
    return new NetworkError(
      `service unavailable (${label})${tries}: ${message}`,
      'try again later; --retries and --timeout control the retries',
    );
  }
  return new ApiRejectedError(
    `request rejected (${label}): ${message}`,
    'check the flags; --dry-run prints the request without sending it',
  );
}

function isBadKey(rpc: RpcStatus): boolean {
  return rpc.reasons.includes('API_KEY_INVALID') || /API key not valid/i.test(rpc.message ?? '');
}
