// Human output of `gemtoken devices`: two lists with the default marked `*`. Plain text on stdout
// (it is the command's data); `--json` prints the listing itself instead.

import type { AudioDevice } from '../audio/system/device-list.js';
import type { DeviceListing } from '../audio/system/device-query.js';

const MAX_NAME_COLUMN = 32;

export function formatDeviceListing(listing: DeviceListing): string[] {
  const lines: string[] = [];
  const linux = listing.platform !== 'darwin' && listing.platform !== 'win32';
  const sections: [string, readonly AudioDevice[]][] = [
    [linux ? 'Capture devices (gemtoken talk --input-device NAME):' : 'Capture devices:', listing.capture],
    [linux ? 'Playback devices (gemtoken talk --output-device NAME):' : 'Playback devices:', listing.playback],
  ];
  const width = Math.min(
    MAX_NAME_COLUMN,
    Math.max(0, ...[...listing.capture, ...listing.playback].map((d) => d.name.length)),
  );
  for (const [title, devices] of sections) {
    if (devices.length === 0 && listing.note) continue;
    lines.push(title);
    if (devices.length === 0) lines.push('  (none found)');
    for (const device of devices) {
      const row = `${device.isDefault ? '*' : ' '} ${device.name.padEnd(width)}  ${device.description}`;
      lines.push(`  ${row.trimEnd()}`);
    }
  }
  const marked = [...listing.capture, ...listing.playback].some((d) => d.isDefault);
  if (linux)
    lines.push(
      `${marked ? "* = ALSA's default device; " : ''}talk records from ALSA's \`default\` unless --input-device NAME is given.`,
    );
  else if (marked) lines.push('* = the system default device.');
  if (listing.note) lines.push(`Note: ${listing.note}.`);
  return lines;
}

export interface Camera {
  /** What talk --camera takes, e.g. /dev/video0. */
  readonly name: string;
  readonly description: string;
}

export interface CameraListing {
  readonly cameras: readonly Camera[];
  readonly note?: string;
}

/** The cameras `talk --camera DEVICE` can open; `--camera lavfi:testsrc` needs none. */
export function formatCameras(listing: CameraListing): string[] {
  const width = Math.min(MAX_NAME_COLUMN, Math.max(0, ...listing.cameras.map((c) => c.name.length)));
  const rows = listing.cameras.map((c) => `  ${c.name.padEnd(width)}  ${c.description}`);
  if (rows.length === 0) rows.push(listing.note ? `  (${listing.note})` : '  (none found)');
  return ['Cameras (gemtoken talk --camera DEVICE; lavfi:testsrc for a test picture):', ...rows];
}
