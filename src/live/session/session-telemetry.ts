// What a session counts and shows: the status line's snapshot and the counts of the final `closed`
// event. None of it decides anything, so it is kept apart from the protocol state the machine acts on.

import type { Phase, StatusSnapshot, TalkEvent } from './events.js';
import type { TalkSessionConfig } from './session-types.js';
import type { Outgoing } from '../wire/wire-types.js';
import { definedProps } from '../../defined-props.js';

/** The counts owned by the parts that cause them: echo gating and the bounded backlog. */
export interface CountSources {
  readonly gatedFrames: () => number;
  readonly droppedFrames: () => number;
  /** The `v` key switched picture sending off. */
  readonly videoOff: () => boolean;
  /** What recovery is doing between connections, for the status line. */
  readonly note: () => string | undefined;
}

export class SessionTelemetry {
  readonly #config: TalkSessionConfig;
  readonly #sources: CountSources;
  reconnects = 0;
  /** Wall-clock ms; replaced when a fresh token arrives. */
  tokenExpiresAt: number | undefined;
  #sentFrames = 0;
  #sentAudioBytes = 0;
  #sentPictures = 0;

  constructor(config: TalkSessionConfig, sources: CountSources) {
    this.#config = config;
    this.#sources = sources;
    this.tokenExpiresAt = config.tokenExpiresAt;
  }

  /** A realtime message went onto a socket. */
  sent(message: Outgoing): void {
    if ('video' in message) this.#sentPictures += 1;
    if (!('audio' in message)) return;
    this.#sentFrames += 1;
    this.#sentAudioBytes += base64Bytes(message.audio.data);
  }

  /** `wallNow`: the token's expiry is wall-clock time. */
  snapshot(phase: Phase, micLevelDb: number | undefined, wallNow: number): StatusSnapshot {
    const { tokenExpiresAt } = this;
    return {
      phase,
      micLevelDb,
      tokenMsLeft: tokenExpiresAt === undefined ? undefined : Math.max(0, tokenExpiresAt - wallNow),
      echo: echoLabel(this.#config),
      reconnects: this.reconnects,
      // The note is a fixed word ('new token', 'retry n/m') or unset, never ''.
      ...definedProps({ note: this.#sources.note() }),
      sentFrames: this.#sentFrames,
      gatedFrames: this.#sources.gatedFrames(),
      droppedFrames: this.#sources.droppedFrames(),
      ...(this.#sentPictures > 0 || this.#sources.videoOff()
        ? { videoFrames: this.#sentPictures, videoOff: this.#sources.videoOff() }
        : {}),
    };
  }

  /** A connection came up: the session's first (`setup`) or a resume (`resumed`, with what was held meanwhile). */
  upEvent(up: 'first' | 'resumed', backlogMessages: number): TalkEvent {
    const c = this.#config;
    if (up === 'first')
      return {
        type: 'setup',
        model: c.setup.model,
        apiVersion: c.apiVersion,
        modality: c.setup.modality,
        echo: echoLabel(c),
        pushToTalk: c.setup.pushToTalk,
      };
    return {
      type: 'resumed',
      reconnects: this.reconnects,
      backlogMessages,
      droppedFrames: this.#sources.droppedFrames(),
    };
  }

  /** The counts the `closed` event reports. */
  closed(): { audioBytesSent: number; droppedFrames: number; gatedFrames: number; framesSent?: number } {
    return {
      audioBytesSent: this.#sentAudioBytes,
      droppedFrames: this.#sources.droppedFrames(),
      gatedFrames: this.#sources.gatedFrames(),
      ...(this.#sentPictures > 0 ? { framesSent: this.#sentPictures } : {}),
    };
  }
}

/** Echo handling only matters when a live microphone can hear the speaker. */
export function echoLabel({
  echo,
  speaker,
  liveInput,
}: Pick<TalkSessionConfig, 'echo' | 'speaker' | 'liveInput'>): string {
  return speaker && liveInput ? echo : 'off';
}

/** Decoded length of base64 text, without decoding it. */
export function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return (data.length / 4) * 3 - padding;
}
