import { describe, expect, it } from 'vitest';
import { KeyReader } from '../../../src/terminal/keys.js';
import {
  createStatusLine,
  fitStatus,
  formatMeter,
  formatStatus,
  formatTimeLeft,
  statusParts,
} from '../../../src/terminal/status-line.js';
import { formatTurn } from '../../../src/terminal/transcript-view.js';
import type { StatusSnapshot } from '../../../src/live/session/events.js';

describe('KeyReader', () => {
  it.each([
    ['m', [{ type: 'mute' }]],
    [' ', [{ type: 'talk' }]],
    ['q', [{ type: 'quit' }]],
    ['\x03', [{ type: 'interrupt' }]],
    ['x\x1b[A', []],
    ['mq', [{ type: 'mute' }, { type: 'quit' }]],
    ['\x1a', [{ type: 'suspend' }]],
    ['v', [{ type: 'video' }]],
  ])('%j', (input, actions) => expect(new KeyReader().feed(input)).toEqual(actions));

  it('t types a message: letters, backspace, Enter sends; keys inside the message are text', () => {
    const keys = new KeyReader();
    expect(keys.feed('t')).toEqual([{ type: 'typing', text: '' }]);
    expect(keys.feed('hm q').at(-1)).toEqual({ type: 'typing', text: 'hm q' });
    expect(keys.feed('\x7f').at(-1)).toEqual({ type: 'typing', text: 'hm ' });
    expect(keys.feed('!\r')).toEqual([
      { type: 'typing', text: 'hm !' },
      { type: 'typing', text: undefined },
      { type: 'send', text: 'hm !' },
    ]);
    expect(keys.feed('m')).toEqual([{ type: 'mute' }]);
  });

  it('Esc cancels, an empty message is not sent, Ctrl-C still interrupts while typing', () => {
    const keys = new KeyReader();
    keys.feed('tabc');
    expect(keys.feed('\x1b')).toEqual([{ type: 'typing', text: undefined }]);
    keys.feed('t');
    expect(keys.feed('\r')).toEqual([{ type: 'typing', text: undefined }]);
    keys.feed('tx');
    expect(keys.feed('\x03')).toEqual([{ type: 'interrupt' }]);
  });
});

describe('status line text', () => {
  const snapshot: StatusSnapshot = {
    phase: 'listening',
    micLevelDb: -30,
    tokenMsLeft: 29 * 60_000 + 5_000,
    echo: 'half-duplex',
    reconnects: 0,
    sentFrames: 10,
    gatedFrames: 0,
    droppedFrames: 0,
  };

  it.each([
    [undefined, ' '],
    [-Infinity, ' '], // digital silence (measureLevel)
    [-96, ' '],
    [-60, ' '],
    [-52.5, '▁'],
    [-30, '▄'],
    [-9.03, '▇'], // a half-scale sine
    [0, '█'],
    [3, '█'],
  ])('meter %j → %j', (db, bar) => expect(formatMeter(db)).toBe(bar));

  it.each([
    [undefined, undefined], // a bare token: its expiry is unknown, and `token ?` said nothing useful
    [65_000, 'token 1:05'],
    [3_725_000, 'token 1:02:05'],
    [0, 'token 0:00'],
  ])('time left %j → %s', (ms, text) => expect(formatTimeLeft(ms)).toBe(text));

  it('shows phase, meter, token, echo and the keys', () => {
    expect(formatStatus(snapshot, { pushToTalk: false, keys: true, mic: true })).toBe(
      'listening  mic ▄  token 29:05  echo half-duplex  m mute · t type · q quit',
    );
    expect(
      formatStatus({ ...snapshot, reconnects: 2, droppedFrames: 3 }, { pushToTalk: true, keys: false, mic: true }),
    ).toBe('listening  mic ▄  token 29:05  echo half-duplex  resumed ×2  dropped 3');
  });

  it('with a camera or the screen: its state and the v key that switches it', () => {
    const camera = { pushToTalk: false, keys: true, mic: true, video: 'camera /dev/video0' };
    expect(formatStatus({ ...snapshot, videoFrames: 12, videoOff: false }, camera)).toBe(
      'listening  mic ▄  token 29:05  echo half-duplex  camera /dev/video0 on (12 sent)  m mute · v video off · t type · q quit',
    );
    expect(formatStatus({ ...snapshot, videoFrames: 12, videoOff: true }, camera)).toContain(
      'echo half-duplex  camera /dev/video0 off  m mute · v video on',
    );
  });
});

