// Lists capture and playback devices for `gemtoken devices` by running the platform's own tools
// (arecord -L / aplay -L, system_profiler). The command runner is injected so tests need no ALSA.

import { AudioDeviceError } from '../../errors.js';
import { parseAlsaDeviceList, parseMacAudioProfile, type AudioDevice } from './device-list.js';
import type { InstallHints } from './install-hints.js';

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to completion; rejects with the spawn error (code ENOENT when it is missing). */
export type RunCommand = (program: string, args: readonly string[]) => Promise<CommandResult>;

export interface DeviceListing {
  readonly platform: NodeJS.Platform;
  readonly capture: readonly AudioDevice[];
  readonly playback: readonly AudioDevice[];
  /** Anything the user must know about choosing devices on this platform. */
  readonly note?: string;
}

const MAC_NOTE =
  'on macOS the microphone is the system default input (rec ignores --input-device): choose it in System Settings → Sound → Input';

export async function queryDevices(
  platform: NodeJS.Platform,
  run: RunCommand,
  hints: InstallHints,
): Promise<DeviceListing> {
  if (platform === 'darwin') return queryMac(run);
  if (platform === 'win32') {
    return {
      platform,
      capture: [],
      playback: [],
      note: 'device listing is not available on Windows; SoX records from the default input (Settings → System → Sound → Input)',
    };
  }
  const capture = parseAlsaDeviceList(await alsaList(run, 'arecord', hints));
  const playback = parseAlsaDeviceList(await alsaList(run, 'aplay', hints));
  return { platform, capture, playback };
}

async function alsaList(run: RunCommand, program: 'arecord' | 'aplay', hints: InstallHints): Promise<string> {
  let result: CommandResult;
  try {
    result = await run(program, ['-L']);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new AudioDeviceError(
        `cannot list audio devices: ${program} is not installed (not found on PATH)`,
        hints.microphone,
        { cause: error },
      );
    throw new AudioDeviceError(`cannot list audio devices: ${program} -L: ${(error as Error).message}`, undefined, {
      cause: error,
    });
  }
  if (result.code !== 0) {
    const detail = result.stderr.trim().split('\n').at(-1) ?? '';
    throw new AudioDeviceError(
      `cannot list audio devices: ${program} -L exited with code ${result.code}${detail ? `: ${detail}` : ''}`,
      'check the ALSA configuration (~/.asoundrc, /etc/asound.conf)',
    );
  }
  return result.stdout;
}

async function queryMac(run: RunCommand): Promise<DeviceListing> {
  const unavailable = (why: string): DeviceListing => ({
    platform: 'darwin',
    capture: [],
    playback: [],
    note: `${why}; ${MAC_NOTE}`,
  });
  let result: CommandResult;
  try {
    result = await run('system_profiler', ['SPAudioDataType', '-json']);
  } catch {
    return unavailable('system_profiler is not available, so devices cannot be listed');
  }
  const sides = result.code === 0 ? parseMacAudioProfile(result.stdout) : undefined;
  if (!sides) return unavailable('system_profiler gave no audio device list');
  return { platform: 'darwin', ...sides, note: MAC_NOTE };
}
