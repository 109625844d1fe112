// Shared bits of the talk e2e tests: WAV fixtures written at test time (deterministic tones the
// emulator's energy VAD hears as speech), the emulator's admin view, and NDJSON parsing.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeWav } from '../../src/audio/pcm/wav.js';
import { CHUNK_BYTES, CHUNKS_PER_WORD, fragments } from '../../src/emulator/live/voice.js';
import { BIN, ROOT, scrubbedEnv } from '../helpers/cli.js';
import type { EmulatorHandle } from '../helpers/emulator.js';
import { silence16k, tone16k } from '../helpers/live-client.js';

export const tmp = mkdtempSync(path.join(tmpdir(), 'gemtoken-talk-'));

/** 16 kHz mono s16le: the PCM the emulator must receive, and the WAV file holding it. */
export function wavFixture(
  name: string,
  parts: readonly ['tone' | 'silence', number][],
): { file: string; pcm: Buffer } {
  const pcm = Buffer.concat(parts.map(([kind, ms]) => (kind === 'tone' ? tone16k(ms) : silence16k(ms))));
  const file = path.join(tmp, name);
  writeFileSync(file, encodeWav({ sampleRate: 16_000, channels: 1 }, pcm));
  return { file, pcm };
}

/** Reply audio the emulator speaks for its reply `text`: CHUNKS_PER_WORD chunks of CHUNK_BYTES per transcript fragment. */
export const replyAudioBytes = (text: string): number => fragments(text).length * CHUNKS_PER_WORD * CHUNK_BYTES;

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

export interface ConversationView {
  id: string;
  sessions: number;
  resumptions: number;
  audioBytesIn: number;
  inputSha256: string;
  turns: number;
}
export interface SessionView {
  id: string;
  conversationId: string;
  resumed: boolean;
  closeCode: number | null;
  closeReason: string | null;
  closedBy: string | null;
  audioBytesIn: number;
  apiVersion: string;
}

export async function emulatorSessions(
  emu: EmulatorHandle,
): Promise<{ sessions: SessionView[]; conversations: ConversationView[] }> {
  const res = await fetch(`${emu.baseUrl}/emulator/sessions`, { headers: { 'x-goog-api-key': emu.apiKeys[0]! } });
  return (await res.json()) as { sessions: SessionView[]; conversations: ConversationView[] };
}

export type Event = Record<string, unknown> & { type: string };

export function events(stdout: string): Event[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Event);
}

export const baseEnv = (emu: EmulatorHandle, extra: Record<string, string> = {}) => ({
  GEMTOKEN_BASE_URL: emu.baseUrl,
  ...extra,
});

export interface InterruptedRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `gemtoken talk <args>` until its stdout satisfies `ready` (e.g. enough `resumed` events),
 * then (after `atReady`, if given) presses Ctrl-C (SIGINT) and resolves with how it ended.
 */
export async function talkUntilThenInterrupt(
  args: readonly string[],
  env: Record<string, string>,
  ready: (stdout: string) => boolean,
  atReady?: () => Promise<void>,
): Promise<InterruptedRun> {
  const child = spawn(process.execPath, [BIN, 'talk', ...args], {
    env: scrubbedEnv(env),
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (ready(stdout)) resolve();
    });
  });
  await atReady?.();
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}
