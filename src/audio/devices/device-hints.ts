// The one fix for a named audio device that did not work, for the microphone and the speaker alike:
// `gemtoken devices` lists the names talk takes (arecord -L / aplay -L on Linux, system_profiler on
// macOS), so no hint sends the user to a platform's own tool or words the advice differently.

export type DeviceDirection = 'capture' | 'playback';

const FLAG: Readonly<Record<DeviceDirection, string>> = {
  capture: '--input-device',
  playback: '--output-device',
};

/** How to get out of the way of a device that does not work: the default, or no device at all. */
const FALLBACK: Readonly<Record<DeviceDirection, string>> = {
  capture: 'or use --input-device default',
  playback: 'or drop --output-device for the default, or run with --no-speaker',
};

/** e.g. "list capture devices with `gemtoken devices` and pass one to --input-device, or use --input-device default". */
export function pickDeviceHint(direction: DeviceDirection): string {
  return `list ${direction} devices with \`gemtoken devices\` and pass one to ${FLAG[direction]}, ${FALLBACK[direction]}`;
}
