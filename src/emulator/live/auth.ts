// Who is calling: an API key on BidiGenerateContent or an ephemeral token on
// BidiGenerateContentConstrained. Mismatches fail the way the real server was seen to
// (https://ai.google.dev/api/live): the socket is accepted, then closed with the code and reason below.

import type { TokenRecord, TokenStore } from '../token-store.js';
import type { KeyIndex } from '../viewer.js';
import { CloseCode, Reason, type CloseSpec } from './close-codes.js';
import { LiveMethod, type LiveRoute } from './route.js';

export type Principal = { readonly kind: 'key' } | { readonly kind: 'token'; readonly token: TokenRecord };

export type AuthResult =
  | { readonly ok: true; readonly principal: Principal; readonly warning?: string }
  | { readonly ok: false; readonly close: CloseSpec };

const TOKEN_PREFIX = 'auth_tokens/';

function fail(code: number, reason: string): AuthResult {
  return { ok: false, close: { code, reason } };
}

/**
 * Whose upgrade this is, for fault scoping and the admin API: the key's position in `apiKeys`, or
 * for a token the position of the key that minted it. Undefined for an unknown credential.
 */
export function credentialOwner(route: LiveRoute, apiKeys: readonly string[], store: TokenStore): KeyIndex | undefined {
  const credential = route.credential;
  if (!credential) return undefined;
  if (credential.source === 'query-access-token' || credential.source === 'header-token')
    return store.ownerOf(credential.value);
  const index = apiKeys.indexOf(credential.value);
  return index < 0 ? undefined : index;
}

export function authenticate(route: LiveRoute, apiKeys: readonly string[], store: TokenStore): AuthResult {
  const credential = route.credential;
  if (!credential) return fail(CloseCode.policy, Reason.unregistered);
  const isTokenSource = credential.source === 'query-access-token' || credential.source === 'header-token';
  if (route.method === LiveMethod.key) {
    // An access_token on the key method reads as "no identity" (cookbook #821)…
    if (isTokenSource) return fail(CloseCode.policy, Reason.unregistered);
    // …while a token passed as ?key= is just a bad key (js-genai #600).
    if (!apiKeys.includes(credential.value)) return fail(CloseCode.invalidPayload, Reason.badApiKey);
    return { ok: true, principal: { kind: 'key' } };
  }
  // Constrained takes tokens only; an API key there carries no token identity.
  if (!isTokenSource) return fail(CloseCode.policy, Reason.unregistered);
  const token = credential.value.startsWith(TOKEN_PREFIX) ? store.get(credential.value) : undefined;
  if (!token) return fail(CloseCode.policy, Reason.unknownToken);
  // No source says a token is bound to its minting version (docs/emulator.md): accept, and say so in the log.
  if (token.apiVersion !== route.apiVersion) {
    return {
      ok: true,
      principal: { kind: 'token', token },
      warning: `token minted on ${token.apiVersion} used on ${route.apiVersion}`,
    };
  }
  return { ok: true, principal: { kind: 'token', token } };
}
