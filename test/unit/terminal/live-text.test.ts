// Transcripts shown as they arrive (talk with stdout at a terminal): the model's line grows fragment
// by fragment above the status line, the user's typed line shows when sent, and what reaches the
// screen is what the end-of-turn lines said before (nothing twice, nothing lost, secrets redacted).
import { describe, expect, it } from 'vitest';
import type { Context } from '../../../src/context.js';
import type { StatusSnapshot, TalkEvent } from '../../../src/live/session/events.js';
import { SecretRegistry } from '../../../src/redact.js';
import { createLiveText, layout } from '../../../src/terminal/live-text.js';
import { createStatusLine } from '../../../src/terminal/status-line.js';
import { createTranscriptView } from '../../../src/terminal/transcript-view.js';
import { createUi } from '../../../src/terminal/ui.js';
import { renderScreen } from '../../helpers/screen.js';

const KEY = 'AIzaSyLIVETEXT0123456789abcdefghijklmno';

/** A terminal shared by stdout and stderr (`stderr` false: stderr goes elsewhere, as with 2>file). */
function terminal(stderr = true) {
  const screen: string[] = [];
  const stdout: string[] = [];
  const elsewhere: string[] = [];
  const secrets = new SecretRegistry();
  secrets.add(KEY);
  const ctx = {
    env: {},
    isTTY: { stdin: true, stdout: true, stderr },
    stdout: { write: (text: string) => (screen.push(text), stdout.push(text), true) },
    stderr: { write: (text: string) => ((stderr ? screen : elsewhere).push(text), true) },
    secrets,
    verbose: false,
  } as unknown as Context;
  return { ui: createUi(ctx), screen, stdout, elsewhere, secrets };
}

const snapshot: StatusSnapshot = {
  phase: 'speaking',
  micLevelDb: undefined,
  tokenMsLeft: undefined,
  echo: 'off',
  reconnects: 0,
  sentFrames: 0,
  gatedFrames: 0,
  droppedFrames: 0,
};
const STATUS = 'gemini is speaking  echo off';
const statusOptions = { pushToTalk: false, keys: false, mic: false };

describe('layout', () => {
  it('counts columns: wide characters two, combining marks none, tabs to the next stop of 8', () => {
    expect(layout('abc', 0)).toEqual({ text: 'abc', column: 3 });
    expect(layout('日本', 3)).toEqual({ text: '日本', column: 7 });
    expect(layout('e\u0301', 0).column).toBe(1);
    expect(layout('a\tb', 0)).toEqual({ text: 'a       b', column: 9 });
    expect(layout('one\ntwo', 5)).toEqual({ text: 'one\ntwo', column: 3 });
  });
});

describe('live text above the status line', () => {
  it('grows word by word on its row, wraps, and the status line stays below it', () => {
    const { ui, screen } = terminal();
    const status = createStatusLine(ui, () => 30, statusOptions);
    const live = createLiveText(ui, status, (text) => text);
    status.update(snapshot);
    const seen: string[][] = [];
    for (const word of ['Once', ' upon', ' a', ' time', ' there', ' was', ' a', ' terminal.']) {
      live.append('model', 'gemini: ', word);
      status.update(snapshot);
      seen.push(renderScreen(screen.join(''), 30));
    }
    // A word is written once the next one starts it (it may be the start of a longer word).
    expect(seen[0]).toEqual([STATUS]);
    expect(seen[1]).toEqual(['gemini: Once', STATUS]);
    // The space after "there" is the 31st column: it wraps, as any text does at a terminal.
    expect(seen[5]).toEqual(['gemini: Once upon a time there', '', STATUS]);
    expect(seen[7]).toEqual(['gemini: Once upon a time there', ' was a', STATUS]);
    live.end();
    expect(renderScreen(screen.join(''), 30)).toEqual(['gemini: Once upon a time there', ' was a terminal.', STATUS]);
  });

  it('a row filled to the last column goes on on the next row, where the status line was', () => {
    const { ui, screen } = terminal();
    const status = createStatusLine(ui, () => 20, statusOptions);
    const live = createLiveText(ui, status, (text) => text);
    status.update(snapshot);
    live.append('model', 'gemini: ', 'abcdefghijk ');
    expect(renderScreen(screen.join(''), 20)).toEqual(['gemini: abcdefghijk', 'gemini is speaking']);
    live.append('model', 'gemini: ', 'next ');
    live.end();
    expect(renderScreen(screen.join(''), 20)).toEqual(['gemini: abcdefghijk', 'next', 'gemini is speaking']);
  });

  it('a note written meanwhile goes below the row; the next fragment starts a new line', () => {
    const { ui, screen } = terminal();
    const status = createStatusLine(ui, () => 80, statusOptions);
    const live = createLiveText(ui, status, (text) => text);
    status.update(snapshot);
    live.append('model', 'gemini: ', 'Hello ');
    ui.info('connection lost: resuming');
    live.append('model', 'gemini: ', 'again ');
    live.append('user', 'you: ', 'stop', { whole: true });
    expect(renderScreen(screen.join(''), 80)).toEqual([
      'gemini: Hello',
      'connection lost: resuming',
      'gemini: again',
      'you: stop',
      STATUS,
    ]);
  });

  it('without a status line (stderr elsewhere) the pieces are plain stdout text', () => {
    const { ui, screen, elsewhere } = terminal(false);
    const live = createLiveText(ui, undefined, (text) => text);
    live.append('model', 'gemini: ', ' Hi');
    live.append('model', 'gemini: ', ' there');
    live.end();
    expect(screen).toEqual(['gemini: Hi ', 'there\n']);
    expect(elsewhere).toEqual([]);
  });
});

