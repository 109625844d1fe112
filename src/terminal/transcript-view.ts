// What `talk` shows: either NDJSON events on stdout (--events, for scripts) or the conversation as
// text, turn by turn — the user's side dimmed, the point where they cut the model off marked.
// stdout carries the transcript (data); connection notes and warnings go to stderr (people).

import type { TalkEvent } from '../live/session/events.js';
import { escapeJsonForTerminal, printable } from '../printable.js';
import { createLiveText } from './live-text.js';
import type { StatusLine } from './status-line.js';
import type { Ui } from './ui.js';

export interface TranscriptViewOptions {
  readonly events: boolean;
  /** Redraw-aware printing when a status line is on screen. */
  readonly status?: StatusLine;
  readonly redact: (text: string) => string;
  /** stdout is a colour terminal (ui.color follows stderr, so this is asked separately). */
  readonly colorStdout: boolean;
  /** stdout is a terminal a person reads: transcripts are shown as they arrive (live-text.ts). */
  readonly live?: boolean;
}

/** Pure: what ends the model's line of a turn the user cut off, e.g. ` — [interrupted after 1.2 s]`. */
function interruptMark(turn: Extract<TalkEvent, { type: 'turn' }>, heardMs?: number): string {
  if (!turn.interrupted) return '';
  return ` — [interrupted${heardMs !== undefined ? ` after ${(heardMs / 1000).toFixed(1)} s` : ''}]`;
}

/** Pure: the transcript lines of one finished turn (no colour). */
export function formatTurn(
  turn: Extract<TalkEvent, { type: 'turn' }>,
  heardMs?: number,
): { user?: string; model?: string } {
  const mark = interruptMark(turn, heardMs);
  const model = turn.model || (turn.audioMs > 0 ? `(${(turn.audioMs / 1000).toFixed(1)} s of audio)` : '');
  return {
    ...(turn.user ? { user: `you: ${turn.user}` } : {}),
    ...(model || mark ? { model: `gemini: ${model}${mark}` } : {}),
  };
}

/**
 * Pure: a function call's line, e.g. `[tool get_weather({"city":"Oslo"}) → {"temp":3} 120 ms]`.
 * The name and arguments come from the server: the name loses its control characters (as all
 * server text shown does), the JSON keeps them escaped.
 */
export function formatTool(
  name: string,
  args: unknown,
  outcome: { response: unknown } | 'cancelled',
  durationMs: number,
): string {
  const json = (value: unknown): string => escapeJsonForTerminal(JSON.stringify(value) ?? 'null');
  const call = `${printable(name)}(${json(args ?? {})})`;
  if (outcome === 'cancelled') return `[tool ${call} cancelled after ${Math.round(durationMs)} ms]`;
  return `[tool ${call} → ${json(outcome.response)} ${Math.round(durationMs)} ms]`;
}

