// What the CLI's mints (`mint`, and `talk` when it has only an API key) hand the one minting core
// (token/client/mint-client.ts) from the Context: its fetch, clock, abort signal and secrets, with
// retries and an API-version fallback reported the same way by both. The library and `serve` pass
// their own (no terminal: they print nothing).

import type { Context } from '../context.js';
import type { MintDeps, MintRequest } from '../token/client/mint-client.js';
import type { TokenSpec } from '../token/client/request-body.js';
import type { MintOptions } from '../token/mint-options.js';
import { fallbackLine } from '../token/client/version-fallback.js';
import { retryNote } from '../terminal/spinner.js';
import type { Ui } from '../terminal/ui.js';

/** What `mint` (and its --verify probe, with its own `token`) asks the minting core for. */
export function cliMintRequest(
  options: MintOptions,
  key: { readonly key: string; readonly source: string },
  token: TokenSpec = options.token,
): MintRequest {
  return {
    baseUrl: options.baseUrl,
    apiVersion: options.apiVersion,
    fallbackApiVersion: options.fallbackApiVersion,
    apiKey: key.key,
    token,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    keySource: key.source,
  };
}

export function cliMintDeps(ctx: Context, ui: Ui): MintDeps {
  return {
    fetch: ctx.fetch,
    clock: ctx.clock,
    signal: ctx.signal,
    secrets: ctx.secrets,
    onRetry: (r) => ui.info(retryNote(r)),
    onVersionFallback: (from, to) => ui.warn(fallbackLine(from, to)),
  };
}
