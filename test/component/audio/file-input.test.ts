import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { FileInput } from '../../../src/audio/devices/file-input.js';
import { decodeToMono } from '../../../src/audio/pcm/pcm.js';
import { encodeWav } from '../../../src/audio/pcm/wav.js';
import { UsageError } from '../../../src/errors.js';
import { RecordingSink } from '../../fakes/fake-audio.js';
import { FakeClock, flushPromises } from '../../fakes/fake-clock.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-file-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, data: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
}

function ramp(samples: number): Buffer {
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) pcm.writeInt16LE((i * 7) % 30000, i * 2);
  return pcm;
}

describe('FileInput', () => {
  it('streams a 16 kHz mono WAV unchanged, 20 ms per frame, at real-time pace, then ends', async () => {
    const pcm = ramp(16000 + 100); // 1 s + a partial frame
    const clock = new FakeClock();
    const sink = new RecordingSink();
    const input = new FileInput({ path: file('a.wav', encodeWav({ sampleRate: 16000, channels: 1 }, pcm)), clock });
    await input.start(sink);
    await clock.advanceAsync(0);
    expect(sink.chunks.length).toBe(1);
    await clock.advanceAsync(490);
    expect(sink.chunks.length).toBe(25); // frames due at 0, 20, …, 480
    expect(sink.ended).toBe(false);
    await clock.advanceAsync(600);
    expect(sink.ended).toBe(true);
    expect(sink.chunks.slice(0, -1).every((c) => c.length === 640)).toBe(true);
    expect(sink.chunks.at(-1)!.length).toBe(200);
    expect(sink.bytes).toEqual(pcm);
  });

  it('resamples and downmixes a 48 kHz stereo WAV to 16 kHz mono', async () => {
    const stereo = Buffer.alloc(48000 * 4 * 0.5);
    for (let i = 0; i < stereo.length / 4; i++) {
      const v = Math.round(10000 * Math.sin((2 * Math.PI * 500 * i) / 48000));
      stereo.writeInt16LE(v, i * 4);
      stereo.writeInt16LE(v, i * 4 + 2);
    }
    const clock = new FakeClock();
    const sink = new RecordingSink();
    await new FileInput({
      path: file('b.wav', encodeWav({ sampleRate: 48000, channels: 2 }, stereo)),
      clock,
      fast: true,
    }).start(sink);
    await sink.until(() => sink.ended);
    const out = decodeToMono({ encoding: 's16le', sampleRate: 16000, channels: 1 }, sink.bytes);
    expect(out.length).toBe(8000); // 0.5 s at 16 kHz
    expect(out.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeCloseTo(10000 / 32768, 2);
  });

  it('fast mode ignores the clock', async () => {
    const sink = new RecordingSink();
    await new FileInput({
      path: file('c.wav', encodeWav({ sampleRate: 16000, channels: 1 }, ramp(16000 * 3))),
      clock: new FakeClock(),
      fast: true,
    }).start(sink);
    await sink.until(() => sink.ended);
    expect(sink.bytes.length).toBe(96000);
  });

  it('streams raw PCM from stdin with --input-format as it arrives', async () => {
    const stdin = new PassThrough();
    const clock = new FakeClock();
    const sink = new RecordingSink();
    const input = new FileInput({
      path: '-',
      stdin,
      clock,
      format: { encoding: 's16le', sampleRate: 8000, channels: 1 },
    });
    const started = input.start(sink);
    stdin.write(ramp(800)); // 100 ms at 8 kHz
    await started;
    await clock.advanceAsync(200);
    expect(sink.bytes.length).toBe(4 * 640); // 100 ms upsampled = 1599 samples: 4 whole frames so far
    expect(sink.ended).toBe(false);
    stdin.end(ramp(800));
    await clock.advanceAsync(500);
    expect(sink.ended).toBe(true);
    expect(sink.chunks.map((c) => c.length)).toEqual([...Array(9).fill(640), 636]); // the port's frames; only the last is short
  });

  it('stop() ends delivery without end()', async () => {
    const clock = new FakeClock();
    const sink = new RecordingSink();
    const input = new FileInput({
      path: file('d.wav', encodeWav({ sampleRate: 16000, channels: 1 }, ramp(16000))),
      clock,
    });
    await input.start(sink);
    await clock.advanceAsync(100);
    await input.stop();
    const count = sink.chunks.length;
    expect(count).toBe(6); // frames due at 0, 20, …, 100
    await clock.advanceAsync(2000);
    expect(sink.chunks.length).toBe(count);
    expect(sink.ended).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it.each([
    ['missing file', () => path.join(dir, 'nope.wav'), (p: string) => `--input: no such file: ${p}`],
    ['directory', () => dir, (p: string) => `--input: ${p} is a directory`],
    [
      'not WAV',
      () => file('e.wav', Buffer.from('hello, not audio')),
      (p: string) => `${p} is not a WAV file (no RIFF/WAVE header)`,
    ],
    ['empty', () => file('f.wav', Buffer.alloc(0)), (p: string) => `${p} is empty`],
    [
      'truncated',
      () => file('g.wav', encodeWav({ sampleRate: 16000, channels: 1 }, ramp(100)).subarray(0, 100)),
      (p: string) => `${p} is truncated: data chunk declares 200 bytes but 56 are present`,
    ],
    [
      'header only',
      () => file('h.wav', encodeWav({ sampleRate: 16000, channels: 1 }, Buffer.alloc(0))),
      (p: string) => `${p} contains no audio samples`,
    ],
  ])('rejects a bad --input (%s) with one UsageError line', async (_name, make, message) => {
    const input = make();
    const error = await new FileInput({ path: input, clock: new FakeClock() })
      .start(new RecordingSink())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(message(input));
  });

  const RAW = { encoding: 's16le', sampleRate: 8000, channels: 3 } as const;
  const WAV_MESSAGE = 'is a WAV file, but --input-format is for raw PCM: drop --input-format';

  it('refuses a WAV file given with --input-format instead of playing its header as audio', async () => {
    const wav = file('q.wav', encodeWav({ sampleRate: 16000, channels: 1 }, ramp(1600)));
    const sink = new RecordingSink();
    const error = await new FileInput({ path: wav, clock: new FakeClock(), format: RAW })
      .start(sink)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`${wav} ${WAV_MESSAGE}`);
    expect(sink.bytes.length).toBe(0);
  });

  it('spots the WAV header on stdin even when it arrives a few bytes at a time', async () => {
    const stdin = new PassThrough();
    const wav = encodeWav({ sampleRate: 16000, channels: 1 }, ramp(1600));
    const started = new FileInput({ path: '-', stdin, clock: new FakeClock(), format: RAW })
      .start(new RecordingSink())
      .catch((e: unknown) => e);
    stdin.write(wav.subarray(0, 5));
    await flushPromises();
    stdin.write(wav.subarray(5, 9));
    await flushPromises();
    stdin.end(wav.subarray(9));
    const error = await started;
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`stdin ${WAV_MESSAGE}`);
  });

  it('still plays raw PCM shorter than a WAV header', async () => {
    const stdin = new PassThrough();
    const clock = new FakeClock();
    const sink = new RecordingSink();
    const started = new FileInput({
      path: '-',
      stdin,
      clock,
      format: { encoding: 's16le', sampleRate: 16000, channels: 1 },
    }).start(sink);
    stdin.end(ramp(4)); // 8 bytes
    await started;
    await clock.advanceAsync(100);
    expect(sink.ended).toBe(true);
    expect(sink.bytes.length).toBe(8); // delivered once the end rules out a header
  });

  it('rejects empty raw stdin', async () => {
    const stdin = new PassThrough();
    stdin.end();
    const error = await new FileInput({
      path: '-',
      stdin,
      clock: new FakeClock(),
      format: { encoding: 's16le', sampleRate: 16000, channels: 1 },
    })
      .start(new RecordingSink())
      .catch((e: unknown) => e);
    await flushPromises();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('stdin is empty');
  });
});
