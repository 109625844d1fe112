import { describe, expect, it } from 'vitest';
import { CaptureHeaderStripper } from '../../../src/audio/devices/mic-input.js';
import { describeCaptureExit, describeSpawnError } from '../../../src/audio/devices/capture-errors.js';
import { pickDeviceHint } from '../../../src/audio/devices/device-hints.js';
import { describeInstall, linuxFamily } from '../../../src/audio/system/install-hints.js';
import { encodeWavHeader } from '../../../src/audio/pcm/wav.js';
import { AudioDeviceError } from '../../../src/errors.js';

describe('describeInstall', () => {
  it.each([
    [
      'linux',
      'ID=debian\nVERSION_ID="12"',
      'sudo apt-get install alsa-utils',
      'sudo apt-get install libasound2-dev && npm rebuild speaker',
    ],
    [
      'linux',
      'ID=ubuntu\nID_LIKE=debian',
      'sudo apt-get install alsa-utils',
      'sudo apt-get install libasound2-dev && npm rebuild speaker',
    ],
    [
      'linux',
      'ID=linuxmint\nID_LIKE="ubuntu debian"',
      'sudo apt-get install alsa-utils',
      'sudo apt-get install libasound2-dev && npm rebuild speaker',
    ],
    ['linux', 'ID=fedora', 'sudo dnf install alsa-utils', 'sudo dnf install alsa-lib-devel && npm rebuild speaker'],
    [
      'linux',
      'ID="rocky"\nID_LIKE="rhel centos fedora"',
      'sudo dnf install alsa-utils',
      'sudo dnf install alsa-lib-devel && npm rebuild speaker',
    ],
    ['linux', 'ID=arch', 'sudo pacman -S alsa-utils', 'sudo pacman -S alsa-lib && npm rebuild speaker'],
    ['darwin', undefined, 'brew install sox', 'xcode-select --install && npm rebuild speaker'],
  ] as const)('%s %j', (platform, osRelease, microphone, speaker) => {
    expect(describeInstall(platform, osRelease)).toMatchObject({ microphone, speaker });
  });

  it.each([
    ['linux', 'ID=ubuntu\nID_LIKE=debian', 'sudo apt-get install ffmpeg'],
    ['linux', 'ID=fedora', 'sudo dnf install ffmpeg-free'],
    ['linux', 'ID=arch', 'sudo pacman -S ffmpeg'],
    ['darwin', undefined, 'brew install ffmpeg'],
    ['win32', undefined, 'winget install ffmpeg'],
  ] as const)('ffmpeg on %s %j: %s', (platform, osRelease, ffmpeg) => {
    expect(describeInstall(platform, osRelease).ffmpeg).toBe(ffmpeg);
  });

  it('names SoX on PATH for Windows and both families for an unknown Linux', () => {
    expect(describeInstall('win32').microphone).toBe(
      'install SoX (https://sourceforge.net/projects/sox/) and add the folder with sox.exe to PATH',
    );
    expect(describeInstall('linux', 'ID=gentoo')).toMatchObject({
      microphone:
        'install alsa-utils (Debian/Ubuntu: sudo apt-get install alsa-utils; Fedora: sudo dnf install alsa-utils)',
      speaker:
        'install the ALSA headers (Debian/Ubuntu: libasound2-dev; Fedora: alsa-lib-devel), then npm rebuild speaker',
    });
    expect(linuxFamily(undefined)).toBe('unknown');
  });
});