describe('status line wording and width', () => {
  const snapshot: StatusSnapshot = {
    phase: 'listening',
    micLevelDb: -30,
    tokenMsLeft: 29 * 60_000 + 5_000,
    echo: 'half-duplex',
    reconnects: 0,
    sentFrames: 10,
    gatedFrames: 0,
    droppedFrames: 0,
  };
  const mic = { pushToTalk: false, keys: true, mic: true };
  const line = (s: Partial<StatusSnapshot>, options = mic, typing?: string, width = 200): string =>
    fitStatus(statusParts({ ...snapshot, ...s }, options, typing), width);

  it('says who is speaking', () => {
    expect(line({ phase: 'speaking' })).toMatch(/^gemini is speaking {2}/);
    expect(line({ phase: 'talking' }, { ...mic, pushToTalk: true })).toMatch(/^you're speaking {2}/);
  });

  it('muted offers m unmute; push-to-talk says what space does now', () => {
    expect(line({ phase: 'muted' })).toMatch(/m unmute · t type · q quit$/);
    expect(line({ phase: 'listening' })).toMatch(/ m mute · t type · q quit$/);
    expect(line({ phase: 'push-to-talk' }, { ...mic, pushToTalk: true })).toMatch(
      /space speak · m mute · t type · q quit$/,
    );
    expect(line({ phase: 'talking' }, { ...mic, pushToTalk: true })).toMatch(/space done · m mute · t type · q quit$/);
    expect(line({ phase: 'muted' }, { ...mic, pushToTalk: true })).not.toContain('space');
  });

  it('--text alone (no mic): no meter, no mute; a bare token: no token part', () => {
    expect(line({ tokenMsLeft: undefined, micLevelDb: undefined }, { pushToTalk: false, keys: true, mic: false })).toBe(
      'ready  echo half-duplex  t type · q quit',
    );
  });

  it('degrades by priority at 40 columns: state, then typed text, then meter, then keys', () => {
    expect(line({}, mic, undefined, 39)).toBe('listening  mic ▄  m mute · t type · q quit'.replace(' · t type', ''));
    expect(line({ phase: 'speaking' }, mic, undefined, 39)).toBe('gemini is speaking  mic ▄  q quit');
    expect(line({ phase: 'speaking' }, mic, undefined, 20)).toBe('gemini is speaking');
    for (const width of [39, 59, 79, 119])
      expect(line({ phase: 'speaking', reconnects: 2 }, mic, undefined, width).length).toBeLessThanOrEqual(width);
  });

  it('typing keeps the state and shows the end of what is typed', () => {
    expect(line({}, mic, 'hello', 39)).toBe('listening  mic ▄  message> hello');
    const long = 'please tell me about the weather in Oslo';
    const shown = line({}, mic, long, 39);
    expect(shown.length).toBeLessThanOrEqual(39);
    expect(shown).toMatch(/^listening {2}message> ….*in Oslo$/);
    expect(line({}, mic, long, 200)).toBe(`listening  mic ▄  message> ${long}`);
  });
});

describe('createStatusLine', () => {
  const snapshot: StatusSnapshot = {
    phase: 'listening',
    micLevelDb: undefined,
    tokenMsLeft: undefined,
    echo: 'off',
    reconnects: 0,
    sentFrames: 0,
    gatedFrames: 0,
    droppedFrames: 0,
  };
  const fakeUi = (out: string[]) =>
    ({ stderrRaw: (text: string) => void out.push(text), overlay: () => undefined }) as unknown as Parameters<
      typeof createStatusLine
    >[0];

  it('TERM=dumb overwrites with \\r and spaces, never an escape sequence', () => {
    const out: string[] = [];
    const line = createStatusLine(fakeUi(out), () => 80, { pushToTalk: false, keys: true, mic: false, dumb: true });
    line.update(snapshot);
    line.around(() => out.push('you: hi\n'));
    line.stop();
    expect(out.join('')).not.toContain('\x1b');
    expect(out).toEqual([
      '\rready  echo off  t type · q quit',
      `\r${' '.repeat(32)}\r`,
      'you: hi\n',
      '\rready  echo off  t type · q quit',
      `\r${' '.repeat(32)}\r`,
    ]);
  });

  it('a resize to fewer columns than the drawn line clears the rows it was rewrapped onto', () => {
    const out: string[] = [];
    let columns = 100;
    const line = createStatusLine(fakeUi(out), () => columns, { pushToTalk: false, keys: true, mic: true });
    line.update({ ...snapshot, tokenMsLeft: 60_000 });
    columns = 20;
    out.length = 0;
    line.resize();
    expect(out[0]).toBe('\x1b[3A\r\x1b[J'); // 64 columns drawn, now over 4 rows of 20
    expect(out[1]!.replace('\r\x1b[2K', '').length).toBeLessThanOrEqual(19);
  });
});

describe('formatTurn', () => {
  const turn = {
    type: 'turn' as const,
    turn: 1,
    user: 'tell me a story',
    model: 'Once upon',
    interrupted: false,
    audioBytes: 48_000,
    audioMs: 1000,
  };
  it.each([
    [turn, undefined, { user: 'you: tell me a story', model: 'gemini: Once upon' }],
    [
      { ...turn, interrupted: true },
      1234,
      { user: 'you: tell me a story', model: 'gemini: Once upon — [interrupted after 1.2 s]' },
    ],
    [
      { ...turn, interrupted: true },
      undefined,
      { user: 'you: tell me a story', model: 'gemini: Once upon — [interrupted]' },
    ],
    [{ ...turn, model: '', user: '' }, undefined, { model: 'gemini: (1.0 s of audio)' }],
  ])('%#', (input, heard, expected) => expect(formatTurn(input, heard)).toEqual(expected));
});
