// `gemtoken devices`: run the platform's listing tools and print the result (table or JSON).

import { launcherFor } from '../../children/pass-env.js';
import { readFile } from 'node:fs/promises';
import {
  queryDevices,
  type CommandResult,
  type DeviceListing,
  type RunCommand,
} from '../../audio/system/device-query.js';
import { describeInstall } from '../../audio/system/install-hints.js';
import type { Context } from '../../context.js';
import { formatDeviceListing } from '../../terminal/device-table.js';

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

export function listingJson(listing: DeviceListing): string {
  const side = (devices: DeviceListing['capture']) =>
    devices.map((d) => ({ name: d.name, description: d.description, default: d.isDefault }));
  return JSON.stringify({
    platform: listing.platform,
    capture: side(listing.capture),
    playback: side(listing.playback),
    ...(listing.note ? { note: listing.note } : {}),
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
  const lines = flags.names
    ? listing[flags.names].map((d) => d.name)
    : flags.json
      ? [listingJson(listing)]
      : formatDeviceListing(listing);
  for (const line of lines) ctx.stdout.write(`${line}\n`);
  return 0;
}