export function createTranscriptView(ui: Ui, options: TranscriptViewOptions): (event: TalkEvent) => void {
  const print = (write: () => void): void => (options.status ? options.status.around(write) : write());
  // Every string in an event may come from the server: redacted, then stripped of control sequences.
  const shown = (text: string): string => printable(options.redact(text));
  const transcript = (text: string): string => printable(options.redact(text), { multiline: true });
  let heardMs: number | undefined;
  const live = options.live && !options.events ? liveTurns(ui, options, transcript) : undefined;
  const toolArgs = new Map<string, unknown>();
  const toolLine = (id: string, line: (args: unknown) => string): void => {
    const args = toolArgs.get(id);
    toolArgs.delete(id);
    print(() => ui.data(shown(line(args))));
  };
  return (event) => {
    // JSON.stringify already writes C0 (ESC included) as \u001b; the rest is escaped here.
    if (options.events) return print(() => ui.data(escapeJsonForTerminal(options.redact(JSON.stringify(event)))));
    if (live && event.type === 'transcript') return live.fragment(event);
    if (live && event.type === 'turn') {
      const lines = live.turn(event, heardMs);
      heardMs = undefined;
      return print(() => lines.forEach((line) => ui.data(line)));
    }
    // Anything else shown finishes the open line; the next fragment starts a new one.
    if (event.type !== 'interrupted' && event.type !== 'toolCall') live?.end();
    switch (event.type) {
      case 'setup':
        return print(() =>
          ui.info(
            shown(`connected: ${event.model} (${event.apiVersion}), replies in ${event.modality}, echo ${event.echo}`),
          ),
        );
      case 'interrupted':
        heardMs = event.heardMs;
        return;
      case 'turn': {
        const lines = formatTurn(event, heardMs);
        heardMs = undefined;
        return print(() => {
          if (lines.user) ui.data(options.colorStdout ? ui.color.dim(transcript(lines.user)) : transcript(lines.user));
          if (lines.model) ui.data(transcript(lines.model));
        });
      }
      case 'toolCall':
        toolArgs.set(event.id, event.args);
        return;
      case 'toolResult':
        return toolLine(event.id, (args) => formatTool(event.name, args, event, event.durationMs));
      case 'toolCancelled':
        return toolLine(event.id, (args) => formatTool(event.name, args, 'cancelled', event.durationMs));
      case 'goAway':
        return print(() =>
          ui.debug(
            `goAway (time left ${shown(String(event.timeLeftMs ?? '?'))} ms): resuming the session on a new connection`,
          ),
        );
      case 'reconnecting':
        return print(() =>
          ui.info(
            `connection lost (${shown(event.reason)}): resuming, attempt ${event.attempt} of ${event.of} in ${(event.inMs / 1000).toFixed(1)} s`,
          ),
        );
      case 'token':
        return print(() => ui.debug(`fresh token (${event.source}) after ${shown(event.reason)}`));
      case 'resumed':
        return print(() =>
          ui.info(
            `session resumed (reconnect ${event.reconnects}${event.droppedFrames ? `, ${event.droppedFrames} mic frames dropped` : ''})`,
          ),
        );
      case 'warning':
        return print(() => ui.warn(shown(event.message)));
      case 'closed':
        return print(() =>
          ui.debug(`closed ${event.code}${event.reason ? ` ${shown(event.reason)}` : ''} by ${event.by}`),
        );
      default:
        return;
    }
  };
}

/**
 * Transcripts as they arrive: the user's words (typed or heard) on a `you:` line, the model's on a
 * `gemini:` line that grows. One line is open at a time; the words heard from the user while the
 * model's line is open (speech recognition often lags the reply) are kept for the end of the turn,
 * while a message typed meanwhile shows at once (the model's line goes on below it).
 */
function liveTurns(
  ui: Ui,
  options: TranscriptViewOptions,
  transcript: (text: string) => string,
): {
  fragment(event: Extract<TalkEvent, { type: 'transcript' }>): void;
  /** Finishes the turn's live lines; returns the lines still to print (what was not shown live). */
  turn(turn: Extract<TalkEvent, { type: 'turn' }>, heardMs: number | undefined): string[];
  end(): void;
} {
  const text = createLiveText(ui, options.status, transcript);
  const dim = (line: string): string => (options.colorStdout ? ui.color.dim(line) : line);
  let userSeen = false;
  let modelSeen = false;
  let userLater = '';
  return {
    fragment(event) {
      if (event.role === 'model') {
        modelSeen ||= event.text.trim() !== '';
        text.append('model', 'gemini: ', event.text);
      } else if (text.open === 'model' && !event.typed) userLater += event.text;
      else {
        userSeen ||= event.text.trim() !== '';
        text.append('user', 'you: ', event.text, { style: dim, ...(event.typed ? { whole: true } : {}) });
      }
    },
    turn(turn, heardMs) {
      const lines = formatTurn(turn, heardMs);
      // The model's line grows until here: the interruption mark ends it.
      const mark = interruptMark(turn, heardMs);
      if (modelSeen && mark) text.append('model', 'gemini: ', mark, { whole: true });
      text.end();
      const rest: string[] = [];
      if (!userSeen && lines.user) rest.push(dim(transcript(lines.user)));
      else if (userLater.trim()) rest.push(dim(transcript(`you: ${userLater.trim()}`)));
      if (!modelSeen && lines.model) rest.push(transcript(lines.model));
      userSeen = modelSeen = false;
      userLater = '';
      return rest;
    },
    end: () => text.end(),
  };
}
