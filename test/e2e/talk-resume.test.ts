// Long sessions: an emulator connection lifetime of 2 s forces goAway → resume several times while
// real-time input streams; the emulator must receive every input byte exactly once, and every old
// socket must be closed by us with 1000 (on the observed profile each resume needs a fresh token,
// which talk mints itself: the API key is set). Plus Ctrl-C: exit 130 with the socket closed cleanly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import {
  baseEnv,
  emulatorSessions,
  events,
  sha256,
  talkUntilThenInterrupt,
  wavFixture,
  type SessionView,
} from './talk-helpers.js';

let emu: EmulatorHandle;
let key: string;

beforeAll(async () => {
  emu = await spawnEmulator(['--connection-lifetime', '2s']);
  key = emu.apiKeys[0]!;
});
afterAll(async () => {
  await emu.stop();
});

describe('gemtoken talk across goAway', () => {
  it('resumes (each time on a fresh self-minted token: a resume costs a use) with zero lost or duplicated input', async () => {
    // Real-time pacing (no --fast), so goAways land while audio is still flowing.
    const { file, pcm } = wavFixture('long.wav', [
      ['silence', 4200],
      ['tone', 800],
      ['silence', 1000],
    ]);
    const before = (await emulatorSessions(emu)).sessions.length;
    const result = await runCli(['talk', '--input', file, '--no-speaker', '--events'], {
      env: baseEnv(emu, { GEMINI_API_KEY: key }),
      timeoutMs: 30_000,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const log = events(result.stdout);
    const resumed = log.filter((e) => e.type === 'resumed');
    expect(log.filter((e) => e.type === 'goAway').length).toBeGreaterThanOrEqual(2);
    expect(resumed.length).toBeGreaterThanOrEqual(2);
    expect(resumed.every((e) => e.droppedFrames === 0)).toBe(true);
    expect(log.some((e) => e.type === 'turn')).toBe(true);
    expect(log.at(-1)).toMatchObject({ type: 'closed', code: 1000, audioBytesSent: pcm.length, droppedFrames: 0 });
    const { conversations, sessions } = await emulatorSessions(emu);
    const conversation = conversations.at(-1)!;
    expect(conversation.sessions).toBe(resumed.length + 1);
    expect(conversation.audioBytesIn).toBe(pcm.length);
    expect(conversation.inputSha256).toBe(sha256(pcm));
    const mine = sessions.filter((s) => s.conversationId === conversation.id);
    expect(mine.map((s) => [s.closeCode, s.closedBy])).toEqual(mine.map(() => [1000, 'client']));
    expect(mine.slice(1).every((s) => s.resumed)).toBe(true);
    // One connect per resume: talk knows its single-use token is spent and mints before reconnecting,
    // so no connect is refused (1011) first; the counter counts resumes 1, 2, 3…
    expect(sessions.slice(before).map((s) => s.closeCode)).toEqual(mine.map(() => 1000));
    expect(resumed.map((e) => e.reconnects)).toEqual(resumed.map((_, i) => i + 1));
    expect(log.filter((e) => e.type === 'token')).toEqual(
      resumed.map(() => ({ type: 'token', source: 'minted', reason: "the token's single use is spent" })),
    );
  });

  it('mint | talk --token -: the piped single-use token starts the session, each resume is one connect on a fresh one', async () => {
    const { file } = wavFixture('piped.wav', [
      ['silence', 2500],
      ['tone', 600],
      ['silence', 1000],
    ]);
    const env = baseEnv(emu, { GEMINI_API_KEY: key });
    const minted = await runCli(['mint', '--model', 'gemini-3.8-live'], { env });
    expect(minted.code).toBe(0);
    const before = (await emulatorSessions(emu)).sessions.length;
    const result = await runCli(['talk', '--token', '-', '--input', file, '--no-speaker', '--events'], {
      env,
      input: minted.stdout,
      timeoutMs: 30_000,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const resumed = events(result.stdout).filter((e) => e.type === 'resumed');
    expect(resumed.length).toBeGreaterThanOrEqual(1);
    const opened = (await emulatorSessions(emu)).sessions.slice(before);
    expect(opened.map((s) => [s.closeCode, s.resumed])).toEqual(opened.map((_, i) => [1000, i > 0]));
    expect(opened).toHaveLength(resumed.length + 1);
  });

  it('Ctrl-C: exit 130, socket closed with 1000, nothing left running', async () => {
    const { file } = wavFixture('ctrlc.wav', [['silence', 20_000]]);
    let before: SessionView | undefined;
    const { code, stdout, stderr } = await talkUntilThenInterrupt(
      ['--input', file, '--no-speaker', '--events'],
      baseEnv(emu, { GEMINI_API_KEY: key }),
      (out) => out.includes('"type":"setup"'),
      async () => {
        before = (await emulatorSessions(emu)).sessions.at(-1);
      },
    );
    expect(code).toBe(130);
    expect(stderr).toBe('gemtoken: interrupted\n');
    expect(events(stdout).at(-1)).toMatchObject({ type: 'closed', code: 1000, by: 'client' });
    // The emulator records the close when its side of the socket has closed: poll for it.
    const after = async () => (await emulatorSessions(emu)).sessions.find((s) => s.id === before!.id);
    await expect.poll(async () => (await after())?.closeCode).toBe(1000);
    expect(await after()).toMatchObject({ closeCode: 1000, closedBy: 'client' });
  });
});
