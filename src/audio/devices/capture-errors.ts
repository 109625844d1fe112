// Turns what the capture child did (spawn error, early exit + stderr) into one AudioDeviceError
// line with a fix. `mic` itself attaches no `error` listener and ignores stderr
// (https://github.com/ashishbajaj99/mic): a missing program would crash it, a failing device look like silence.

import { AudioDeviceError } from '../../errors.js';
import type { InstallHints } from '../system/install-hints.js';
import { pickDeviceHint } from './device-hints.js';

/**
 * When `default` itself fails there is usually no sound card at all: pointing at `default` again or
 * at a device list that holds only `null` would send the user in a circle.
 */
const NO_CARD_HINT =
  'check for a sound card with `arecord -l` (none: connect or enable one; a VM or container needs one passed through), or talk without a microphone: --input question.wav or --text "…"';

/** The fix for a device that did not work: another device, or (for `default`) a card or no microphone. */
function listHint(device: string): string {
  return device === 'default' ? NO_CARD_HINT : pickDeviceHint('capture');
}

export function describeSpawnError(
  error: NodeJS.ErrnoException,
  program: string,
  hints: InstallHints,
): AudioDeviceError {
  if (error.code === 'ENOENT') {
    return new AudioDeviceError(
      `cannot start the microphone: ${program} is not installed (not found on PATH)`,
      hints.microphone,
      { cause: error },
    );
  }
  if (error.code === 'EACCES') {
    return new AudioDeviceError(`cannot start the microphone: permission denied running ${program}`, hints.microphone, {
      cause: error,
    });
  }
  return new AudioDeviceError(`cannot start the microphone: ${program}: ${error.message}`, undefined, { cause: error });
}

function lastLine(stderr: string): string | undefined {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^(Recording|Aborted by signal)/.test(line))
    .at(-1);
}

export interface CaptureExit {
  readonly program: string;
  readonly device: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

export function describeCaptureExit(exit: CaptureExit): AudioDeviceError {
  const { program, device, stderr } = exit;
  const open = /audio open error: ([^\n]*)/.exec(stderr);
  if (open) {
    const reason = open[1]!.trim();
    const busy = /busy/i.test(reason);
    return new AudioDeviceError(
      `cannot open audio input device "${device}": ${reason}`,
      busy
        ? 'another program holds the device; --input-device default goes through PulseAudio/PipeWire'
        : listHint(device),
    );
  }
  if (/(Channels count|Sample format|Rate) non available/.test(stderr)) {
    return new AudioDeviceError(
      `audio input device "${device}" cannot record 16 kHz 16-bit mono: ${lastLine(stderr) ?? 'format not available'}`,
      'use a plug device that converts, e.g. --input-device default or plughw:<card>,<device>',
    );
  }
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const detail = lastLine(stderr);
  return new AudioDeviceError(
    `microphone stopped: ${program} ${how} (device "${device}")${detail ? `: ${detail}` : ''}`,
    listHint(device),
  );
}
