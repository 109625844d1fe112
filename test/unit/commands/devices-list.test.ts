// Device listing: the pure ALSA and macOS parsers against captured-style outputs, the query with a
// fake command runner, and the human table.
import { describe, expect, it } from 'vitest';
import { parseAlsaDeviceList, parseMacAudioProfile } from '../../../src/audio/system/device-list.js';
import { queryDevices, type CommandResult, type RunCommand } from '../../../src/audio/system/device-query.js';
import { describeInstall } from '../../../src/audio/system/install-hints.js';
import { AudioDeviceError } from '../../../src/errors.js';
import { listingJson } from '../../../src/commands/devices/run.js';
import { formatDeviceListing } from '../../../src/terminal/device-table.js';

// Ubuntu desktop with PulseAudio (arecord -L).
const PULSE_ARECORD = `null
    Discard all samples (playback) or generate zero samples (capture)
pulse
    PulseAudio Sound Server
default
    Default ALSA Output (currently PulseAudio Sound Server)
sysdefault:CARD=PCH
    HDA Intel PCH, ALC3246 Analog
    Default Audio Device
front:CARD=PCH,DEV=0
    HDA Intel PCH, ALC3246 Analog
    Front output / input
dsnoop:CARD=PCH,DEV=0
    HDA Intel PCH, ALC3246 Analog
    Direct sample snooping device
hw:CARD=PCH,DEV=0
    HDA Intel PCH, ALC3246 Analog
    Direct hardware device without any conversions
plughw:CARD=PCH,DEV=0
    HDA Intel PCH, ALC3246 Analog
    Hardware device with all software conversions
`;

// Raspberry Pi OS, plain ALSA, USB microphone; no `default` hint is listed.
const PLAIN_USB = `null
    Discard all samples (playback) or generate zero samples (capture)
sysdefault:CARD=Device
    USB PnP Sound Device, USB Audio
    Default Audio Device
plughw:CARD=Device,DEV=0
    USB PnP Sound Device, USB Audio
    Hardware device with all software conversions
`;

// The test sandbox's .asoundrc: user-defined PCMs carry no description.
const SANDBOX = `null
    Discard all samples (playback) or generate zero samples (capture)
default
gemtoken_playback
gemtoken_capture
`;

describe('parseAlsaDeviceList', () => {
  it.each([
    [
      'PulseAudio desktop',
      PULSE_ARECORD,
      [
        ['null', 'Discard all samples (playback) or generate zero samples (capture)', false],
        ['pulse', 'PulseAudio Sound Server', false],
        ['default', 'Default ALSA Output (currently PulseAudio Sound Server)', true],
        ['sysdefault:CARD=PCH', 'HDA Intel PCH, ALC3246 Analog — Default Audio Device', false],
        ['front:CARD=PCH,DEV=0', 'HDA Intel PCH, ALC3246 Analog — Front output / input', false],
        ['dsnoop:CARD=PCH,DEV=0', 'HDA Intel PCH, ALC3246 Analog — Direct sample snooping device', false],
        ['hw:CARD=PCH,DEV=0', 'HDA Intel PCH, ALC3246 Analog — Direct hardware device without any conversions', false],
        [
          'plughw:CARD=PCH,DEV=0',
          'HDA Intel PCH, ALC3246 Analog — Hardware device with all software conversions',
          false,
        ],
      ],
    ],
    [
      'plain ALSA with a USB mic',
      PLAIN_USB,
      [
        ['null', 'Discard all samples (playback) or generate zero samples (capture)', false],
        ['sysdefault:CARD=Device', 'USB PnP Sound Device, USB Audio — Default Audio Device', false],
        [
          'plughw:CARD=Device,DEV=0',
          'USB PnP Sound Device, USB Audio — Hardware device with all software conversions',
          false,
        ],
      ],
    ],
    [
      'sandbox PCMs without descriptions',
      SANDBOX,
      [
        ['null', 'Discard all samples (playback) or generate zero samples (capture)', false],
        ['default', '', true],
        ['gemtoken_playback', '', false],
        ['gemtoken_capture', '', false],
      ],
    ],
    [
      'CRLF and blank lines',
      'default\r\n    Default\r\n\r\nhw:CARD=X,DEV=0\r\n\tTab described\r\n',
      [
        ['default', 'Default', true],
        ['hw:CARD=X,DEV=0', 'Tab described', false],
      ],
    ],
    ['empty output', '', []],
    ['stray description before any name is ignored', '    orphan\nnull\n', [['null', '', false]]],
  ])('%s', (_name, text, expected) => {
    expect(parseAlsaDeviceList(text).map((d) => [d.name, d.description, d.isDefault])).toEqual(expected);
  });
});