describe('the transcript view, live', () => {
  const turn = (fields: Partial<Extract<TalkEvent, { type: 'turn' }>>): TalkEvent => ({
    type: 'turn',
    turn: 1,
    user: '',
    model: '',
    interrupted: false,
    audioBytes: 48_000,
    audioMs: 1000,
    ...fields,
  });

  function view() {
    const term = terminal();
    const status = createStatusLine(term.ui, () => 80, statusOptions);
    status.update(snapshot);
    const show = createTranscriptView(term.ui, {
      events: false,
      live: true,
      status,
      colorStdout: false,
      redact: (text) => term.secrets.redact(text),
    });
    return { ...term, show, lines: () => renderScreen(term.screen.join(''), 80) };
  }

  it('the typed line shows when sent; the reply grows; the turn adds only its mark', () => {
    const { show, lines } = view();
    show({ type: 'transcript', role: 'user', text: 'tell me a story', typed: true });
    expect(lines()).toEqual(['you: tell me a story', STATUS]);
    show({ type: 'transcript', role: 'model', text: 'Once' });
    show({ type: 'transcript', role: 'model', text: ' upon' });
    expect(lines()).toEqual(['you: tell me a story', 'gemini: Once', STATUS]);
    show({ type: 'interrupted', turn: 1, modelText: 'Once upon', heardMs: 1234 });
    show(turn({ user: 'tell me a story', model: 'Once upon', interrupted: true }));
    expect(lines()).toEqual(['you: tell me a story', 'gemini: Once upon — [interrupted after 1.2 s]', STATUS]);
  });

  it('a message typed while the model speaks shows at once; the cut reply is marked below it', () => {
    const { show, lines } = view();
    show({ type: 'transcript', role: 'model', text: 'Once upon a' });
    show({ type: 'transcript', role: 'user', text: 'stop', typed: true });
    expect(lines()).toEqual(['gemini: Once upon a', 'you: stop', STATUS]);
    show({ type: 'interrupted', turn: 1, modelText: 'Once upon a', heardMs: 800 });
    show(turn({ user: 'stop', model: 'Once upon a', interrupted: true }));
    expect(lines()).toEqual(['gemini: Once upon a', 'you: stop', 'gemini: — [interrupted after 0.8 s]', STATUS]);
  });

  it('speech heard while the model speaks follows its line; a turn with no transcript prints as before', () => {
    const { show, lines } = view();
    show({ type: 'transcript', role: 'user', text: ' what' });
    show({ type: 'transcript', role: 'model', text: 'It' });
    show({ type: 'transcript', role: 'user', text: ' time is it' });
    show({ type: 'transcript', role: 'model', text: ' is noon.' });
    show(turn({ user: 'what time is it', model: 'It is noon.' }));
    show(turn({ turn: 2 }));
    expect(lines()).toEqual([
      'you: what',
      'gemini: It is noon.',
      'you: time is it',
      'gemini: (1.0 s of audio)',
      STATUS,
    ]);
  });

  it('a key the server splits over two fragments is redacted whole, never shown in part', () => {
    const { show, screen, lines } = view();
    show({ type: 'transcript', role: 'model', text: `the key is ${KEY.slice(0, 20)}` });
    show({ type: 'transcript', role: 'model', text: `${KEY.slice(20)} ok` });
    show(turn({ model: `the key is ${KEY} ok` }));
    expect(lines()).toEqual(['gemini: the key is [REDACTED] ok', STATUS]);
    expect(screen.join('')).not.toContain(KEY.slice(0, 12));
    expect(screen.join('')).not.toContain(KEY.slice(-12));
  });

  it('a control sequence split over fragments never reaches the terminal', () => {
    const { show, stdout } = view();
    for (const text of ['hi \x1b]0;new ', 'title\x07 and \x1b[', '2J done'])
      show({ type: 'transcript', role: 'model', text });
    show(turn({ model: 'hi' }));
    expect(stdout.join('')).toMatch(/^gemini: hi /);
    expect(stdout.join('')).not.toContain('\x1b');
    expect(stdout.join('')).not.toContain('\x07');
  });

  it('an auth header split from its value is held back until they can be redacted together', () => {
    const { show, screen, lines } = view();
    show({ type: 'transcript', role: 'model', text: 'use x-goog-api-key: ' });
    expect(lines()).toEqual(['gemini: use', STATUS]);
    show({ type: 'transcript', role: 'model', text: 'unregistered' });
    show({ type: 'transcript', role: 'model', text: '-secret-1234 now' });
    show(turn({ model: 'use x-goog-api-key: unregistered-secret-1234 now' }));
    expect(lines()).toEqual(['gemini: use x-goog-api-key: [REDACTED] now', STATUS]);
    expect(screen.join('')).not.toContain('unregistered');
  });
});
