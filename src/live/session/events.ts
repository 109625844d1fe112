// What a talk session reports to the outside world: the view (transcript + status line), the
// `--events` NDJSON stream and the `--transcript` JSONL file all consume these.

export type Role = 'user' | 'model';

export type TalkEvent =
  | {
      readonly type: 'setup';
      readonly model: string;
      readonly apiVersion: string;
      readonly modality: string;
      readonly echo: string;
      readonly pushToTalk: boolean;
    }
  /** A transcript fragment as it arrives; `turn` carries the whole text. `typed`: a whole message the user sent. */
  | { readonly type: 'transcript'; readonly role: Role; readonly text: string; readonly typed?: true }
  /** `heardMs`: how much of the cut reply had actually played (from the playback buffer). */
  | { readonly type: 'interrupted'; readonly turn: number; readonly modelText: string; readonly heardMs?: number }
  | {
      readonly type: 'turn';
      readonly turn: number;
      readonly user: string;
      readonly model: string;
      readonly interrupted: boolean;
      readonly audioBytes: number;
      readonly audioMs: number;
      /** Pictures sent (--image, --video, --camera, --screen) for this turn: since the model began the previous answer; absent when none. */
      readonly frames?: number;
      /** The connection was replaced (goAway) before the server finished this turn. */
      readonly cutByReconnect?: true;
    }
  | { readonly type: 'goAway'; readonly timeLeftMs: number | null; readonly resumable: boolean }
  | {
      readonly type: 'resumed';
      readonly reconnects: number;
      readonly backlogMessages: number;
      readonly droppedFrames: number;
    }
  /** The connection dropped (or a resume failed) for a transient reason: attempt `attempt` of `of` in `inMs`. */
  | {
      readonly type: 'reconnecting';
      readonly attempt: number;
      readonly of: number;
      readonly inMs: number;
      readonly reason: string;
    }
  /** A fresh token replaced one the service refused (`reason`); never carries the token itself. */
  | { readonly type: 'token'; readonly source: 'minted' | 'command'; readonly reason: string }
  | { readonly type: 'warning'; readonly message: string }
  /** The model called a function; its handler runs now. */
  | {
      readonly type: 'toolCall';
      readonly id: string;
      readonly name: string;
      readonly args: Readonly<Record<string, unknown>>;
    }
  /** The answer that went to the model (`error`: the handler failed and the model got {"error": …}). */
  | {
      readonly type: 'toolResult';
      readonly id: string;
      readonly name: string;
      readonly response: Readonly<Record<string, unknown>>;
      readonly durationMs: number;
      readonly scheduling?: string;
      readonly error?: true;
    }
  /** The server withdrew the call (toolCallCancellation): its handler was stopped and nothing was answered. */
  | { readonly type: 'toolCancelled'; readonly id: string; readonly name: string; readonly durationMs: number }
  /** The last event. `audioBytesSent`: capture PCM put on the wire over all connections. */
  | {
      readonly type: 'closed';
      readonly code: number;
      readonly reason: string;
      readonly by: 'client' | 'server';
      readonly audioBytesSent: number;
      readonly droppedFrames: number;
      /** Capture chunks held back by half-duplex echo gating. */
      readonly gatedFrames: number;
      /** Pictures put on the wire, and pictures dropped (a slow socket keeps only the newest), when there were any. */
      readonly framesSent?: number;
      readonly framesDropped?: number;
      /** Model audio dropped, oldest first, because more than 10 s was queued for the speaker (only with a speaker). */
      readonly playbackDroppedMs?: number;
    };

export type Phase =
  'connecting' | 'listening' | 'speaking' | 'muted' | 'push-to-talk' | 'talking' | 'reconnecting' | 'closing';

/** Everything the status line shows; computed on demand, never pushed. */
export interface StatusSnapshot {
  readonly phase: Phase;
  /** dBFS of the last capture frame (−∞ … 0), undefined before any audio. */
  readonly micLevelDb: number | undefined;
  readonly tokenMsLeft: number | undefined;
  readonly echo: string;
  readonly reconnects: number;
  /** What the session is recovering from right now, e.g. "retry 2/3" or "new token". */
  readonly note?: string;
  readonly sentFrames: number;
  readonly gatedFrames: number;
  readonly droppedFrames: number;
  /** Pictures sent; `videoOff`: the `v` key switched sending off. */
  readonly videoFrames?: number;
  readonly videoOff?: boolean;
}
