// `mint --verify` and `serve --verify`: before the real token (or the first request), a probe token
// with the same model, config and lock (one use, a window of at most a minute to start and two to
// live) opens one Live session through the SDK, as an app would, and closes it once the service sends
// setupComplete. Setups the service takes at mint time but refuses at connect (a model it does not
// serve for Live, TEXT replies from an audio-only model, a full lock without a modality, which the
// service answers as TEXT) then fail in CI or at serve's start, with talk's message and exit code,
// instead of in a user's browser. The cost: one more token and one session start, no audio.

import { waitAtMost } from '../clock.js';
import type { Context } from '../context.js';
import { GemtokenError } from '../errors.js';
import { DEFAULT_MODEL, modelId } from '../model.js';
import type { LiveConnection, TransportHandlers } from '../live/transport/transport.js';
import { TransportError } from '../live/transport/transport.js';
import { failureError } from '../live/wire/close-errors.js';
import { buildSetupMessage } from '../live/wire/setup-message.js';
import { mintOne } from '../token/client/mint-client.js';
import type { TokenSpec } from '../token/client/request-body.js';
import type { MintOptions } from '../token/mint-options.js';
import type { Ui } from '../terminal/ui.js';
import { cliMintDeps, cliMintRequest } from './mint-deps.js';
import { definedProps } from '../defined-props.js';

/** The probe's own window: long enough to connect on a slow link, short enough not to matter if it leaked. */
const PROBE_NEW_SESSION_MS = 60_000;
const PROBE_EXPIRE_MS = 120_000;
/** How long the probe waits for the service's answer to its close before moving on. */
const CLOSE_WAIT_MS = 2_000;

/** The earlier of the user's time (kept, so a window the service refuses is refused here too) and ours. */
function earlier(userTime: string | undefined, probeMs: number): string {
  const probe = new Date(probeMs).toISOString();
  return userTime !== undefined && Date.parse(userTime) < probeMs ? userTime : probe;
}

/** The probe token: the real one's model, config and lock; one use; a short window. */
export function probeSpec(token: TokenSpec, nowMs: number): TokenSpec {
  return {
    ...token,
    uses: 1,
    expireTime: earlier(token.expireTime, nowMs + PROBE_EXPIRE_MS),
    newSessionExpireTime: earlier(token.newSessionExpireTime, nowMs + PROBE_NEW_SESSION_MS),
  };
}

/**
 * Verifies, then gives the options to mint the real token with: its relative times measured from now
 * (shiftRelativeTimes). Throws the failure talk would give (exit 3, 4 or 5) when the session did not open.
 */
export async function verifyFirst(
  ctx: Context,
  ui: Ui,
  options: MintOptions,
  key: { readonly key: string; readonly source: string },
  absolute: { readonly expireAt?: string | undefined; readonly newSessionExpireAt?: string | undefined },
): Promise<MintOptions> {
  const started = ctx.clock.now();
  await verifySession(ctx, ui, options, key, 'no token minted');
  return { ...options, token: shiftRelativeTimes(options.token, absolute, ctx.clock.now() - started) };
}

export async function verifySession(
  ctx: Context,
  ui: Ui,
  options: MintOptions,
  key: { readonly key: string; readonly source: string },
  /** What a failure means for the command, said first: `no token minted`, `not serving`. */
  outcome: string,
): Promise<void> {
  const spec = probeSpec(options.token, ctx.clock.now());
  const probe = await mintOne(cliMintRequest(options, key, spec), cliMintDeps(ctx, ui));
  ctx.secrets.addToken(probe.name);
  const model = modelId(options.token.model ?? DEFAULT_MODEL);
  const where = { apiVersion: probe.apiVersion, model, timeoutFlag: '--timeout' };
  // The setup talk sends by default; fields the token locks replace it on the service, as for an app.
  const modalities = options.token.config?.responseModalities;
  const text = Array.isArray(modalities) && String(modalities[0]).toUpperCase() === 'TEXT';
  const setup = buildSetupMessage({
    model,
    modality: text ? 'text' : 'audio',
    transcription: true,
    compress: true,
    pushToTalk: false,
  });
  const { createSdkTransport } = await import('../live/transport/sdk-transport.js');
  const transport = createSdkTransport({ clock: ctx.clock, onWarning: (w) => ui.debug(`sdk: ${w}`) });
  let closed!: () => void;
  const closing = new Promise<void>((resolve) => (closed = resolve));
  const handlers: TransportHandlers = { message: () => undefined, close: () => closed() };
  ui.debug(`--verify: opening a Live session with a probe token (${model}, ${probe.apiVersion})`);
  let connection: LiveConnection;
  try {
    connection = await untilAborted(
      ctx.signal,
      transport.connect(
        {
          baseUrl: options.baseUrl,
          apiVersion: probe.apiVersion,
          token: probe.name,
          setup,
          timeoutMs: options.timeoutMs,
        },
        handlers,
      ),
    );
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    throw verifyError(outcome, failureError(error.failure, where));
  }
  connection.close(1000, 'gemtoken --verify');
  // The close handshake finishes (so the service sees a clean end), within a bound; then the command goes on.
  await untilAborted(ctx.signal, waitAtMost(ctx.clock, CLOSE_WAIT_MS, closing));
  ui.info(`verified: a Live session with this token's setup opened (${model}, ${probe.apiVersion})`);
}

/**
 * The real token's window, measured from after the verify: a time that came from --ttl or
 * --new-session-ttl moves on by the time the verify took (a slow connect must not eat into a
 * one-minute window); one given as --expire-at or --new-session-expire-at stays as it is.
 */
export function shiftRelativeTimes(
  token: TokenSpec,
  absolute: { readonly expireAt?: string | undefined; readonly newSessionExpireAt?: string | undefined },
  elapsedMs: number,
): TokenSpec {
  const later = (time: string | undefined, fixed: boolean): string | undefined =>
    time === undefined || fixed || elapsedMs <= 0 ? time : new Date(Date.parse(time) + elapsedMs).toISOString();
  return {
    ...token,
    ...definedProps({
      expireTime: later(token.expireTime, absolute.expireAt !== undefined),
      newSessionExpireTime: later(token.newSessionExpireTime, absolute.newSessionExpireAt !== undefined),
    }),
  };
}

/** `work`, or the signal's reason as soon as it aborts (a connect has no signal of its own). */
function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The failure talk would give, said as --verify's, with the same exit code and hint. */
function verifyError(outcome: string, error: GemtokenError): GemtokenError {
  return new GemtokenError(`--verify: ${outcome}: ${error.message}`, error.exitCode, error.hint, {
    cause: error,
  });
}
