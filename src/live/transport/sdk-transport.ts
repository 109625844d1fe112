// The one adapter that loads @google/genai for live sessions (docs/architecture.md). The SDK builds the URL
// (Constrained method, access_token, its `//ws/` quirk) and the setup frame, and waits for
// setupComplete. Its 2.x defects are handled here (https://github.com/googleapis/js-genai/issues/1257):
// - live.connect() never settles when the socket closes or errors before setupComplete: we wrap it
//   in our own promise that rejects from the socket's close/error and from a timeout;
// - it console.warn()s "ephemeral token support is experimental" on every token connect: those
//   lines go to onWarning (shown with --verbose) so stderr stays clean for scripts;
// - session.close() sends no close code (the peer sees 1005): we close the socket with 1000;
// - its message handler JSON.parse()s inside an un-awaited async function, so one malformed frame
//   is an unhandled rejection that kills Node: only frames we have parsed are handed to it, and
//   only until setupComplete. After that we read frames straight off the socket (no second parse).
// We reach the socket through the Live module's webSocketFactory, which is not public API but is
// identical in 2.32 and 3.3; if it ever disappears we fail loudly, not silently.

import type { Clock } from '../../clock.js';
import {
  MAX_SERVER_FRAME_BYTES,
  TransportError,
  type ConnectRequest,
  type LiveConnection,
  type LiveTransport,
  type TransportFailure,
  type TransportHandlers,
} from './transport.js';
import { parseJson } from '../../parse/json.js';
import type { LiveConnectConfig, Modality, Tool } from '@google/genai';
import type { SetupMessage } from '../wire/wire-types.js';
import { definedProps } from '../../defined-props.js';

interface RawSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}
interface SdkCallbacks {
  onopen?: () => void;
  onmessage: (event: { data: unknown }) => void;
  onerror: (event: { message?: string; error?: unknown }) => void;
  onclose: (event: { code: number; reason: string }) => void;
}
interface SdkConnection {
  connect(): void;
  ws?: RawSocket;
}
interface SdkSocketFactory {
  create(url: string, headers: Record<string, string>, callbacks: SdkCallbacks): SdkConnection;
}

const OPEN = 1;
const CONNECTING = 0;

export interface SdkTransportOptions {
  readonly clock: Clock;
  /** The SDK's console.warn lines during connect (already about the token; redact before showing). */
  readonly onWarning?: (text: string) => void;
}

export function createSdkTransport(options: SdkTransportOptions): LiveTransport {
  return { connect: (request, handlers) => connectWithSdk(request, handlers, options) };
}

async function connectWithSdk(
  request: ConnectRequest,
  handlers: TransportHandlers,
  options: SdkTransportOptions,
): Promise<LiveConnection> {
  const [{ GoogleGenAI }, { WebSocket }] = await Promise.all([import('@google/genai'), import('ws')]);
  // vertexai:false and an explicit apiVersion: the SDK would otherwise consult GOOGLE_GENAI_USE_VERTEXAI
  // and its own default version (v1beta in 2.x, v1 in 3.x), which the token may not match.
  const ai = new GoogleGenAI({
    apiKey: request.token,
    vertexai: false,
    httpOptions: { apiVersion: request.apiVersion, baseUrl: request.baseUrl },
  });
  const live = ai.live as unknown as { webSocketFactory?: SdkSocketFactory };
  const original = live.webSocketFactory;
  if (!original || typeof original.create !== 'function')
    throw new Error('unsupported @google/genai version: live.webSocketFactory not found');

  return new Promise<LiveConnection>((resolve, reject) => {
    let socket: RawSocket | undefined;
    let settled = false;
    let established = false;
    let closed = false;
    let lastError: string | undefined;
    let protocolError = false;

    const fail = (failure: TransportFailure): void => {
      if (settled) return;
      settled = true;
      cancelTimer();
      if (socket && (socket.readyState === OPEN || socket.readyState === CONNECTING)) socket.terminate();
      reject(new TransportError(failure));
    };
    const cancelTimer = options.clock.setTimeout(
      () => fail({ kind: 'timeout', ms: request.timeoutMs }),
      request.timeoutMs,
    );

    live.webSocketFactory = {
      create(url, headers, sdk) {
        const callbacks: SdkCallbacks = {
          onopen: sdk.onopen,
          onmessage(event) {
            const data = event.data as string | Buffer;
            if (!closed) handlers.message(data);
            if (established) return;
            // Not JSON, or nested deeper than parse/json.ts allows: handlers.message already
            // reported it; the SDK (which parses and walks it) must never see it.
            if (parseJson(data).ok) sdk.onmessage(event);
          },
          onerror(event) {
            lastError = event.message ?? String(event.error ?? 'WebSocket error');
            if (!established) fail(errorFailure(lastError));
            // After setup an error means ws refused a server frame (too large, bad UTF-8, a reserved
            // opcode) and is closing the socket itself: the close that follows is ours, not the server's.
            else protocolError = true;
          },
          onclose(event) {
            if (closed) return;
            closed = true;
            if (!established)
              return fail(
                lastError ? errorFailure(lastError) : { kind: 'closed', code: event.code, reason: event.reason },
              );
            if (protocolError) handlers.close(event.code, event.reason || lastError || '', 'client');
            else handlers.close(event.code, event.reason);
          },
        };
        const connection = original.create(url, headers, callbacks);
        // The SDK's own connect() is `new WebSocket(url, { headers })` and these four handlers; it
        // gives ws no maxPayload (100 MiB a frame), so we open the socket ourselves with ours.
        connection.connect = () => {
          const ws = new WebSocket(url, { headers, maxPayload: MAX_SERVER_FRAME_BYTES });
          ws.onopen = callbacks.onopen ?? null;
          ws.onerror = callbacks.onerror as (event: unknown) => void;
          ws.onclose = callbacks.onclose;
          ws.onmessage = callbacks.onmessage;
          connection.ws = ws;
          socket = ws;
        };
        return connection;
      },
    };

    const params = toSdkConnectParams(request.setup);
    const quiet = silenceConsoleWarn(options.onWarning);
    let pending: Promise<unknown>;
    try {
      pending = ai.live.connect({ ...params, callbacks: { onmessage: () => undefined } });
    } catch (error) {
      quiet();
      return fail({ kind: 'network', message: error instanceof Error ? error.message : String(error) });
    }
    quiet();
    pending.then(
      () => {
        if (settled) return;
        if (!socket) return fail({ kind: 'network', message: 'the SDK connected without a socket' });
        settled = true;
        established = true;
        cancelTimer();
        resolve(wrap(socket));
      },
      // SDK 3.x rejects on an early close; 2.x never gets here (our close/error/timeout do).
      (error: unknown) =>
        fail(
          lastError
            ? errorFailure(lastError)
            : { kind: 'network', message: error instanceof Error ? error.message : String(error) },
        ),
    );
  });
}

