// The user's turns in a recorded conversation, as the emulator itself would see them on replay:
// the same energy VAD (vad.ts) with the session's silence and sensitivity over the recorded input
// audio (its state kept across resumes, as a conversation keeps it), activityStart/End when
// automatic detection is off, realtimeInput.text and clientContent with turnComplete. A --scenario
// is stepped by exactly these turns, so they are what the exported turns must follow. Video frames
// count for the turn they came before, as the emulator counts them (recorded whole or as sizes).

import { decodeClientContent } from '../live/client-message.js';
import { decodeRealtimeInput } from '../live/realtime-input.js';
import type { SessionConfig } from '../live/session-config.js';
import { EnergyVad, type VadEvent } from '../live/vad.js';
import { mapAudio, mapFrames } from '../record/cassette.js';
import { frameObject, type Timed } from './timeline.js';

export type UserInput =
  { readonly kind: 'speech'; readonly speechMs: number } | { readonly kind: 'text'; readonly text: string };

export interface UserTurn {
  readonly input: UserInput;
  /** Where the user started (speech onset, activityStart, the text message): a barge-in point. */
  readonly startSeq: number;
  /** Where the turn ended and the model's answer may begin. */
  readonly endSeq: number;
  readonly session: number;
  readonly endT: number;
  /** Video frames since the previous user turn ended. */
  readonly frames: number;
}

export interface ClientSide {
  readonly turns: readonly UserTurn[];
  /** Where the user started speaking or sent text: what interrupts the model (a turn may never end). */
  readonly bargeIns: readonly number[];
  /** Where toolResponse messages came. */
  readonly toolResponses: readonly Timed[];
  /** Some input audio was recorded as its size only (--record-audio off): the VAD cannot hear it. */
  readonly audioWithoutBytes: boolean;
}

const hasSizeOnlyAudio = (json: unknown): boolean => {
  let found = false;
  mapAudio(json, (data) => {
    found ||= typeof data !== 'string';
    return data;
  });
  return found;
};

export function userTurns(lines: readonly Timed[], configs: readonly SessionConfig[]): ClientSide {
  const turns: UserTurn[] = [];
  const bargeIns: number[] = [];
  const toolResponses: Timed[] = [];
  let audioWithoutBytes = false;
  let vad: EnergyVad | undefined;
  let speechStart: number | undefined;
  let manual: { samples: number; rate: number } | undefined;
  let frames = 0;
  const end = (at: Timed, input: UserInput, startSeq = at.seq): void => {
    if (startSeq === at.seq) bargeIns.push(at.seq);
    turns.push({ input, startSeq, endSeq: at.seq, session: at.session, endT: at.t, frames });
    frames = 0;
  };
  const onVad = (at: Timed, event: VadEvent): void => {
    if (event.type === 'speechStart') bargeIns.push((speechStart = at.seq));
    else end(at, { kind: 'speech', speechMs: event.speechMs }, speechStart ?? at.seq);
  };
  for (const at of lines) {
    const json = at.line.dir === 'client' ? frameObject(at.line) : undefined;
    const config = configs[at.session];
    if (!json || !config) continue;
    if ('toolResponse' in json) toolResponses.push(at);
    if ('clientContent' in json) {
      const content = decodeClientContent(json['clientContent']);
      if (content.ok && content.value.turnComplete) end(at, { kind: 'text', text: content.value.texts.join(' ') });
    }
    if (!('realtimeInput' in json)) continue;
    mapFrames(json, (data) => {
      frames += 1;
      return data;
    });
    if (hasSizeOnlyAudio(json)) {
      audioWithoutBytes = true;
      continue;
    }
    const decoded = decodeRealtimeInput(json['realtimeInput']);
    // The upstream closed on a message this malformed; nothing of it reaches a turn.
    if (!decoded.ok) continue;
    for (const action of decoded.value) {
      if (action.type === 'text') end(at, { kind: 'text', text: action.text });
      else if (action.type === 'audio' && action.pcmRate !== undefined) {
        if (!config.automaticActivityDetection) {
          if (manual) manual = { samples: manual.samples + Math.floor(action.data.length / 2), rate: action.pcmRate };
          continue;
        }
        // As speech-turns.ts: a new detector when the rate or the silence changes.
        if (!vad || vad.options.sampleRate !== action.pcmRate || vad.options.silenceMs !== config.silenceMs) {
          vad = new EnergyVad({
            sampleRate: action.pcmRate,
            silenceMs: config.silenceMs,
            threshold: config.vadThreshold,
          });
        }
        for (const event of vad.push(action.data)) onVad(at, event);
      } else if (action.type === 'audioStreamEnd') {
        const event = vad?.flush();
        if (event) onVad(at, event);
      } else if (action.type === 'activityStart' && !config.automaticActivityDetection) {
        bargeIns.push((speechStart = at.seq));
        manual = { samples: 0, rate: manual?.rate ?? 16_000 };
      } else if (action.type === 'activityEnd' && !config.automaticActivityDetection && manual) {
        end(at, { kind: 'speech', speechMs: Math.round((manual.samples * 1000) / manual.rate) }, speechStart ?? at.seq);
        manual = undefined;
      }
    }
  }
  return { turns, bargeIns, toolResponses, audioWithoutBytes };
}
