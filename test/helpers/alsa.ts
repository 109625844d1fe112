// Real ALSA without a sound card (design.md §5): a temp HOME whose .asoundrc (from
// shared/alsa/asoundrc) makes the default capture device read a raw PCM file and the default
// playback device write one, plus a PATH dir whose `arecord` paces the real one to real time with
// `pv -qL 32000` (16 kHz × 2 bytes). Capture from the file plugin is otherwise unpaced.

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './cli.js';

// A copy of shared/alsa/asoundrc, kept in the repo so CI has it.
const ASOUNDRC_CANDIDATES = [path.join(ROOT, 'test/fixtures/asoundrc')];

function which(program: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Undefined when real-ALSA tests can run; otherwise why not (print it when skipping). */
export function alsaAvailable(): string | undefined {
  const missing = ['arecord', 'aplay', 'pv'].filter((program) => !which(program));
  if (missing.length > 0) return `real-ALSA tests skipped: ${missing.join(', ')} not installed (apt-get install alsa-utils pv)`;
  if (!ASOUNDRC_CANDIDATES.some((file) => safeRead(file))) return 'real-ALSA tests skipped: no asoundrc template found';
  return undefined;
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
  writeFileSync(path.join(home, '.asoundrc'), template.replaceAll('CAPTURE_FILE', captureFile).replaceAll('PLAYBACK_FILE', playbackFile));
  mkdirSync(binDir, { recursive: true });
  const realArecord = which('arecord') ?? '/usr/bin/arecord';
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

/** Pids of live processes whose environment mentions `marker` (e.g. the sandbox HOME). */
export function processesWithEnv(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of safeList('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const environ = safeReadBuffer(`/proc/${entry}/environ`).toString('latin1');
    const status = safeReadBuffer(`/proc/${entry}/status`).toString('latin1');
    if (environ.includes(marker) && !/State:\s+Z/.test(status)) pids.push(Number(entry));
  }
  return pids;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Deterministic, non-silent test audio (s16le), so prefix comparisons mean something. */
export function testPcm(bytes: number, seed = 1): Buffer {
  const pcm = Buffer.alloc(bytes - (bytes % 2));
  let state = seed;
  for (let i = 0; i < pcm.length; i += 2) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    pcm.writeInt16LE((state >> 8) % 20000 - 10000, i);
  }
  return pcm;
}