function wrap(socket: RawSocket): LiveConnection {
  return {
    send: (json) => {
      if (socket.readyState === OPEN) socket.send(json);
    },
    close: (code, reason) => {
      if (socket.readyState === OPEN) socket.close(code, reason);
      else if (socket.readyState === CONNECTING) socket.terminate();
    },
    // ws's terminate() destroys the TCP socket now; its 'close' event (and so handlers.close) follows.
    terminate: () => socket.terminate(),
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
  };
}

/** `ws` reports a refused upgrade as "Unexpected server response: 403". */
function errorFailure(message: string): TransportFailure {
  const status = /Unexpected server response: (\d{3})/.exec(message);
  return status ? { kind: 'http', status: Number(status[1]) } : { kind: 'network', message };
}

/** The SDK's token warnings are printed synchronously inside connect(), before its first await. */
function silenceConsoleWarn(sink: ((text: string) => void) | undefined): () => void {
  // Not printing, intercepting: hence globalThis.console rather than the console the lint rule guards.
  const target = globalThis.console;
  const original = target.warn;
  target.warn = (...args: unknown[]) => sink?.(args.map(String).join(' '));
  return () => {
    target.warn = original;
  };
}

// Our wire `setup` → the SDK's live.connect parameters. The SDK maps LiveConnectConfig back onto the
// same wire fields, so this is the inverse of that table; a component test pins
// that the setup the SDK puts on the socket equals buildSetupMessage()'s.
export interface SdkConnectParams {
  readonly model: string;
  readonly config: LiveConnectConfig;
}

export function toSdkConnectParams(setup: SetupMessage): SdkConnectParams {
  const generation = setup.generationConfig ?? {};
  const config: LiveConnectConfig = {
    // Flat keys, not generationConfig: the SDK warns (console) when generationConfig is set.
    ...definedProps({
      responseModalities: generation.responseModalities && ([...generation.responseModalities] as Modality[]),
      temperature: generation.temperature,
      speechConfig: generation.speechConfig,
      systemInstruction: setup.systemInstruction && {
        role: setup.systemInstruction.role,
        parts: [...setup.systemInstruction.parts],
      },
      // Already in wire form (tools.ts); the SDK's own mapping passes it through unchanged (pinned by a test).
      tools: setup.tools as Tool[] | undefined,
      realtimeInputConfig: setup.realtimeInputConfig,
    }),
    sessionResumption: { ...setup.sessionResumption },
    ...definedProps({
      contextWindowCompression: setup.contextWindowCompression,
      inputAudioTranscription: setup.inputAudioTranscription && {},
      outputAudioTranscription: setup.outputAudioTranscription && {},
    }),
  };
  return { model: setup.model, config };
}
