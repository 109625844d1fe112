// The first pipe a user types, `gemtoken mint --model gemini-3.8-live | gemtoken talk --token - --voice
// Puck`, run through a real shell pipe (both commands' stderr in one stream, as a terminal shows it):
// a model alone locks only the model, so the session gets talk's setup (voice, transcripts,
// resumption) and nothing is warned. The full lock is one flag away (--lock-all) and then each gap is
// said once in the whole pipe: mint says what the token leaves out, talk only what it alone knows (its
// flags the token makes idle). Built binary against the spawned emulator; run `npm run build` first.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, scrubbedEnv } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { baseEnv, emulatorSessions, events } from './talk-helpers.js';

let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await spawnEmulator();
});
afterAll(async () => {
  await emu.stop();
});

const NO_AUDIO = '--text hi --no-speaker --once --events';

/** `line` through sh with `gemtoken` replaced by the built binary; stderr of both sides together. */
async function pipe(line: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const gemtoken = `"${process.execPath}" "${BIN}"`;
  const script = line.replaceAll('gemtoken ', `${gemtoken} `);
  const child = spawn('sh', ['-c', script], {
    env: scrubbedEnv(baseEnv(emu, { GEMINI_API_KEY: emu.apiKeys[0]! })),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

describe('mint | talk --token -', () => {
  it('--model alone: no warning; the session has the voice, transcripts and resumption talk asked for', async () => {
    const result = await pipe(
      `gemtoken mint --model gemini-3.8-live | gemtoken talk --token - --voice Puck ${NO_AUDIO}`,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(events(result.stdout).some((e) => e.type === 'transcript' && e.role === 'model')).toBe(true);
    const setup = (await emulatorSessions(emu)).sessions.at(-1) as unknown as { setup: Record<string, unknown> };
    expect(setup.setup).toMatchObject({
      model: 'models/gemini-3.8-live',
      inputAudioTranscription: true,
      outputAudioTranscription: true,
      sessionResumption: true,
    });
    expect(JSON.stringify(setup.setup.generationConfig)).toContain('"voiceName":"Puck"');
  });

  it('--lock-all: each gap said once in the whole pipe (by mint), talk adds only the flag it ignores', async () => {
    // The lock names its modality: a full lock without one gets TEXT, which gemini-3.8-live refuses
    // at connect (the next test).
    const result = await pipe(
      `gemtoken mint --model gemini-3.8-live --modality audio --lock-all | gemtoken talk --token - --voice Puck ${NO_AUDIO}`,
    );
    expect(result.code).toBe(0);
    const lines = result.stderr.trimEnd().split('\n');
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.filter((l) => /without sessionResumption/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /without inputAudioTranscription/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /so the service ignores --voice/.test(l))).toHaveLength(1);
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.startsWith('warning: '))).toBe(true);
  });

  it('--lock-all of the model alone: mint warns that the service falls back to TEXT, and the connect is refused (exit 4)', async () => {
    const result = await pipe(
      `gemtoken mint --model gemini-3.8-live --lock-all | gemtoken talk --token - --voice Puck ${NO_AUDIO}`,
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/without responseModalities: sessions get the service's default, TEXT/);
    expect(result.stderr).toMatch(/non-audio request|TEXT/);
  });
});
