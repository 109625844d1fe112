// The HTTP request for one mint, built like @google/genai's authTokens.create: POST
// {base}/{version}/auth_tokens, key in x-goog-api-key (never in the URL, so it stays out of logs).

import type { ApiVersion } from '../../config.js';
import { VERSION } from '../../version.js';
import { REDACTED } from '../../redact.js';
import type { AuthTokenBody } from './request-body.js';

export { API_VERSIONS, type ApiVersion } from '../../config.js';

export interface HttpRequest {
  readonly method: 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function authTokensUrl(baseUrl: string, apiVersion: ApiVersion): string {
  return `${baseUrl.replace(/\/+$/, '')}/${apiVersion}/auth_tokens`;
}

export function buildHttpRequest(
  baseUrl: string,
  apiVersion: ApiVersion,
  apiKey: string | undefined,
  body: AuthTokenBody,
): HttpRequest {
  return {
    method: 'POST',
    url: authTokensUrl(baseUrl, apiVersion),
    headers: {
      'content-type': 'application/json',
      'user-agent': `gemtoken/${VERSION}`,
      'x-goog-api-key': apiKey ?? REDACTED,
    },
    body: JSON.stringify(body),
  };
}

/** The request as --dry-run prints it: HTTP-message style, key replaced by [REDACTED]. */
export function describeRequest(request: HttpRequest): string[] {
  const lines = [`${request.method} ${request.url}`];
  for (const [name, value] of Object.entries(request.headers)) {
    lines.push(`${name}: ${name === 'x-goog-api-key' ? REDACTED : value}`);
  }
  return [...lines, '', request.body];
}
