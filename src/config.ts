// Pure resolution of the options shared by commands: base URL, API version and the API key from the
// environment. Never reads process.env: callers pass ctx.env.

import { UsageError } from './errors.js';
import { didYouMean } from './suggest.js';

/** The API versions that serve auth_tokens and Live; declared here, below token/, so options resolve without it. */
export const API_VERSIONS = ['v1alpha', 'v1beta', 'v1'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

/** The environment as one read-only record (Context.env, process.env): an unset name is undefined. */
export type EnvSnapshot = Readonly<Record<string, string | undefined>>;

export const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';
export const DEFAULT_API_VERSION: ApiVersion = 'v1alpha';

/** --base-url, else GEMTOKEN_BASE_URL, else GOOGLE_GEMINI_BASE_URL (the SDK's variable), else Google. */
export function resolveBaseUrl(flag: string | undefined, env: EnvSnapshot): string {
  const [value, source] =
    flag !== undefined
      ? [flag, '--base-url']
      : env.GEMTOKEN_BASE_URL
        ? [env.GEMTOKEN_BASE_URL, 'GEMTOKEN_BASE_URL']
        : env.GOOGLE_GEMINI_BASE_URL
          ? [env.GOOGLE_GEMINI_BASE_URL, 'GOOGLE_GEMINI_BASE_URL']
          : [DEFAULT_BASE_URL, 'default'];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `${source} '${value}' is not a URL`,
      'use e.g. http://127.0.0.1:8080 or https://generativelanguage.googleapis.com',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source} '${value}' must be an http or https URL`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new UsageError(`${source} must not contain credentials, a query or a fragment`);
  }
  return url.toString().replace(/\/+$/, '');
}

export function resolveApiVersion(flag: string | undefined): ApiVersion {
  if (flag === undefined) return DEFAULT_API_VERSION;
  if (!(API_VERSIONS as readonly string[]).includes(flag)) {
    throw new UsageError(
      `--api-version '${flag}' is not one of ${API_VERSIONS.join(', ')}`,
      didYouMean(flag, API_VERSIONS),
    );
  }
  return flag as ApiVersion;
}

export interface EnvKey {
  readonly key: string;
  readonly source: 'GEMINI_API_KEY' | 'GOOGLE_API_KEY';
  /** Set when both variables are set and differ: say which one is used. */
  readonly notice?: string;
}

/**
 * GEMINI_API_KEY, else GOOGLE_API_KEY. (The SDK prefers GOOGLE_API_KEY; we follow the Gemini docs and
 * say so whenever the choice matters.) A variable that is set but blank is an error, not "unset".
 */
export function apiKeyFromEnv(env: EnvSnapshot): EnvKey | undefined {
  const gemini = env.GEMINI_API_KEY;
  const google = env.GOOGLE_API_KEY;
  const source = gemini !== undefined ? 'GEMINI_API_KEY' : google !== undefined ? 'GOOGLE_API_KEY' : undefined;
  if (source === undefined) return undefined;
  const key = (source === 'GEMINI_API_KEY' ? gemini : google)!.trim();
  if (key === '') throw new UsageError(`${source} is set but empty`, `set ${source} to your Gemini API key`);
  const differ =
    gemini !== undefined && google !== undefined && google.trim() !== '' && gemini.trim() !== google.trim();
  return differ
    ? { key, source, notice: 'both GEMINI_API_KEY and GOOGLE_API_KEY are set and differ; using GEMINI_API_KEY' }
    : { key, source };
}
