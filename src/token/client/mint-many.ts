// --count: many identical mints with bounded concurrency. Tokens are reported in request order
// (a finished token waits for the earlier ones), so `--count n` output is stable line by line.
// On a failure no new mint starts; the tokens already minted are still reported, then it throws.

import { setMaxListeners } from 'node:events';
import { mintHttpRequest, mintOne, type MintDeps, type MintReceipt, type MintRequest } from './mint-client.js';

export const DEFAULT_CONCURRENCY = 16;

export interface MintManyOptions {
  readonly count: number;
  readonly concurrency?: number;
  /** Called in request order as soon as token `index` and all before it are settled. */
  readonly onToken?: (token: MintReceipt, index: number) => void;
}

type Slot = { readonly ok: MintReceipt } | { readonly error: unknown } | undefined;

export async function mintMany(
  request: MintRequest,
  deps: MintDeps,
  options: MintManyOptions = { count: 1 },
): Promise<MintReceipt[]> {
  // After the first API-version fallback the later mints go straight to the version that answered;
  // mints already in flight fall back on their own, and the fallback is reported once.
  let current = request;
  let http = mintHttpRequest(request);
  let reported = false;
  const onVersionFallback: MintDeps['onVersionFallback'] = (from, to) => {
    if (!reported) deps.onVersionFallback?.(from, to);
    reported = true;
  };
  const adopt = (token: MintReceipt): void => {
    if (token.apiVersion === current.apiVersion) return;
    current = { ...request, apiVersion: token.apiVersion, fallbackApiVersion: undefined };
    http = mintHttpRequest(current);
  };
  const slots: Slot[] = new Array<Slot>(options.count).fill(undefined);
  const minted: MintReceipt[] = [];
  let next = 0;
  let emitted = 0;
  let firstError: { error: unknown } | undefined;

  const flush = (final: boolean): void => {
    while (emitted < options.count) {
      const slot = slots[emitted];
      if (slot === undefined && !final) return;
      if (slot && 'ok' in slot) {
        minted.push(slot.ok);
        options.onToken?.(slot.ok, emitted);
      }
      emitted += 1;
    }
  };

  const worker = async (): Promise<void> => {
    while (!firstError && next < options.count) {
      const index = next++;
      try {
        const token = await mintOne(current, workerDeps, http);
        adopt(token);
        slots[index] = { ok: token };
      } catch (error) {
        slots[index] = { error };
        firstError ??= { error };
      }
      flush(false);
    }
  };

  const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, options.count));
  // Every worker waiting out a retry backoff listens on the abort signal; more than 10 at once
  // would print MaxListenersExceededWarning on stderr. Give the workers their own signal sized for them.
  const scoped = new AbortController();
  const forward = (): void => scoped.abort(deps.signal.reason);
  if (deps.signal.aborted) forward();
  else deps.signal.addEventListener('abort', forward, { once: true });
  setMaxListeners(workers + 10, scoped.signal);
  const workerDeps: MintDeps = { ...deps, signal: scoped.signal, onVersionFallback };
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    deps.signal.removeEventListener('abort', forward);
  }
  flush(true);
  if (firstError) throw firstError.error;
  return minted;
}
