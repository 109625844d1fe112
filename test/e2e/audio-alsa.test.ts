// The real `mic` and `speaker` adapters on real ALSA (file plugin, see test/helpers/alsa.ts).
// In-process: HOME/PATH are set on process.env so arecord (spawned by mic) and the speaker addon
// read the sandbox's .asoundrc. Bounded by bytes and polling deadlines, never by asserted wall time.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeInstall } from '../../src/audio/system/install-hints.js';
import { MicInput } from '../../src/audio/devices/mic-input.js';
import { PlaybackBuffer } from '../../src/audio/playback/playback-buffer.js';
import { systemClock } from '../../src/clock.js';
import { SpeakerOutput } from '../../src/audio/devices/speaker-output.js';
import { AudioDeviceError } from '../../src/errors.js';
import { RecordingSink } from '../fakes/fake-audio.js';
import { alsaAvailable, createAlsaSandbox, testPcm, type AlsaSandbox } from '../helpers/alsa.js';
import { expectNoProcessLeft } from '../helpers/processes.js';

const skipReason = alsaAvailable();

function withinDeadline<T>(promise: Promise<T>, deadlineMs = 5000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('deadline passed')), deadlineMs)),
  ]);
}

describe.skipIf(skipReason)('real ALSA', () => {
  const saved = { HOME: process.env.HOME, PATH: process.env.PATH };
  const capture = testPcm(64_000); // 2 s at 16 kHz
  let sandbox: AlsaSandbox;

  beforeAll(() => {
    sandbox = createAlsaSandbox(capture);
    Object.assign(process.env, sandbox.env);
  });

  afterAll(() => {
    process.env.HOME = saved.HOME;
    process.env.PATH = saved.PATH;
    sandbox.cleanup();
  });

  it('mic reads back exactly the PCM in the capture file, in 640-byte frames, and stop() leaves no process', async () => {
    const mic = new MicInput({ device: 'default' });
    const sink = new RecordingSink();
    await withinDeadline(mic.start(sink));
    const pid = mic.pid;
    expect(pid).toBeGreaterThan(0);
    await withinDeadline(sink.until(() => sink.bytes.length >= 12_800)); // 0.4 s
    await mic.stop();
    const got = sink.bytes;
    expect(got.subarray(0, 12_800)).toEqual(capture.subarray(0, 12_800));
    expect(sink.chunks.every((frame) => frame.length === 640)).toBe(true);
    expect(sink.errors).toEqual([]);
    expect(() => readFileSync(`/proc/${pid}/status`)).toThrow(); // arecord itself is gone
    await expectNoProcessLeft(sandbox.home); // and pv after it
  });

  it('arecord dying mid-session reaches the sink as an AudioDeviceError', async () => {
    const mic = new MicInput({ device: 'default' });
    const sink = new RecordingSink();
    await withinDeadline(mic.start(sink));
    process.kill(mic.pid!, 'SIGKILL');
    await withinDeadline(sink.until(() => sink.errors.length > 0));
    expect(sink.errors[0]).toBeInstanceOf(AudioDeviceError);
    expect(sink.errors[0]!.message).toBe('microphone stopped: arecord was killed by SIGKILL (device "default")');
    await mic.stop();
    await expectNoProcessLeft(sandbox.home);
  });

  it('an unknown --input-device is an AudioDeviceError naming the device', async () => {
    const mic = new MicInput({ device: 'nosuchdevice' });
    const error = await withinDeadline(mic.start(new RecordingSink())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioDeviceError);
    expect((error as AudioDeviceError).exitCode).toBe(6);
    expect((error as Error).message).toBe('cannot open audio input device "nosuchdevice": No such file or directory');
    expect((error as AudioDeviceError).hint).toContain('`gemtoken devices`');
    await mic.stop();
  });

  it('missing arecord on PATH is an AudioDeviceError with the install command, not a crash', async () => {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    const path = process.env.PATH;
    process.env.PATH = sandbox.home; // holds no arecord
    try {
      const mic = new MicInput({ device: 'default' });
      const error = await withinDeadline(mic.start(new RecordingSink())).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AudioDeviceError);
      expect((error as Error).message).toBe(
        'cannot start the microphone: arecord is not installed (not found on PATH)',
      );
      expect((error as AudioDeviceError).hint).toBe(describeInstall('linux', osRelease).microphone);
      if (/^ID(_LIKE)?=.*(debian|ubuntu)/m.test(osRelease))
        expect((error as AudioDeviceError).hint).toBe('sudo apt-get install alsa-utils');
      await mic.stop();
    } finally {
      process.env.PATH = path;
    }
  });

  it('speaker writes PCM that appears in the playback file, and close() returns', async () => {
    const pcm = testPcm(24_000, 7); // 0.5 s at 24 kHz
    const speaker = new SpeakerOutput({ sampleRate: 24_000 });
    await speaker.open();
    for (let at = 0; at < pcm.length; at += 4800) speaker.write(pcm.subarray(at, at + 4800));
    await withinDeadline(speaker.close());
    expect(speaker.error).toBeUndefined();
    const played = sandbox.played();
    expect(played.length).toBeGreaterThanOrEqual(pcm.length);
    expect(played.subarray(0, pcm.length)).toEqual(pcm);
  });

  it('the playback buffer paces model audio into the real speaker; flush stops it', async () => {
    const speaker = new SpeakerOutput({ sampleRate: 24_000 });
    await speaker.open();
    const buffer = new PlaybackBuffer({ output: speaker, clock: systemClock, leadMs: 150 });
    const reply = testPcm(24_000, 9); // 0.5 s
    for (let at = 0; at < reply.length; at += 2400) buffer.enqueue(reply.subarray(at, at + 2400));
    buffer.endTurn();
    await withinDeadline(buffer.drained());
    buffer.enqueue(testPcm(96_000, 11)); // 2 s, interrupted at once
    const report = buffer.flush();
    expect(report.inDeviceMs).toBeLessThanOrEqual(150);
    buffer.close();
    await withinDeadline(speaker.close());
    const played = sandbox.played(); // the file plugin truncates the file at each open
    expect(played.subarray(0, reply.length)).toEqual(reply);
    expect(played.length - reply.length).toBeLessThanOrEqual(24_000 * 2 * 0.15 + 8192); // ≤ lead (+ one ALSA period of padding)
  });
});
