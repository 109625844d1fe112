// Frames in cassettes: --record-audio=off keeps a frame's size and dimensions, never its data; --replay
// matches frames by width, height and format (with or without their bytes recorded), lets them shift a
// chunk within an audio run, and names a frame it expected by its size.
import { describe, expect, it } from 'vitest';
import { dropAudio, type CassetteLine } from '../../../src/emulator/record/cassette.js';
import { cassetteLineProblem } from '../../../src/emulator/record/line-check.js';
import { ClientCursor } from '../../../src/emulator/replay/cursor.js';
import { clientMatches, describeMessage, isAudioOnly } from '../../../src/emulator/replay/match.js';
import { jpegHeader, png } from '../../helpers/images.js';

const frame = (data: Buffer, mimeType = 'image/jpeg') => ({
  realtimeInput: { video: { mimeType, data: data.toString('base64') } },
});
const audio = (ms: number) => ({
  realtimeInput: { audio: { mimeType: 'audio/pcm;rate=16000', data: Buffer.alloc(ms * 32).toString('base64') } },
});
const client = (json: unknown): CassetteLine => ({ t: 0, dir: 'client', kind: 'frame', json });
const jpeg = jpegHeader(640, 480);

describe('frames recorded without media', () => {
  it('keep bytes, width, height and format; an unreadable one its bytes; audio beside them its size', () => {
    const message = {
      realtimeInput: {
        video: { mimeType: 'image/jpeg', data: jpeg.toString('base64') },
        mediaChunks: [{ mimeType: 'image/png', data: Buffer.from('junk').toString('base64') }],
        audio: { mimeType: 'audio/pcm;rate=16000', data: Buffer.alloc(64).toString('base64') },
      },
    };
    expect(dropAudio(message)).toEqual({
      realtimeInput: {
        video: { mimeType: 'image/jpeg', data: { frameBytes: jpeg.length, width: 640, height: 480, format: 'JPEG' } },
        mediaChunks: [{ mimeType: 'image/png', data: { frameBytes: 4 } }],
        audio: { mimeType: 'audio/pcm;rate=16000', data: { audioBytes: 64 } },
      },
    });
    expect(JSON.stringify(dropAudio(message))).not.toContain(jpeg.toString('base64').slice(0, 12));
  });

  it('a cassette line with a frame size passes the line check; a huge or fractional one does not', () => {
    const line = (frameBytes: number) =>
      client({ realtimeInput: { video: { mimeType: 'image/png', data: { frameBytes } } } });
    expect(cassetteLineProblem(line(10))).toBeUndefined();
    expect(cassetteLineProblem(line(1e12))).toMatch(/"frameBytes" must be a whole number/);
    expect(cassetteLineProblem(line(1.5))).toMatch(/"frameBytes" must be a whole number/);
  });
});

describe('frames on replay', () => {
  it('match by width, height and format, whether recorded whole or as sizes', () => {
    const other = jpegHeader(640, 480, 0xc2); // a progressive JPEG of the same size: other bytes
    expect(clientMatches(frame(jpeg), frame(other))).toBe(true);
    expect(clientMatches(dropAudio(frame(jpeg)), frame(other))).toBe(true);
    expect(clientMatches(dropAudio(frame(jpeg)), frame(jpegHeader(320, 240)))).toBe(false);
    expect(clientMatches(frame(png(2, 2), 'image/png'), frame(jpegHeader(2, 2), 'image/png'))).toBe(false);
    expect(clientMatches(dropAudio(frame(Buffer.from('x'))), frame(Buffer.from('yy')))).toBe(true);
  });

  it('a frame in mediaChunks is no audio chunk: it cannot pass as one more chunk of a run', () => {
    const chunk = (data: Buffer) => ({
      realtimeInput: { mediaChunks: [{ mimeType: 'image/png', data: data.toString('base64') }] },
    });
    expect(isAudioOnly(chunk(png(2, 2)))).toBe(false);
    expect(isAudioOnly({ realtimeInput: { mediaChunks: [{ mimeType: 'audio/pcm', data: 'AAAA' }] } })).toBe(true);
    const cursor = new ClientCursor([audio(20), audio(20), { realtimeInput: { text: 'hi' } }].map(client));
    cursor.accept(audio(20));
    cursor.accept(audio(20));
    expect(cursor.accept(chunk(png(2, 2)))).toMatchObject({ ok: false, position: 3 });
  });

  it('name a frame by its size', () => {
    expect(describeMessage(dropAudio(frame(jpeg)))).toBe('realtimeInput frame 640×480 JPEG');
    expect(describeMessage(frame(Buffer.from('x')))).toBe('realtimeInput frame unreadable');
  });

  it('may arrive a chunk earlier or later within a run of audio than recorded', () => {
    const recorded = [audio(20), audio(20), frame(jpeg), audio(20), audio(20), { realtimeInput: { text: 'hi' } }];
    const early = new ClientCursor(recorded.map((json) => client(dropAudio(json))));
    for (const got of [audio(20), frame(jpeg), audio(20), audio(20), audio(20), { realtimeInput: { text: 'hi' } }])
      expect(early.accept(got)).toMatchObject({ ok: true });
    const late = new ClientCursor(recorded.map(client));
    for (const got of [audio(20), audio(20), audio(20), frame(jpeg), audio(20), { realtimeInput: { text: 'hi' } }])
      expect(late.accept(got)).toMatchObject({ ok: true });
    const wrong = new ClientCursor(recorded.map(client));
    wrong.accept(audio(20));
    wrong.accept(audio(20));
    expect(wrong.accept(frame(png(4, 4), 'image/png'))).toEqual({
      ok: false,
      position: 3,
      expected: 'realtimeInput frame 640×480 JPEG',
    });
  });
});
