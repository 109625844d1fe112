// `gemtoken talk` without audio hardware: the built binary against the spawned emulator, checked
// by exit code, stdout (events / transcript / WAV) and what the emulator recorded.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { baseEnv, emulatorSessions, events, replyAudioBytes, sha256, tmp, wavFixture } from './talk-helpers.js';

let emu: EmulatorHandle;
let key: string;

beforeAll(async () => {
  emu = await spawnEmulator();
  key = emu.apiKeys[0]!;
});
afterAll(async () => {
  await emu.stop();
});

const noSecrets = (text: string, ...secrets: string[]) => {
  for (const secret of secrets) expect(text).not.toContain(secret);
};

describe('gemtoken talk (no audio devices)', () => {
  it('--input fixture.wav --fast --no-speaker --once --events: one reply, every input byte received', async () => {
    const { file, pcm } = wavFixture('hello.wav', [
      ['silence', 200],
      ['tone', 800],
      ['silence', 1200],
    ]);
    const before = (await emulatorSessions(emu)).conversations.length;
    const result = await runCli(['talk', '--input', file, '--fast', '--no-speaker', '--once', '--events'], {
      env: baseEnv(emu, { GEMINI_API_KEY: key }),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const log = events(result.stdout);
    expect(log[0]).toMatchObject({ type: 'setup', model: 'gemini-3.8-live', apiVersion: 'v1alpha', modality: 'audio' });
    const turn = log.find((e) => e.type === 'turn');
    expect(turn).toMatchObject({ turn: 1, interrupted: false });
    const said = log
      .filter((e) => e.type === 'transcript' && e.role === 'model')
      .map((e) => e.text)
      .join('');
    expect(said).toMatch(/^Turn 1\. I heard \d\.\d seconds of speech\.$/);
    expect(turn!.audioBytes).toBe(replyAudioBytes(said));
    expect(log.at(-1)).toEqual({
      type: 'closed',
      code: 1000,
      reason: '',
      by: 'client',
      audioBytesSent: pcm.length,
      droppedFrames: 0,
      gatedFrames: 0,
    });
    const { conversations, sessions } = await emulatorSessions(emu);
    expect(conversations).toHaveLength(before + 1);
    const conversation = conversations.at(-1)!;
    expect(conversation.audioBytesIn).toBe(pcm.length);
    expect(conversation.inputSha256).toBe(sha256(pcm));
    const session = sessions.find((s) => s.conversationId === conversation.id)!;
    expect(session).toMatchObject({ closeCode: 1000, closedBy: 'client' });
    noSecrets(result.stdout + result.stderr, key);
  });

  it('--text --output reply.wav: a valid, non-silent 24 kHz WAV and a plain transcript on stdout', async () => {
    const out = path.join(tmp, 'reply.wav');
    const result = await runCli(['talk', '--text', 'hello there', '--no-speaker', '--once', '--output', out], {
      env: baseEnv(emu, { GEMINI_API_KEY: key }),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^you: hello there\ngemini: Turn \d+\. You said: hello there\n$/);
    const wav = readFileSync(out);
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(wav.subarray(8, 12).toString('latin1')).toBe('WAVE');
    expect(wav.readUInt32LE(24)).toBe(24_000);
    expect(wav.readUInt16LE(22)).toBe(1);
    const dataBytes = wav.readUInt32LE(40);
    expect(dataBytes).toBe(wav.length - 44);
    expect(dataBytes).toBe(replyAudioBytes(/^gemini: (.*)$/m.exec(result.stdout)![1]!));
    let peak = 0;
    for (let i = 44; i < wav.length; i += 2) peak = Math.max(peak, Math.abs(wav.readInt16LE(i)));
    expect(peak).toBeGreaterThan(1000);
  });

  it('gemtoken mint --output json | gemtoken talk --token -: uses the token and its API version', async () => {
    const mint = await runCli(['mint', '--api-version', 'v1beta'], { env: baseEnv(emu, { GEMINI_API_KEY: key }) });
    expect(mint.code).toBe(0);
    const token = (JSON.parse(mint.stdout) as { name: string }).name;
    const talk = await runCli(['talk', '--token', '-', '--text', 'hi', '--no-speaker', '--once', '--events'], {
      env: baseEnv(emu),
      input: mint.stdout,
    });
    expect(talk.stderr).toBe('');
    expect(talk.code).toBe(0);
    expect(events(talk.stdout)[0]).toMatchObject({ type: 'setup', apiVersion: 'v1beta' });
    noSecrets(talk.stdout + talk.stderr, token, key);
    // The token was single-use: a second session on it is refused as used up (exit 3, one line).
    const again = await runCli(
      ['talk', '--token', token, '--api-version', 'v1beta', '--text', 'hi', '--no-speaker', '--once'],
      { env: baseEnv(emu) },
    );
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(
      /^gemtoken: the token is used up: close 1011 "Token has been used too many times"\nhint: .+\n$/,
    );
    noSecrets(again.stderr, token);
  });

  it('a real shell pipeline works too', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN, scrubbedEnv } = await import('../helpers/cli.js');
    const script = `"${process.execPath}" "${BIN}" mint | "${process.execPath}" "${BIN}" talk --token - --text hi --no-speaker --once --events`;
    const child = spawn('sh', ['-c', script], { env: scrubbedEnv(baseEnv(emu, { GEMINI_API_KEY: key })) });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(events(stdout).map((e) => e.type)).toContain('turn');
  });

  it('--transcript writes one JSON line per turn', async () => {
    const file = path.join(tmp, 'transcript.jsonl');
    const result = await runCli(['talk', '--text', 'one two', '--no-speaker', '--once', '--transcript', file], {
      env: baseEnv(emu, { GEMINI_API_KEY: key }),
    });
    expect(result.code).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ turn: 1, user: 'one two', interrupted: false });
    expect(hasStackTrace(result)).toBe(false);
  });
});
