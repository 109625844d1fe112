// `npm run demo` = build + `gemtoken demo`: the built binary runs the emulator, mint and talk as
// children, with no API key. Checks the transcript and reply WAV, that a real key or base URL in the
// environment is never used, failures and Ctrl-C propagate, and no child outlives it.
// Run `npm run build` first (this test does not rebuild: other e2e tests share dist/).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeWav, parseWav } from '../../src/audio/pcm/wav.js';
import { questionPcm } from '../../src/commands/demo/question-audio.js';
import { BIN, ROOT, hasStackTrace, runCli, scrubbedEnv, type RunResult } from '../helpers/cli.js';
import { expectNoProcessLeft, processesWithEnv } from '../helpers/processes.js';
import { blockedOn } from '../security/stop-once.js';

const work = mkdtempSync(path.join(tmpdir(), 'gemtoken-demo-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A real-looking key and a dead base URL: if the demo used either, it would fail or leak. */
const HOSTILE_ENV = {
  GEMINI_API_KEY: 'AIzaSyRealUserKeyMustNotBeUsed0123',
  GOOGLE_GEMINI_BASE_URL: 'http://127.0.0.1:9',
  GEMTOKEN_TOKEN: 'auth_tokens/stale',
};

/** Children get only allow-listed variables: the marker reaches them because it is passed by name. */
const PASS_MARKER = ['--pass-env', 'GEMTOKEN_DEMO_TEST'];

function marker(name: string): { GEMTOKEN_DEMO_TEST: string } {
  return { GEMTOKEN_DEMO_TEST: `${name}-${process.pid}-${Date.now()}` };
}

/** The demo waits for every child before it exits, so none may be left the moment it has. */
const noChildLeft = (env: { GEMTOKEN_DEMO_TEST: string }) =>
  expectNoProcessLeft(env.GEMTOKEN_DEMO_TEST, { graceMs: 0 });

function expectNoSecrets(result: RunResult): void {
  const all = result.stdout + result.stderr;
  expect(all).not.toContain(HOSTILE_ENV.GEMINI_API_KEY);
  expect(all).not.toMatch(/emu-[A-Za-z0-9_-]{16,}/);
  expect(all).not.toMatch(/auth_tokens\/[A-Za-z0-9_-]{8,}/);
}

describe('gemtoken demo (what npm run demo runs)', () => {
  it('npm run demo builds, then runs the demo', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.demo).toBe('npm run build && node bin/gemtoken.js demo');
  });

  it('mints through the CLI, talks with the generated WAV, prints the transcript and the reply WAV', async () => {
    const dir = path.join(work, 'default');
    const env = marker('default');
    const result = await runCli(['demo', ...PASS_MARKER, '--dir', dir], {
      env: { ...HOSTILE_ENV, ...env },
      timeoutMs: 30_000,
    });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines, result.stdout).toHaveLength(3);
    expect(lines[0]).toMatch(/^you: \(1\.\d s of speech\)$/);
    expect(lines[1]).toMatch(/^gemini: Turn 1\. I heard 1\.\d seconds of speech\.$/);
    expect(lines[2]).toMatch(
      new RegExp(`^reply audio: ${escape(path.join(dir, 'reply.wav'))} \\(\\d+\\.\\d s, 24000 Hz, mono\\)$`),
    );
    expect(result.stderr).toMatch(/^\$ gemtoken emulator --port 0$/m);
    expect(result.stderr).toMatch(
      /^\$ GEMINI_API_KEY=<emulator key> gemtoken mint --base-url http:\/\/127\.0\.0\.1:\d+ --model gemini-3\.8-live --lock-set-only --ttl 10m$/m,
    );
    // The demo's token locks only the model, so talk's setup (transcripts, resumption) counts: no lock warning.
    expect(result.stderr).not.toMatch(/^warning:/m);
    expect(result.stderr).toMatch(
      /^\$ gemtoken mint … \| gemtoken talk --token - --base-url http:\/\/127\.0\.0\.1:\d+ --input \S+question\.wav --output \S+reply\.wav --once --no-speaker$/m,
    );
    // It ends with the next step that still needs no key: the emulator, and talk against it.
    expect(result.stderr.trimEnd().split('\n').slice(-6)).toEqual([
      'Next, still with no key: start the emulator in one terminal (it prints two exports to paste)',
      '  gemtoken emulator',
      'and talk to it from another, after pasting them:',
      '  gemtoken talk --text "hello" --once --no-speaker',
      '  gemtoken talk                  (microphone and speaker)',
      'With your own key: export GEMINI_API_KEY=…, then gemtoken talk.',
    ]);
    expectNoSecrets(result);
    expect(hasStackTrace(result)).toBe(false);

    const reply = parseWav(readFileSync(path.join(dir, 'reply.wav')));
    expect(reply.format).toMatchObject({ sampleRate: 24_000, channels: 1 });
    const seconds = Number(/\((\d+\.\d) s,/.exec(lines[2]!)![1]);
    expect(reply.data.length / 48_000).toBeCloseTo(seconds, 1);
    expect(reply.data.some((byte) => byte !== 0)).toBe(true);
    expect(parseWav(readFileSync(path.join(dir, 'question.wav'))).data).toEqual(questionPcm());
    await noChildLeft(env);
  });

  it('--input: asks with the given WAV (any rate and channels)', async () => {
    const input = path.join(work, 'mine.wav');
    // The demo's own question, resampled crudely to 44.1 kHz stereo by repetition. One utterance: two
    // copies back to back hold 0.65 s of silence between them, more than the emulator's 500 ms end of
    // speech, so the second copy barged in on the answer to the first and whether "Turn 1." was printed
    // before the cut depended on the machine's load.
    const voice = questionPcm();
    const stereo = Buffer.alloc(Math.floor((voice.length / 2) * (44_100 / 16_000)) * 4);
    for (let i = 0; i < stereo.length / 4; i++) {
      const sample = voice.readInt16LE(Math.floor((i * 16_000) / 44_100) * 2);
      stereo.writeInt16LE(sample, i * 4);
      stereo.writeInt16LE(sample, i * 4 + 2);
    }
    writeFileSync(input, encodeWav({ sampleRate: 44_100, channels: 2 }, stereo));
    const dir = path.join(work, 'input');
    const result = await runCli(['demo', ...PASS_MARKER, '--dir', dir, '--input', input], {
      env: marker('input'),
      timeoutMs: 30_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^you: \(\d\.\d s of speech\)$/m);
    expect(result.stdout).toMatch(/^gemini: Turn 1\. /m);
    expect(existsSync(path.join(dir, 'question.wav'))).toBe(false);
  });

  it('a failing step: its own message, then one line naming the step, its exit code, no stack', async () => {
    const env = marker('fail');
    const result = await runCli(
      ['demo', ...PASS_MARKER, '--dir', path.join(work, 'fail'), '--input', path.join(work, 'missing.wav')],
      { env, timeoutMs: 30_000 },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing\.wav/);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(
      "gemtoken: the demo's talk step failed (exit 2); its message is above",
    );
    expect(hasStackTrace(result)).toBe(false);
    await noChildLeft(env);
  });

  it('one SIGTERM while talk waits on its --input FIFO: exit 143 and one line, children gone', async () => {
    const env = marker('sigterm');
    const fifo = path.join(work, 'question.fifo');
    execFileSync('mkfifo', [fifo]);
    const child = spawn(
      process.execPath,
      [BIN, 'demo', ...PASS_MARKER, '--dir', path.join(work, 'sigterm'), '--input', fifo],
      { cwd: ROOT, env: scrubbedEnv(env), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    // talk itself is running and waits for the question: its stop line would be a second one.
    await expect
      .poll(() => processesWithEnv(env.GEMTOKEN_DEMO_TEST).some((pid) => pid !== child.pid && blockedOn(pid, fifo)), {
        timeout: 20_000,
      })
      .toBe(true);
    child.kill('SIGTERM');
    const code = await closed;
    clearTimeout(timer);
    expect(code, stderr).toBe(143);
    expect(stderr.split('\n').filter((line) => line.startsWith('gemtoken:'))).toEqual(['gemtoken: stopped by SIGTERM']);
    await noChildLeft(env);
  });

  it('--dir naming a file: exit 2, one line, before anything starts', async () => {
    const file = path.join(work, 'a-file');
    writeFileSync(file, 'not a folder\n');
    const result = await runCli(['demo', ...PASS_MARKER, '--dir', file], { env: marker('dir-file') });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('gemtoken:'))).toEqual([
      `gemtoken: cannot write --dir ${file}: a file is in the way of the folder (EEXIST)`,
    ]);
    expect(result.stderr).not.toMatch(/\$ gemtoken emulator/);
    expect(hasStackTrace(result)).toBe(false);
  });

  it('Ctrl-C while talk runs: exit 130 and the emulator and talk are gone', async () => {
    const env = marker('sigint');
    const child = spawn(process.execPath, [BIN, 'demo', ...PASS_MARKER, '--dir', path.join(work, 'sigint')], {
      cwd: ROOT,
      env: scrubbedEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (/^\$ gemtoken mint … \| gemtoken talk/m.test(stderr)) child.kill('SIGINT');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    expect(code, stderr).toBe(130);
    // One line: talk, stopped in turn, does not add its own.
    expect(stderr.split('\n').filter((line) => line.startsWith('gemtoken:'))).toEqual(['gemtoken: interrupted']);
    await noChildLeft(env);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
