// Client messages after setup: counts what arrived (per session and per conversation, for
// GET /emulator/sessions) and hands the content to the turn engine.

import type { CloseSpec } from './close-codes.js';
import { decodeClientContent, type MessageKind } from './client-message.js';
import { readFrame } from '../../parse/image-header.js';
import { decodeRealtimeInput } from './realtime-input.js';
import { TurnEngine, type TurnEngineDeps } from './turn-engine.js';

/** Distinct unreadable-frame warnings logged per connection: a client streaming bad frames gets a few lines, not one a frame. */
const FRAME_WARNINGS = 8;

export class SessionInput {
  readonly #engine: TurnEngine;
  readonly #warned = new Set<string>();

  constructor(private readonly deps: TurnEngineDeps) {
    this.#engine = new TurnEngine(deps);
  }

  /** A close to send when the message breaks a rule, else undefined. */
  handle(kind: MessageKind, body: unknown): CloseSpec | undefined {
    if (kind === 'realtimeInput') return this.#realtime(body);
    if (kind === 'clientContent') {
      const content = decodeClientContent(body);
      if (!content.ok) return content.close;
      this.#engine.clientContent(content.value.texts, content.value.turnComplete);
    }
    if (kind === 'toolResponse') return this.#engine.toolResponse(body);
    // contextUpdate: accepted and ignored (no source confirms server support).
    return undefined;
  }

  dispose(): void {
    this.#engine.dispose();
  }

  #realtime(body: unknown): CloseSpec | undefined {
    const decoded = decodeRealtimeInput(body);
    if (!decoded.ok) return decoded.close;
    const { conversation, stats } = this.deps;
    conversation.realtimeInputMessages += 1;
    stats.realtimeInputMessages += 1;
    for (const action of decoded.value) {
      if (action.type === 'audio') {
        conversation.audioBytesIn += action.data.length;
        conversation.audioFramesIn += 1;
        conversation.inputHash.update(action.data);
        stats.audioBytesIn += action.data.length;
        stats.audioFramesIn += 1;
        if (action.pcmRate !== undefined) this.#engine.speech.audio(action.data, action.pcmRate);
      } else if (action.type === 'video') this.#frame(action.data, action.mimeType);
      else if (action.type === 'text') this.#engine.text(action.text);
      else if (action.type === 'audioStreamEnd') this.#engine.speech.audioStreamEnd();
      else if (action.type === 'activityStart' || action.type === 'activityEnd') {
        const problem =
          action.type === 'activityStart' ? this.#engine.speech.activityStart() : this.#engine.speech.activityEnd();
        if (problem) return problem;
      }
    }
    return undefined;
  }

  /**
   * A frame is counted whether or not it is readable: the real service's answer to a frame that is not the JPEG
   * or PNG its mimeType names is unknown, so the emulator accepts it and says so in the log.
   */
  #frame(data: Buffer, mimeType: string): void {
    const frame = readFrame(data, mimeType);
    this.deps.stats.frames.add(frame);
    this.#engine.frame(frame);
    if (frame.problem === undefined || this.#warned.has(frame.problem) || this.#warned.size >= FRAME_WARNINGS) return;
    this.#warned.add(frame.problem);
    this.deps.warn?.(
      `video frame unreadable (${frame.problem}): counted as unreadable and accepted; the real service's rule is unconfirmed`,
    );
  }
}