const MAC_PROFILE = JSON.stringify({
  SPAudioDataType: [
    {
      _name: 'coreaudio_device',
      _items: [
        {
          _name: 'MacBook Pro Microphone',
          coreaudio_default_audio_input_device: 'spaudio_yes',
          coreaudio_device_input: 1,
          coreaudio_device_manufacturer: 'Apple Inc.',
          coreaudio_device_srate: 48000,
          coreaudio_device_transport: 'coreaudio_device_type_builtin',
          coreaudio_input_source: 'MacBook Pro Microphone',
        },
        {
          _name: 'MacBook Pro Speakers',
          coreaudio_default_audio_output_device: 'spaudio_yes',
          coreaudio_default_audio_system_device: 'spaudio_yes',
          coreaudio_device_manufacturer: 'Apple Inc.',
          coreaudio_device_output: 2,
          coreaudio_device_srate: 48000,
          coreaudio_device_transport: 'coreaudio_device_type_builtin',
        },
        {
          _name: 'Jabra Evolve2 65',
          coreaudio_device_input: 1,
          coreaudio_device_output: 2,
          coreaudio_device_manufacturer: 'GN Audio A/S',
          coreaudio_device_srate: 16000,
          coreaudio_device_transport: 'coreaudio_device_type_usb',
        },
        { coreaudio_device_input: 1 },
      ],
    },
  ],
});

describe('parseMacAudioProfile', () => {
  it('splits inputs and outputs and marks the system defaults', () => {
    expect(parseMacAudioProfile(MAC_PROFILE)).toEqual({
      capture: [
        { name: 'MacBook Pro Microphone', description: 'Apple Inc., builtin, 48000 Hz', isDefault: true },
        { name: 'Jabra Evolve2 65', description: 'GN Audio A/S, usb, 16000 Hz', isDefault: false },
      ],
      playback: [
        { name: 'MacBook Pro Speakers', description: 'Apple Inc., builtin, 48000 Hz', isDefault: true },
        { name: 'Jabra Evolve2 65', description: 'GN Audio A/S, usb, 16000 Hz', isDefault: false },
      ],
    });
  });

  it.each(['', 'not json', '{}', '{"SPAudioDataType":{}}'])('%j is not a profile', (text) => {
    expect(parseMacAudioProfile(text)).toBeUndefined();
  });
});

type Script = Record<string, CommandResult | NodeJS.ErrnoException>;

