// `gemtoken devices`: run the platform's listing tools and print the result (table or JSON).

import { launcherFor } from '../../children/pass-env.js';
import { readdir, readFile } from 'node:fs/promises';
import {
  queryDevices,
  type CommandResult,
  type DeviceListing,
  type RunCommand,
} from '../../audio/system/device-query.js';
import { describeInstall } from '../../audio/system/install-hints.js';
import type { Context } from '../../context.js';
import { formatCameras, formatDeviceListing, type CameraListing } from '../../terminal/device-table.js';
import { definedProps } from '../../defined-props.js';

export interface DevicesFlags {
  readonly json?: boolean;
  /** Only the names of one side, one a line (what the completion scripts offer). */
  readonly names?: 'capture' | 'playback';
  readonly passEnv?: readonly string[];
}

export function commandRunner(ctx: Context, passEnv?: readonly string[]): RunCommand {
  const children = launcherFor(ctx.env, passEnv);
  // A non-zero exit is an answer (with a code); only a failed spawn (ENOENT…) rejects.
  return (program, args): Promise<CommandResult> =>
    children.run(program, args, { timeout: 10_000, maxBuffer: 4 * 1024 * 1024 });
}

export function listingJson(listing: DeviceListing, cameras: CameraListing = { cameras: [] }): string {
  const side = (devices: DeviceListing['capture']) =>
    devices.map((d) => ({ name: d.name, description: d.description, default: d.isDefault }));
  return JSON.stringify({
    platform: listing.platform,
    capture: side(listing.capture),
    playback: side(listing.playback),
    cameras: cameras.cameras.map((c) => ({ name: c.name, description: c.description })),
    ...definedProps({ note: listing.note }),
  });
}

export async function runDevices(
  ctx: Context,
  flags: DevicesFlags,
  run: RunCommand = commandRunner(ctx, flags.passEnv),
): Promise<number> {
  const osRelease =
    ctx.platform === 'linux' ? await readFile('/etc/os-release', 'utf8').catch(() => undefined) : undefined;
  const listing = await queryDevices(ctx.platform, run, describeInstall(ctx.platform, osRelease));
  const cameras = flags.names ? { cameras: [] } : await listCameras(ctx.platform);
  const lines = flags.names
    ? listing[flags.names].map((d) => d.name)
    : flags.json
      ? [listingJson(listing, cameras)]
      : [...formatDeviceListing(listing), ...formatCameras(cameras)];
  for (const line of lines) ctx.stdout.write(`${line}\n`);
  return 0;
}

// The cameras: on Linux the V4L2 nodes (/dev/videoN) with the name the driver gives in sysfs. Read
// from the filesystem, no tool run: an empty list is an answer (no camera, a container). A node can be
// a camera's metadata side rather than its picture; ffmpeg says so when talk --camera opens it.
// Elsewhere ffmpeg itself lists them (the note says how).
export async function listCameras(
  platform: NodeJS.Platform,
  dev = '/dev',
  sys = '/sys/class/video4linux',
): Promise<CameraListing> {
  if (platform === 'darwin')
    return {
      cameras: [],
      note: 'cameras: ffmpeg -f avfoundation -list_devices true -i "" lists them (talk --camera INDEX)',
    };
  if (platform !== 'linux') return { cameras: [], note: `talk --camera is not supported on ${platform}` };
  const names = await readdir(dev).catch(() => [] as string[]);
  const nodes = names.filter((name) => /^video\d+$/.test(name)).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  const cameras = await Promise.all(
    nodes.map(async (node) => ({
      name: `${dev}/${node}`,
      description: (await readFile(`${sys}/${node}/name`, 'utf8').catch(() => '')).trim() || 'V4L2 device',
    })),
  );
  return { cameras };
}
