// Real ALSA without a sound card (docs/architecture.md, "Tests"): a temp HOME whose .asoundrc
// makes the default capture device read a raw PCM file and the default
// playback device write one, plus a PATH dir whose `arecord` paces the real one to real time with
// `pv -qL 32000` (16 kHz × 2 bytes). Capture from the file plugin is otherwise unpaced.

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './cli.js';
import { commandPath, requireTools, skipUnlessRequired } from './tools.js';

// ALSA's `file` plugin configuration, kept in the repo so CI has it.
const ASOUNDRC_CANDIDATES = [path.join(ROOT, 'test/fixtures/asoundrc')];

/**
 * Undefined when real-ALSA tests can run; otherwise why not (already printed: skip on it). Under
 * GEMTOKEN_REQUIRE_TOOLS=1 (CI) it throws instead (test/helpers/tools.ts).
 */
export function alsaAvailable(): string | undefined {
  return (
    requireTools(['arecord', 'aplay', 'pv'], 'real-ALSA tests: apt-get install alsa-utils pv') ??
    skipUnlessRequired(
      ASOUNDRC_CANDIDATES.some((file) => safeRead(file)) ? undefined : 'real-ALSA tests: no asoundrc template found',
    )
  );
}

function safeRead(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export interface AlsaSandbox {
  readonly home: string;
  readonly captureFile: string;
  readonly playbackFile: string;
  /** Holds the pacing `arecord` wrapper; put it first on PATH. */
  readonly binDir: string;
  /** `{ HOME, PATH }` for a child process (or to assign to process.env in-process). */
  readonly env: { HOME: string; PATH: string };
  played(): Buffer;
  cleanup(): void;
}

export function createAlsaSandbox(capture: Buffer, options: { paced?: boolean } = {}): AlsaSandbox {
  const home = mkdtempSync(path.join(tmpdir(), 'gemtoken-alsa-'));
  const captureFile = path.join(home, 'capture.raw');
  const playbackFile = path.join(home, 'playback.raw');
  const binDir = path.join(home, 'bin');
  writeFileSync(captureFile, capture);
  const template = ASOUNDRC_CANDIDATES.map(safeRead).find((text) => text !== undefined) ?? '';
  writeFileSync(
    path.join(home, '.asoundrc'),
    template.replaceAll('CAPTURE_FILE', captureFile).replaceAll('PLAYBACK_FILE', playbackFile),
  );
  mkdirSync(binDir, { recursive: true });
  const realArecord = commandPath('arecord') ?? '/usr/bin/arecord';
  if (options.paced ?? true) {
    // exec keeps the pid mic sees = the real arecord (so killing it kills capture); pv drains and
    // exits on EOF once arecord is gone.
    const wrapper = `#!/usr/bin/env bash\nexec ${realArecord} "$@" > >(exec pv -qL 32000)\n`;
    writeFileSync(path.join(binDir, 'arecord'), wrapper);
    chmodSync(path.join(binDir, 'arecord'), 0o755);
  }
  return {
    home,
    captureFile,
    playbackFile,
    binDir,
    env: { HOME: home, PATH: `${binDir}:${process.env.PATH ?? '/usr/bin:/bin'}` },
    played: () => safeReadBuffer(playbackFile),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

function safeReadBuffer(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    return Buffer.alloc(0);
  }
}

/** Deterministic, non-silent test audio (s16le), so prefix comparisons mean something. */
export function testPcm(bytes: number, seed = 1): Buffer {
  const pcm = Buffer.alloc(bytes - (bytes % 2));
  let state = seed;
  for (let i = 0; i < pcm.length; i += 2) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    pcm.writeInt16LE(((state >> 8) % 20000) - 10000, i);
  }
  return pcm;
}