function fakeRunner(script: Script): RunCommand & { calls: string[] } {
  const calls: string[] = [];
  const run = async (program: string, args: readonly string[]): Promise<CommandResult> => {
    const key = [program, ...args].join(' ');
    calls.push(key);
    const answer = script[key];
    if (!answer) throw Object.assign(new Error(`spawn ${program} ENOENT`), { code: 'ENOENT' });
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return Object.assign(run, { calls });
}

const DEBIAN_HINTS = describeInstall('linux', 'ID=debian\n');
const ok = (stdout: string): CommandResult => ({ code: 0, stdout, stderr: '' });

describe('queryDevices', () => {
  it('Linux: arecord -L for capture, aplay -L for playback', async () => {
    const run = fakeRunner({ 'arecord -L': ok(PULSE_ARECORD), 'aplay -L': ok(SANDBOX) });
    const listing = await queryDevices('linux', run, DEBIAN_HINTS);
    expect(run.calls).toEqual(['arecord -L', 'aplay -L']);
    expect(listing.capture.find((d) => d.isDefault)?.name).toBe('default');
    expect(listing.playback.map((d) => d.name)).toEqual(['null', 'default', 'gemtoken_playback', 'gemtoken_capture']);
    expect(listing.note).toBeUndefined();
  });

  it.each([
    ['linux', 'ID=debian\n', 'sudo apt-get install alsa-utils'],
    ['linux', 'ID=fedora\n', 'sudo dnf install alsa-utils'],
  ] as const)(
    'Linux without arecord → AudioDeviceError (exit 6) with "%s"-style fix',
    async (platform, osRelease, hint) => {
      const error = await queryDevices(platform, fakeRunner({}), describeInstall(platform, osRelease)).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AudioDeviceError);
      expect((error as AudioDeviceError).message).toBe(
        'cannot list audio devices: arecord is not installed (not found on PATH)',
      );
      expect((error as AudioDeviceError).hint).toBe(hint);
      expect((error as AudioDeviceError).exitCode).toBe(6);
    },
  );

  it('Linux: a failing arecord -L is one line with its last stderr line', async () => {
    const run = fakeRunner({
      'arecord -L': {
        code: 1,
        stdout: '',
        stderr: 'ALSA lib conf.c:1234:(parse) x\nALSA lib conf.c:4000: cannot parse ~/.asoundrc\n',
      },
    });
    await expect(queryDevices('linux', run, DEBIAN_HINTS)).rejects.toThrow(
      'cannot list audio devices: arecord -L exited with code 1: ALSA lib conf.c:4000: cannot parse ~/.asoundrc',
    );
  });

  it('macOS: system_profiler, with the note that rec uses the system default input', async () => {
    const listing = await queryDevices(
      'darwin',
      fakeRunner({ 'system_profiler SPAudioDataType -json': ok(MAC_PROFILE) }),
      describeInstall('darwin'),
    );
    expect(listing.capture.map((d) => d.name)).toEqual(['MacBook Pro Microphone', 'Jabra Evolve2 65']);
    expect(listing.note).toMatch(/system default input/);
  });

  it.each([
    ['missing', {}],
    ['unreadable', { 'system_profiler SPAudioDataType -json': ok('garbage') }],
    ['failing', { 'system_profiler SPAudioDataType -json': { code: 1, stdout: '', stderr: 'boom' } }],
  ])('macOS with system_profiler %s → empty lists and a clear note', async (_name, script) => {
    const listing = await queryDevices('darwin', fakeRunner(script), describeInstall('darwin'));
    expect(listing).toMatchObject({ capture: [], playback: [] });
    expect(listing.note).toMatch(/^system_profiler .*; on macOS the microphone is the system default input/);
  });

  it('Windows: nothing is run; a note says why', async () => {
    const run = fakeRunner({});
    const listing = await queryDevices('win32', run, describeInstall('win32'));
    expect(run.calls).toEqual([]);
    expect(listing.note).toMatch(/not available on Windows/);
  });
});

describe('formatDeviceListing / listingJson', () => {
  it('marks the default with * and aligns names', async () => {
    const listing = await queryDevices(
      'linux',
      fakeRunner({ 'arecord -L': ok(SANDBOX), 'aplay -L': ok('default\n    Out\n') }),
      DEBIAN_HINTS,
    );
    expect(formatDeviceListing(listing)).toEqual([
      'Capture devices (gemtoken talk --input-device NAME):',
      '    null               Discard all samples (playback) or generate zero samples (capture)',
      '  * default',
      '    gemtoken_playback',
      '    gemtoken_capture',
      'Playback devices (gemtoken talk --output-device NAME):',
      '  * default            Out',
      "* = ALSA's default device; talk records from ALSA's `default` unless --input-device NAME is given.",
    ]);
    expect(JSON.parse(listingJson(listing))).toEqual({
      platform: 'linux',
      capture: [
        {
          name: 'null',
          description: 'Discard all samples (playback) or generate zero samples (capture)',
          default: false,
        },
        { name: 'default', description: '', default: true },
        { name: 'gemtoken_playback', description: '', default: false },
        { name: 'gemtoken_capture', description: '', default: false },
      ],
      playback: [{ name: 'default', description: 'Out', default: true }],
      cameras: [],
    });
  });

  it('says so when a side is empty, and prints the platform note', async () => {
    expect(formatDeviceListing({ platform: 'linux', capture: [], playback: [] })).toEqual([
      'Capture devices (gemtoken talk --input-device NAME):',
      '  (none found)',
      'Playback devices (gemtoken talk --output-device NAME):',
      '  (none found)',
      "talk records from ALSA's `default` unless --input-device NAME is given.",
    ]);
    const windows = await queryDevices('win32', fakeRunner({}), describeInstall('win32'));
    expect(formatDeviceListing(windows)).toEqual([`Note: ${windows.note}.`]);
    expect(JSON.parse(listingJson(windows))).toEqual({
      platform: 'win32',
      cameras: [],
      capture: [],
      playback: [],
      note: windows.note,
    });
  });
});
