// Pure helpers behind the real probes: the playback child's answer, speaker/fetch error sorting,
// and the PATH search.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readChildOutcome, type ChildExit } from '../../../src/audio/devices/playback-probe.js';
import { findOnPath } from '../../../src/commands/doctor/system-probes.js';
import { classifyPlaybackError } from '../../../src/audio/devices/playback-check.js';
import { describeFetchError } from '../../../src/commands/doctor/system-probes.js';
import { AudioDeviceError } from '../../../src/errors.js';

const exit = (over: Partial<ChildExit>): ChildExit => ({
  stdout: '',
  stderr: '',
  code: 0,
  signal: null,
  timedOut: false,
  timeoutMs: 10_000,
  ...over,
});

const ALSA_ABORT = `ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default
[../deps/mpg123/src/output/alsa.c:165] error: cannot open device default
node: pcm_params.c:2354: snd_pcm_hw_refine: Assertion \`pcm && params' failed.
`;

describe('readChildOutcome', () => {
  it.each([
    ['ok line', exit({ stdout: '{"kind":"ok"}\n' }), { kind: 'ok' }],
    [
      'addon line after noise',
      exit({ stdout: 'noise\n{"kind":"addon","message":"cannot play audio: x"}\n' }),
      { kind: 'addon', message: 'cannot play audio: x' },
    ],
    ['device line', exit({ stdout: '{"kind":"device","message":"busy"}' }), { kind: 'device', message: 'busy' }],
    [
      'SIGABRT inside libasound',
      exit({ code: null, signal: 'SIGABRT', stderr: ALSA_ABORT }),
      {
        kind: 'device',
        message:
          'the speaker addon crashed (SIGABRT) on the default playback device: error: cannot open device default',
      },
    ],
    [
      'killed after the timeout',
      exit({ code: null, signal: 'SIGKILL', timedOut: true }),
      { kind: 'device', message: 'the default playback device did not open within 10 s' },
    ],
    [
      'garbage with exit 0',
      exit({ stdout: 'not json' }),
      { kind: 'device', message: 'the speaker addon failed (exit code 0) on the default playback device' },
    ],
    [
      'wrong shape',
      exit({ stdout: '{"kind":"addon"}' }),
      { kind: 'device', message: 'the speaker addon failed (exit code 0) on the default playback device' },
    ],
    [
      'exit 1 with a plain line',
      exit({ code: 1, stderr: 'something broke\n' }),
      {
        kind: 'device',
        message: 'the speaker addon failed (exit code 1) on the default playback device: something broke',
      },
    ],
  ])('%s', (_name, input, expected) => {
    expect(readChildOutcome(input)).toEqual(expected);
  });
});

describe('classifyPlaybackError', () => {
  it.each([
    ['cannot play audio: the optional `speaker` package is not installed', 'addon'],
    ['cannot play audio: the `speaker` audio addon is not built for this machine', 'addon'],
    ['cannot open the audio output device: Device or resource busy', 'device'],
  ])('%s → %s', (message, kind) => {
    expect(classifyPlaybackError(new AudioDeviceError(message))).toEqual({ kind, message });
  });
});

describe('describeFetchError', () => {
  const open = new AbortController().signal;
  it.each([
    [
      Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND example.invalid'), { code: 'ENOTFOUND' }),
      }),
      'getaddrinfo ENOTFOUND example.invalid',
    ],
    [
      Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      }),
      'DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate',
    ],
    [Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }), 'ECONNRESET'],
    [Object.assign(new TypeError('fetch failed'), { cause: new Error('bad port') }), 'bad port'],
    [new TypeError('fetch failed'), 'fetch failed'],
  ])('%s → %s', (error, text) => {
    expect(describeFetchError(error, open)).toBe(text);
  });

  it('names the timeout when our own timer aborted the request', () => {
    const controller = new AbortController();
    controller.abort(new Error('no answer within 5 s'));
    expect(describeFetchError(new DOMException('aborted', 'AbortError'), controller.signal)).toBe(
      'no answer within 5 s',
    );
  });
});

describe('findOnPath', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-path-'));
  const second = mkdtempSync(path.join(tmpdir(), 'gemtoken-path-'));
  writeFileSync(path.join(dir, 'arecord'), '#!/bin/sh\n');
  chmodSync(path.join(dir, 'arecord'), 0o755);
  writeFileSync(path.join(dir, 'rec'), 'not executable');
  writeFileSync(path.join(second, 'rec'), '#!/bin/sh\n');
  chmodSync(path.join(second, 'rec'), 0o755);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(second, { recursive: true, force: true });
  });

  it.each([
    ['arecord', () => `/nonexistent:${dir}`, () => path.join(dir, 'arecord')],
    ['rec', () => `${dir}:${second}`, () => path.join(second, 'rec')],
    ['sox', () => `${dir}:${second}`, () => undefined],
    ['arecord', () => '', () => undefined],
  ])('%s on a PATH → found where executable', async (program, pathVar, expected) => {
    expect(await findOnPath(program, pathVar(), 'linux')).toBe(expected());
  });

  it('reads no PATH as empty', async () => {
    expect(await findOnPath('arecord', undefined, 'linux')).toBeUndefined();
  });
});
