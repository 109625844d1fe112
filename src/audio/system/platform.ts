// The impure half of install-hints: which platform and Linux distribution we run on.

import { readFileSync } from 'node:fs';
import { describeInstall, type InstallHints } from './install-hints.js';

let cached: InstallHints | undefined;

export function installHintsForThisMachine(): InstallHints {
  if (cached) return cached;
  let osRelease: string | undefined;
  if (process.platform === 'linux') {
    try {
      osRelease = readFileSync('/etc/os-release', 'utf8');
    } catch {
      osRelease = undefined;
    }
  }
  cached = describeInstall(process.platform, osRelease);
  return cached;
}

/** The program `mic` spawns on this platform (mic/lib/mic.js). */
export function captureProgram(platform: NodeJS.Platform = process.platform): string {
  return platform === 'darwin' ? 'rec' : platform === 'win32' ? 'sox' : 'arecord';
}
