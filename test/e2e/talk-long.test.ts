// The issue-9 proof on the emulator's default (observed) profile: 60 s of real-time input with an
// 8 s connection lifetime, where every resume costs a use (resume-costs-use) and each lifetime ends with goAway +
// 1011 "Deadline expired…" (lifetime-deadline-1011). talk must resume ≥ 5 times, each on a fresh token — minted with
// the API key, or from --token-command — and the emulator must receive the file's PCM exactly. Both
// runs go side by side (separate emulators, so the token counts stay apart). Plus a transient
// `live:internal` 1011 mid-turn: talk resumes and the session completes.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { baseEnv, emulatorSessions, events, sha256, tmp, wavFixture } from './talk-helpers.js';

let minting: EmulatorHandle;
let commanded: EmulatorHandle;
let faulty: EmulatorHandle;

beforeAll(async () => {
  [minting, commanded, faulty] = await Promise.all([
    spawnEmulator(['--connection-lifetime', '8s']),
    spawnEmulator(['--connection-lifetime', '8s']),
    spawnEmulator(['--fault', 'live:internal']),
  ]);
});
afterAll(async () => {
  await Promise.all([minting.stop(), commanded.stop(), faulty.stop()]);
});

interface TokenView {
  uses: number;
  usesConsumed: number;
}
async function tokens(emu: EmulatorHandle): Promise<TokenView[]> {
  const res = await fetch(`${emu.baseUrl}/emulator/tokens`, { headers: { 'x-goog-api-key': emu.apiKeys[0]! } });
  return ((await res.json()) as { tokens: TokenView[] }).tokens;
}

/** One minute: a short utterance every 6 s, so turns and goAways interleave. */
const minute = () =>
  wavFixture(
    'minute.wav',
    Array.from(
      { length: 10 },
      () =>
        [
          ['silence', 4800],
          ['tone', 700],
          ['silence', 500],
        ] as const,
    ).flat() as ['tone' | 'silence', number][],
  );

/**
 * What a server that closes mid-stream can have received: frames talk sent after the emulator closed
 * (its close frame still on the way) are gone, as on the real service, where nothing acknowledges
 * input audio. So the input must be the file exactly, except one gap, where the cut happened, of at
 * most a second of audio (normally none: the close reaches talk within a frame): no other loss, no
 * duplicate, order kept.
 */
function withoutInFlight(pcm: Buffer, receivedBeforeCut: number, lost: number): Buffer {
  expect(lost).toBeGreaterThanOrEqual(0);
  expect(lost).toBeLessThanOrEqual(32_000);
  return Buffer.concat([pcm.subarray(0, receivedBeforeCut), pcm.subarray(receivedBeforeCut + lost)]);
}

async function expectSurvived(
  emu: EmulatorHandle,
  result: { code: number | null; stdout: string; stderr: string },
  pcm: Buffer,
  source: string,
): Promise<void> {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const log = events(result.stdout);
  const resumed = log.filter((e) => e.type === 'resumed');
  expect(resumed.length).toBeGreaterThanOrEqual(5);
  expect(resumed.every((e) => e.droppedFrames === 0)).toBe(true);
  expect(log.filter((e) => e.type === 'token').map((e) => e.source)).toEqual(resumed.map(() => source));
  expect(log.at(-1)).toMatchObject({ type: 'closed', code: 1000, by: 'client', audioBytesSent: pcm.length });
  const { conversations, sessions } = await emulatorSessions(emu);
  expect(conversations).toHaveLength(1);
  const conversation = conversations[0]!;
  expect(conversation.sessions).toBe(resumed.length + 1);
  expect(conversation.inputSha256).toBe(sha256(pcm));
  // Each session on its own single-use token: as many tokens as sessions, each used exactly once.
  const all = await tokens(emu);
  expect(all).toHaveLength(resumed.length + 1);
  expect(all.every((t) => t.uses === 1 && t.usesConsumed === 1)).toBe(true);
  // No session was refused for a second open socket (one-socket-per-session); each one we ended, we ended with 1000.
  const mine = sessions.filter((s) => s.conversationId === conversation.id);
  expect(mine.every((s) => s.closeCode === 1000 && s.closedBy === 'client')).toBe(true);
}

describe('gemtoken talk survives the real service (observed profile)', () => {
  it('60 s in real time, 8 s lifetime: ≥ 5 resumes, each on a fresh token (minted, and from --token-command)', async () => {
    const { file, pcm } = minute();
    const keyFile = path.join(tmp, 'long-key.txt');
    writeFileSync(keyFile, `${commanded.apiKeys[0]!}\n`);
    const command = `"${process.execPath}" "${BIN}" mint --output json --api-key-file "${keyFile}"`;
    const args = ['talk', '--input', file, '--no-speaker', '--events'];
    const [selfMinted, fromCommand] = await Promise.all([
      runCli(args, { env: baseEnv(minting, { GEMINI_API_KEY: minting.apiKeys[0]! }), timeoutMs: 110_000 }),
      runCli([...args, '--token-command', command], { env: baseEnv(commanded), timeoutMs: 110_000 }),
    ]);
    await expectSurvived(minting, selfMinted, pcm, 'minted');
    await expectSurvived(commanded, fromCommand, pcm, 'command');
  }, 130_000);

  it('a transient 1011 "Internal error encountered." mid-turn: reconnecting, resumed, the session completes', async () => {
    const { file, pcm } = wavFixture('internal.wav', [
      ['silence', 1500],
      ['tone', 700],
      ['silence', 2500],
      ['tone', 700],
      ['silence', 1500],
    ]);
    const result = await runCli(['talk', '--input', file, '--no-speaker', '--events'], {
      env: baseEnv(faulty, { GEMINI_API_KEY: faulty.apiKeys[0]! }),
      timeoutMs: 40_000,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const log = events(result.stdout);
    expect(log.find((e) => e.type === 'reconnecting')).toMatchObject({
      attempt: 1,
      of: 3,
      reason: 'close 1011 "Internal error encountered."',
    });
    expect(log.filter((e) => e.type === 'resumed')).toHaveLength(1);
    expect(log.filter((e) => e.type === 'turn' && !e.cutByReconnect).length).toBeGreaterThanOrEqual(1);
    expect(log.at(-1)).toMatchObject({ type: 'closed', code: 1000, audioBytesSent: pcm.length });
    const { conversations, sessions } = await emulatorSessions(faulty);
    const conversation = conversations.at(-1)!;
    const [cut, resumedSession] = sessions.filter((s) => s.conversationId === conversation.id);
    expect(cut).toMatchObject({ closeCode: 1011, closedBy: 'server' });
    expect(resumedSession).toMatchObject({ resumed: true, closeCode: 1000, closedBy: 'client' });
    expect(conversation.inputSha256).toBe(
      sha256(withoutInFlight(pcm, cut!.audioBytesIn, pcm.length - conversation.audioBytesIn)),
    );
  }, 60_000);
});