describe('capture errors', () => {
  const hints = describeInstall('linux', 'ID=debian');
  it.each([
    [
      'ENOENT',
      'cannot start the microphone: arecord is not installed (not found on PATH)',
      'sudo apt-get install alsa-utils',
    ],
    ['EACCES', 'cannot start the microphone: permission denied running arecord', 'sudo apt-get install alsa-utils'],
  ])('spawn %s', (code, message, hint) => {
    const error = describeSpawnError(Object.assign(new Error(`spawn arecord ${code}`), { code }), 'arecord', hints);
    expect(error).toBeInstanceOf(AudioDeviceError);
    expect([error.message, error.hint]).toEqual([message, hint]);
  });

  it.each([
    [
      'unknown device',
      'ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM usb\narecord: main:831: audio open error: No such file or directory\n',
      'cannot open audio input device "usb": No such file or directory',
      'list capture devices with `gemtoken devices` and pass one to --input-device, or use --input-device default',
    ],
    [
      'busy',
      'arecord: main:831: audio open error: Device or resource busy\n',
      'cannot open audio input device "usb": Device or resource busy',
      'another program holds the device; --input-device default goes through PulseAudio/PipeWire',
    ],
    [
      'mono unsupported',
      'Recording WAVE…\narecord: set_params:1352: Channels count non available\n',
      'audio input device "usb" cannot record 16 kHz 16-bit mono: arecord: set_params:1352: Channels count non available',
      'use a plug device that converts, e.g. --input-device default or plughw:<card>,<device>',
    ],
    [
      'other',
      "Recording WAVE 'stdin'\nsomething odd\n",
      'microphone stopped: arecord exited with code 1 (device "usb"): something odd',
      'list capture devices with `gemtoken devices` and pass one to --input-device, or use --input-device default',
    ],
  ])('exit: %s', (_name, stderr, message, hint) => {
    const error = describeCaptureExit({ program: 'arecord', device: 'usb', code: 1, signal: null, stderr });
    expect([error.message, error.hint]).toEqual([message, hint]);
  });
});

it.each([
  [
    'no card',
    "ALSA lib confmisc.c:855:(parse_card) cannot find card '0'\narecord: main:831: audio open error: No such file or directory\n",
  ],
  ['killed', "Recording WAVE 'stdin'\n"],
])(
  'default itself fails (%s): the fix is a sound card or no microphone, never --input-device default again',
  (_name, stderr) => {
    const error = describeCaptureExit({ program: 'arecord', device: 'default', code: 1, signal: null, stderr });
    expect(error.hint).not.toMatch(/--input-device default/);
    expect(error.hint).toBe(
      'check for a sound card with `arecord -l` (none: connect or enable one; a VM or container needs one passed through), or talk without a microphone: --input question.wav or --text "…"',
    );
  },
);

describe('CaptureHeaderStripper', () => {
  const header = encodeWavHeader({ sampleRate: 16000, channels: 1 }, 0x7fffffff);
  const audio = Buffer.from([1, 2, 3, 4, 5, 6]);
  it.each([
    ['whole', [Buffer.concat([header, audio])]],
    [
      'split inside the header',
      [header.subarray(0, 3), header.subarray(3, 30), Buffer.concat([header.subarray(30), audio])],
    ],
    ['header then audio', [header, audio.subarray(0, 2), audio.subarray(2)]],
  ])("drops arecord's WAV header (%s)", (_name, pieces) => {
    const stripper = new CaptureHeaderStripper();
    expect(Buffer.concat(pieces.map((p) => stripper.push(p)))).toEqual(audio);
  });

  it('passes raw audio (sox/rec) through untouched', () => {
    const stripper = new CaptureHeaderStripper();
    expect(Buffer.concat([stripper.push(Buffer.from([9, 8])), stripper.push(Buffer.from([7, 6, 5]))])).toEqual(
      Buffer.from([9, 8, 7, 6, 5]),
    );
  });
});

describe('the device hints', () => {
  it('name `gemtoken devices` for both directions, from one place', () => {
    expect(pickDeviceHint('capture')).toBe(
      'list capture devices with `gemtoken devices` and pass one to --input-device, or use --input-device default',
    );
    expect(pickDeviceHint('playback')).toBe(
      'list playback devices with `gemtoken devices` and pass one to --output-device, or drop --output-device for the default, or run with --no-speaker',
    );
    const exit = describeCaptureExit({ program: 'sox', device: 'usb', code: 1, signal: null, stderr: 'odd\n' });
    expect(exit.hint).toBe(pickDeviceHint('capture'));
  });
});
