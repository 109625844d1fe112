// `POST /{v1alpha|v1beta|v1}/auth_tokens`: faults first (so CI can script failures for any
// caller), then the body's JSON and field names (the real service parses the payload before it
// looks at the key: quirk `rest-refuses-live-connect-constraints`), then the key, then the values. The reply is only
// {"name"}: the real service echoes nothing else (https://ai.google.dev/api/live).

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { keyIndex, presentedKey, requireApiKey } from './api-key.js';
import { checkAuthTokenNames, parseAuthTokenRequest } from './auth-token-request.js';
import type { EmulatorCore, Fault, RestFaultKind } from '../core.js';
import { readJson, sendJson } from './http-io.js';
import { RPC_RETRY_INFO, RpcError } from './rpc-status.js';

export const AUTH_TOKENS_PATH = /^\/(v1alpha|v1beta|v1)\/auth_tokens$/;

/** Real names are `auth_tokens/` + 64 lowercase hex characters (names seen from the real service). */
export function newTokenName(): string {
  return `auth_tokens/${randomBytes(32).toString('hex')}`;
}

/** Turns a queued REST fault into its reply; `hang` answers nothing and leaves the socket open. */
export function faultError(fault: Fault<RestFaultKind>): RpcError | 'hang' {
  switch (fault.kind) {
    case 'status429': {
      const retry = fault.retryAfterSeconds;
      return retry === undefined
        ? new RpcError(429, 'Resource has been exhausted (e.g. check quota).')
        : new RpcError(
            429,
            'Resource has been exhausted (e.g. check quota).',
            [{ '@type': RPC_RETRY_INFO, retryDelay: `${retry}s` }],
            { 'retry-after': String(retry) },
          );
    }
    case 'status500':
      return new RpcError(500, 'Internal error encountered.');
    case 'status503':
      return new RpcError(503, 'The service is currently unavailable.');
    case 'hang':
      return 'hang';
  }
}

export async function handleAuthTokens(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  apiVersion: string,
  note: (fields: Record<string, unknown>) => void,
): Promise<void> {
  if (req.method !== 'POST') {
    throw new RpcError(405, `Method ${req.method ?? '?'} is not allowed on ${url.pathname}; use POST.`, [], {
      allow: 'POST',
    });
  }
  // A fault queued by a key hits that key's requests only (faults.ts); an unknown key gets everyone's.
  const owner = keyIndex(core.options.apiKeys, presentedKey(req, url));
  const fault = core.faults.takeRest(owner);
  if (fault) {
    note({ fault: fault.kind });
    const outcome = faultError(fault);
    if (outcome === 'hang') {
      req.resume();
      return;
    }
    req.resume();
    throw outcome;
  }
  const rules = { refuseLiveConnectConstraints: core.options.quirks['rest-refuses-live-connect-constraints'] };
  const body = checkAuthTokenNames(await readJson(req, core.options.maxBodyBytes), rules);
  requireApiKey(req, url, core.options.apiKeys);
  const now = core.clock.now();
  const parsed = parseAuthTokenRequest(body, now, rules);
  for (const warning of parsed.warnings) core.log.event({ event: 'rest.warning', warning });
  const name = newTokenName();
  const stored = core.store.add(
    {
      name,
      apiVersion,
      createdAt: now,
      expireTime: parsed.expireTime,
      newSessionExpireTime: parsed.newSessionExpireTime,
      uses: parsed.uses,
      usesConsumed: 0,
      setup: parsed.setup,
      fieldMask: parsed.fieldMask,
    },
    now,
    owner,
  );
  if (!stored)
    throw new RpcError(
      429,
      'Resource has been exhausted: the emulator holds as many live tokens as it keeps; wait for some to expire, or restart it.',
    );
  note({
    uses: parsed.uses,
    locked: parsed.setup ? Object.keys(parsed.setup).length : 0,
    mask: parsed.fieldMask.length,
  });
  // The token is the answer; only keys are scrubbed (there are none in a name the emulator made).
  sendJson(res, 200, { name }, {}, (text) => core.secrets.redactKeys(text));
}
