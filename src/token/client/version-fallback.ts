// The API-version fallback of a mint (pure). v1alpha is the version the ephemeral-token guide uses and
// stays the default, but the current docs say tokens work with v1beta
// (https://ai.google.dev/gemini-api/docs/ephemeral-tokens): if Google retires v1alpha's auth_tokens, a default mint
// should keep working. So a 404 on the *default* version is retried once on v1beta; a version the user chose is
// never second-guessed.

import type { AttemptResult } from './mint-attempt.js';
import type { ApiVersion } from './http-request.js';

export const FALLBACK_API_VERSION: ApiVersion = 'v1beta';

/** The fallback to allow: only when no version was chosen (flag or option undefined). */
export function allowedFallback(chosen: string | undefined, resolved: ApiVersion): ApiVersion | undefined {
  return chosen === undefined && resolved !== FALLBACK_API_VERSION ? FALLBACK_API_VERSION : undefined;
}

/** The version to try next after this answer, or undefined to report the answer as it is. */
export function fallbackAfter(result: AttemptResult, fallback: ApiVersion | undefined): ApiVersion | undefined {
  return fallback !== undefined && result.kind === 'status' && result.status === 404 ? fallback : undefined;
}

export function fallbackLine(from: ApiVersion, to: ApiVersion): string {
  return `${from} answered 404 for auth_tokens; minting on ${to} instead (--api-version chooses one)`;
}
