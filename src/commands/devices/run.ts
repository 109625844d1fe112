// `gemtoken devices`: run the platform's listing tools and print the result (table or JSON).

import { execFile } from 'node:child_process';
import { childEnv } from '../../child-env.js';
import { readFile } from 'node:fs/promises';
import { queryDevices, type CommandResult, type DeviceListing, type RunCommand } from '../../audio/system/device-query.js';
import { describeInstall } from '../../audio/system/install-hints.js';
import type { Context } from '../../context.js';
import { formatDeviceListing } from '../../terminal/device-table.js';

export interface DevicesFlags {
  readonly json?: boolean;
  /** Only the names of one side, one a line (what the completion scripts offer). */
  readonly names?: 'capture' | 'playback';
}

export function commandRunner(ctx: Context): RunCommand {
  return (program, args) =>
    new Promise<CommandResult>((resolve, reject) => {
      execFile(program, [...args], { env: childEnv(ctx.env), timeout: 10_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
        // A non-zero exit is an answer (with a code); only a failed spawn (ENOENT…) rejects.
        if (error && typeof error.code !== 'number' && !error.killed) return reject(error);
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      });
    });
}

export function listingJson(listing: DeviceListing): string {
  const side = (devices: DeviceListing['capture']) => devices.map((d) => ({ name: d.name, description: d.description, default: d.isDefault }));
  return JSON.stringify({
    platform: listing.platform,
    capture: side(listing.capture),
    playback: side(listing.playback),
    ...(listing.note ? { note: listing.note } : {}),
  });
}

export async function runDevices(ctx: Context, flags: DevicesFlags, run: RunCommand = commandRunner(ctx)): Promise<number> {
  const osRelease = ctx.platform === 'linux' ? await readFile('/etc/os-release', 'utf8').catch(() => undefined) : undefined;
  const listing = await queryDevices(ctx.platform, run, describeInstall(ctx.platform, osRelease));
  const lines = flags.names ? listing[flags.names].map((d) => d.name) : flags.json ? [listingJson(listing)] : formatDeviceListing(listing);
  for (const line of lines) ctx.stdout.write(`${line}\n`);
  return 0;
}
