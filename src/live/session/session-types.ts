// Inputs and outputs of the pure talk session (session-machine.ts). The shell (session-runner.ts)
// turns transport/device/keyboard/clock happenings into Happenings and carries out Commands.

import type { GemtokenError } from '../../errors.js';
import type { TalkEvent } from './events.js';
import type { SessionSetupOptions } from '../wire/setup-message.js';
import type { TransportFailure } from '../transport/transport.js';
import type { RecoveryConfig, TokenSupplyKind } from './recovery.js';
import type { FunctionCall, Outgoing, SetupMessage, VideoMime } from '../wire/wire-types.js';
import type { ToolOutcome } from './tool-outcome.js';

export const EchoMode = { headphones: 'headphones', halfDuplex: 'half-duplex' } as const;
export type EchoMode = (typeof EchoMode)[keyof typeof EchoMode];

/** `video`: stop or resume sending the camera's or the screen's frames. */
export type KeyAction = 'mute' | 'talk' | 'video' | 'quit';

export interface StartInput {
  readonly type: 'start';
}
export interface ConnectedInput {
  readonly type: 'connected';
  readonly id: number;
}
export interface ConnectFailedInput {
  readonly type: 'connect-failed';
  readonly id: number;
  readonly failure: TransportFailure;
}
export interface FrameInput {
  readonly type: 'frame';
  readonly id: number;
  readonly data: string | Buffer;
}
/** `by: 'client'`: our socket closed itself (it refused a server frame), not the server. */
export interface ClosedInput {
  readonly type: 'closed';
  readonly id: number;
  readonly code: number;
  readonly reason: string;
  readonly by?: 'client';
}
/** Capture PCM from the audio input. */
export interface CaptureInput {
  readonly type: 'audio';
  readonly pcm: Buffer;
}
/** One picture: an --image at the start, or a frame of --video, --camera or --screen at its time. */
export interface VideoInputHappening {
  readonly type: 'video';
  readonly image: Buffer;
  readonly mimeType: VideoMime;
}
export interface InputEndInput {
  readonly type: 'input-end';
}
export interface KeyInput {
  readonly type: 'key';
  readonly key: KeyAction;
}
export interface TextInput {
  readonly type: 'text';
  readonly text: string;
}
export interface TickInput {
  readonly type: 'tick';
}
/** The shell obtained a fresh token (after a RenewTokenCommand); the next connect uses it. */
export interface TokenRenewedInput {
  readonly type: 'token-renewed';
  readonly source: TokenSupplyKind;
  readonly expiresAt?: number;
  /** Sessions (and resumes) the fresh token allows, when known; 0 = unlimited. */
  readonly uses?: number;
}
export interface TokenFailedInput {
  readonly type: 'token-failed';
  readonly error: GemtokenError;
}
/** A tool handler (started by a RunToolCommand) finished. */
export interface ToolResultInput {
  readonly type: 'tool-result';
  readonly id: string;
  readonly outcome: ToolOutcome;
}

/** Something that happened to the session; the shell passes the time alongside (TalkSession.dispatch). */
export type Happening =
  | StartInput
  | ConnectedInput
  | ConnectFailedInput
  | FrameInput
  | ClosedInput
  | CaptureInput
  | VideoInputHappening
  | InputEndInput
  | KeyInput
  | TextInput
  | TickInput
  | TokenRenewedInput
  | TokenFailedInput
  | ToolResultInput;

export interface ConnectCommand {
  readonly type: 'connect';
  readonly id: number;
  readonly setup: SetupMessage;
}
export interface SendCommand {
  readonly type: 'send';
  readonly id: number;
  readonly message: Outgoing;
}
export interface CloseCommand {
  readonly type: 'close';
  readonly id: number;
  readonly code: number;
  readonly reason: string;
}
/** Drop the connection without a close handshake (its close did not finish in time; one-socket-per-session). */
export interface TerminateCommand {
  readonly type: 'terminate';
  readonly id: number;
}
/** Get a fresh token (mint, or --token-command); answered with token-renewed or token-failed. */
export interface RenewTokenCommand {
  readonly type: 'renew-token';
}
/** Model audio (24 kHz s16le): to the playback buffer and the --output recorder. */
export interface PlayCommand {
  readonly type: 'play';
  readonly pcm: Buffer;
}
/** Barge-in: drop everything queued for playback now. */
export interface FlushCommand {
  readonly type: 'flush';
}
/** Start the handler of one function call; answered with a tool-result input. */
export interface RunToolCommand {
  readonly type: 'run-tool';
  readonly call: FunctionCall;
}
/** Stop a running handler (toolCallCancellation); its result, if any, is dropped. */
export interface CancelToolCommand {
  readonly type: 'cancel-tool';
  readonly id: string;
}
export interface EventCommand {
  readonly type: 'event';
  readonly event: TalkEvent;
}
/** The session is over: stop input, release everything; `drain` lets queued playback finish first. */
export interface FinishCommand {
  readonly type: 'finish';
  readonly drain: boolean;
  readonly error?: GemtokenError;
}

/** How a session ended: the close code and reason, and which side closed. */
export type Closing = { readonly code: number; readonly reason: string; readonly by: 'client' | 'server' };

export type Command =
  | ConnectCommand
  | SendCommand
  | CloseCommand
  | TerminateCommand
  | RenewTokenCommand
  | PlayCommand
  | FlushCommand
  | EventCommand
  | FinishCommand
  | RunToolCommand
  | CancelToolCommand;

export interface TalkSessionConfig extends RecoveryConfig {
  readonly setup: SessionSetupOptions;
  readonly apiVersion: string;
  readonly echo: EchoMode;
  /** Half-duplex keeps the mic closed this long after the model's audio ends (room reverb, device latency). */
  readonly echoTailMs: number;
  /** Model audio is played aloud; only then can a microphone pick it up. */
  readonly speaker: boolean;
  /** A live microphone (echo gating, bounded backlog) rather than a file or text. */
  readonly liveInput: boolean;
  readonly backlogLimitBytes: number;
  /** End after the first complete model turn. */
  readonly once: boolean;
  /** Wall-clock ms when the token stops working, if known (status line only). */
  readonly tokenExpiresAt?: number;
  /** Connects (sessions and resumes) the first token allows, when known; 0 = unlimited (TokenUses in recovery.ts). */
  readonly tokenUses?: number;
  /** After the input ended: end this long after the last reply finished. */
  readonly idleAfterReplyMs: number;
  /** After the input ended: give up if no reply starts within this. */
  readonly noReplyTimeoutMs: number;
  /** Before a resume, wait at most this for the old socket's close, then terminate it (one-socket-per-session). */
  readonly closeWaitMs: number;
  /** On goAway mid-turn, let the turn finish but resume at least this long before the server's deadline. */
  readonly resumeMarginMs: number;
  /** After a turn completes on a doomed connection, wait this long for the fresh resumption handle. */
  readonly handleGraceMs: number;
}

export const SESSION_DEFAULTS = {
  echoTailMs: 300,
  idleAfterReplyMs: 1500,
  noReplyTimeoutMs: 10_000,
  closeWaitMs: 1000,
  reconnectAttempts: 3,
  reconnectBackoffMs: 500,
  resumeMarginMs: 1000,
  handleGraceMs: 500,
} as const;
