// --replay's matching rules (match.ts, cursor.ts, load.ts): setup minus the resumption handle,
// messages in order, audio by duration (±20 %, runs by total), and a position + expectation when not.
import { describe, expect, it } from 'vitest';
import type { CassetteLine } from '../../../src/emulator/record/cassette.js';
import { ClientCursor } from '../../../src/emulator/replay/cursor.js';
import { liveCassette } from '../../../src/emulator/replay/load.js';
import { audioMs, clientMatches, describeMessage, setupKey } from '../../../src/emulator/replay/match.js';
import { shortReason } from '../../../src/emulator/replay/live.js';

const audio = (ms: number) => ({
  realtimeInput: { audio: { mimeType: 'audio/pcm;rate=16000', data: Buffer.alloc(ms * 32).toString('base64') } },
});
const sized = (ms: number) => ({
  realtimeInput: { audio: { mimeType: 'audio/pcm;rate=16000', data: { audioBytes: ms * 32 } } },
});
const text = (t: string) => ({ realtimeInput: { text: t } });
const END = { realtimeInput: { audioStreamEnd: true } };
const client = (json: unknown, t = 0): CassetteLine => ({ t, dir: 'client', kind: 'frame', json });

describe('match', () => {
  it('a setup matches without its resumption handle, and not with any other difference', () => {
    const a = { setup: { model: 'models/m', sessionResumption: { handle: 'h1' } } };
    expect(setupKey(a)).toBe(setupKey({ setup: { sessionResumption: {}, model: 'models/m' } }));
    expect(setupKey(a)).not.toBe(setupKey({ setup: { model: 'models/other', sessionResumption: { handle: 'h1' } } }));
  });

  it('audio by duration within ±20 %, with or without its bytes recorded', () => {
    expect(clientMatches(audio(40), audio(40))).toBe(true);
    expect(clientMatches(sized(40), audio(47))).toBe(true);
    expect(clientMatches(audio(40), audio(33))).toBe(true);
    expect(clientMatches(audio(40), audio(50))).toBe(false);
    expect(clientMatches(text('hi'), text('ho'))).toBe(false);
    expect(audioMs(sized(20))).toBe(20);
    expect(audioMs(text('x'))).toBeUndefined();
    expect(describeMessage(audio(20))).toBe('realtimeInput audio 20ms');
  });

  // A client's frame may carry a secret: a mismatch says what it was (type, size), never what it said.
  it('describes a message by its type and size without quoting any of it', () => {
    const secret = 'AIzaSyCanary-9f3e2d1c0b7a6958473625140q';
    const described = [
      describeMessage(`not json ${secret}`),
      describeMessage({ clientContent: { turns: [{ parts: [{ text: secret }] }] } }),
      describeMessage({ [secret]: 1 }),
      describeMessage({ realtimeInput: { text: secret } }),
      describeMessage([secret]),
    ];
    for (const text of described) expect(text.toLowerCase()).not.toContain('aizasy');
    expect(described[0]).toBe(`a text frame of ${secret.length + 9} characters`);
    expect(described[1]).toBe(
      `clientContent (${JSON.stringify({ clientContent: { turns: [{ parts: [{ text: secret }] }] } }).length} bytes of JSON)`,
    );
    expect(described[2]).toBe(`1 other field (${secret.length + 6} bytes of JSON)`);
  });

  it('a close reason never exceeds 123 bytes', () => {
    expect(
      Buffer.byteLength(shortReason(`replay mismatch: live-0001.ndjson message 3: expected ${'x'.repeat(300)}`)),
    ).toBeLessThanOrEqual(123);
  });
});

describe('ClientCursor', () => {
  const lines = [
    client({ setup: {} }),
    ...[1, 2, 3, 4, 5].map(() => client(audio(20))),
    client(END),
    client(text('bye')),
  ];

  it('follows the recording message by message', () => {
    const cursor = new ClientCursor(lines, 1);
    for (let i = 0; i < 5; i++) expect(cursor.accept(audio(20))).toEqual({ ok: true, consumed: 1 });
    expect(cursor.accept(END)).toEqual({ ok: true, consumed: 1 });
    expect(cursor.accept(text('bye'))).toEqual({ ok: true, consumed: 1 });
    expect(cursor.accept(text('more'))).toEqual({ ok: false, position: 9, expected: 'no further client message' });
  });

  it('a chunk fewer or a chunk more in an audio run is timing; what follows the run must still match', () => {
    const fewer = new ClientCursor(lines, 1);
    for (let i = 0; i < 4; i++) fewer.accept(audio(20));
    expect(fewer.accept(END)).toEqual({ ok: true, consumed: 2 });
    const more = new ClientCursor(lines, 1);
    for (let i = 0; i < 5; i++) more.accept(audio(20));
    expect(more.accept(audio(20))).toEqual({ ok: true, consumed: 0 });
    expect(more.accept(END)).toEqual({ ok: true, consumed: 1 });
  });

  it('a different message fails naming the position and what was expected; so does audio far beyond the run', () => {
    const cursor = new ClientCursor(lines, 1);
    cursor.accept(audio(20));
    expect(cursor.accept(text('hello'))).toEqual({ ok: false, position: 3, expected: 'realtimeInput audio 20ms' });
    const long = new ClientCursor(lines, 1);
    for (let i = 0; i < 5; i++) long.accept(audio(20));
    const steps = Array.from({ length: 20 }, () => long.accept(audio(20)));
    expect(steps.at(-1)).toEqual({ ok: false, position: 7, expected: 'realtimeInput (41 bytes of JSON)' });
  });
});

describe('liveCassette', () => {
  it('ties each server line to the client message before it and its delay after it', () => {
    const cassette = liveCassette('live-0001.ndjson', [
      { t: 0, dir: 'client', kind: 'open', path: '/ws/x?access_token=auth_tokens/<placeholder-3>' },
      client({ setup: { sessionResumption: { handle: 'h' } } }, 5),
      { t: 12, dir: 'server', kind: 'frame', json: { setupComplete: {} } },
      client(audio(20), 30),
      { t: 100, dir: 'server', kind: 'frame', json: { goAway: { timeLeft: '1s' } } },
      { t: 140, dir: 'server', kind: 'close', code: 1011, reason: 'Deadline expired' },
    ]);
    expect(cassette.placeholder).toBe(3);
    expect(cassette.handle).toBe('h');
    expect(cassette.closedByClient).toBe(false);
    expect(cassette.server.map((s) => [s.after, s.delayMs])).toEqual([
      [1, 7],
      [2, 70],
      [2, 110],
    ]);
  });
});
