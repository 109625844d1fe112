// `gemtoken mint` (built binary) against `gemtoken emulator`: every flag, checked in what the emulator
// stored. Run `npm run build` first.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli, type RunOptions, type RunResult } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { requestCount, resetEmulator, storedToken } from './mint-helpers.js';

let emu: EmulatorHandle;
let key: string;
const runs: RunResult[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-mint-'));

beforeAll(async () => {
  emu = await spawnEmulator(['--api-key', 'e2e-mint-key-0123456789']);
  key = emu.apiKeys[0]!;
});
afterAll(async () => {
  await emu.stop();
  for (const run of runs) {
    expect(run.stdout).not.toContain(key);
    expect(run.stderr).not.toContain(key);
  }
});
beforeEach(() => resetEmulator(emu));

async function mint(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await runCli(['mint', '--base-url', emu.baseUrl, ...args], {
    ...options,
    env: { GEMINI_API_KEY: key, ...options.env },
  });
  runs.push(result);
  expect(hasStackTrace(result)).toBe(false);
  return result;
}

const json = (result: RunResult): Record<string, unknown> => {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
};

describe('gemtoken mint (built binary, emulator)', () => {
  it('default: one JSON line, 30m / 1m, uses 1, v1alpha, one request', async () => {
    const before = Date.now();
    const result = await mint([]);
    const out = json(result);
    expect(Object.keys(out)).toEqual(['name', 'expireTime', 'newSessionExpireTime', 'uses', 'apiVersion', 'locked']);
    expect(out.locked).toEqual({ mode: 'none', fields: [] });
    expect(out.name).toMatch(/^auth_tokens\/.+/);
    expect(out.uses).toBe(1);
    expect(out.apiVersion).toBe('v1alpha');
    const expire = Date.parse(out.expireTime as string) - before;
    expect(expire).toBeGreaterThanOrEqual(30 * 60_000);
    expect(expire).toBeLessThan(31 * 60_000);
    expect(result.stderr).toBe('');
    expect(await requestCount(emu)).toBe(1);
    const stored = await storedToken(emu, out.name as string);
    expect(stored).toMatchObject({
      apiVersion: 'v1alpha',
      uses: 1,
      expireTime: new Date(out.expireTime as string).toISOString(),
    });
  });

  it('--uses 0 warns; --ttl/--new-session-ttl set the times', async () => {
    const result = await mint(['--uses', '0', '--ttl', '1h30m', '--new-session-ttl', '90s']);
    const out = json(result);
    expect(result.stderr).toMatch(/warning: --uses 0 mints a token with unlimited uses/);
    expect(out.uses).toBe(0);
    expect(Date.parse(out.expireTime as string) - Date.parse(out.newSessionExpireTime as string)).toBe(
      90 * 60_000 - 90_000,
    );
    expect((await storedToken(emu, out.name as string)).uses).toBe(0);
  });

  it('--expire-at / --new-session-expire-at', async () => {
    const expireAt = new Date(Date.now() + 2 * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const newAt = new Date(Date.now() + 5 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const out = json(await mint(['--expire-at', expireAt, '--new-session-expire-at', newAt, '-u', '3']));
    expect(Date.parse(out.expireTime as string)).toBe(Date.parse(expireAt));
    expect(Date.parse(out.newSessionExpireTime as string)).toBe(Date.parse(newAt));
    expect(out.uses).toBe(3);
  });

  it('--model, --config @file and every shorthand, --lock-set-only', async () => {
    writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ speechConfig: { languageCode: 'en-US' }, tools: [{ googleSearch: {} }] }),
    );
    writeFileSync(path.join(dir, 'si.txt'), 'Answer in one sentence.\n');
    const out = json(
      await mint([
        '--model',
        'gemini-3.8-live',
        '--config',
        `@${path.join(dir, 'config.json')}`,
        '--system-instruction',
        `@${path.join(dir, 'si.txt')}`,
        '--modality',
        'audio',
        '--voice',
        'Kore',
        '--temperature',
        '0.4',
        '--transcribe',
        '--resumable',
        '--compress',
        '--lock-set-only',
      ]),
    );
    expect(out.model).toBe('models/gemini-3.8-live');
    const stored = await storedToken(emu, out.name as string);
    expect(stored.setup).toEqual({
      model: 'models/gemini-3.8-live',
      generationConfig: {
        speechConfig: { languageCode: 'en-US', voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
        responseModalities: ['AUDIO'],
        temperature: 0.4,
      },
      systemInstruction: { parts: [{ text: 'Answer in one sentence.' }], role: 'user' },
      tools: [{ googleSearch: {} }],
      sessionResumption: {},
      inputAudioTranscription: {},
      outputAudioTranscription: {},
      contextWindowCompression: { slidingWindow: {} },
    });
    const mask = Array.isArray(stored.fieldMask) ? stored.fieldMask.join(',') : stored.fieldMask;
    expect(mask).toBe(
      'model,generationConfig.responseModalities,generationConfig.temperature,generationConfig.speechConfig,systemInstruction,tools,sessionResumption,inputAudioTranscription,outputAudioTranscription,contextWindowCompression',
    );
  });

  it('--config - (stdin), --lock adds fields, no --lock means no mask', async () => {
    const locked = json(
      await mint(['-m', 'models/gemini-3.8-live', '--config', '-', '--lock', 'temperature,tools'], {
        input: '{"responseModalities":["AUDIO"]}',
      }),
    );
    const stored = await storedToken(emu, locked.name as string);
    const mask = Array.isArray(stored.fieldMask) ? stored.fieldMask.join(',') : stored.fieldMask;
    expect(mask).toBe('model,generationConfig.responseModalities,generationConfig.temperature,tools');
    // Not gemini-3.8-live: TEXT on that audio-only model is refused before sending (mint-locked.test.ts).
    const full = json(await mint(['-m', 'gemini-3.8-live-extended-thinking', '--modality', 'text']));
    const fullStored = await storedToken(emu, full.name as string);
    expect(fullStored.setup).toEqual({
      model: 'models/gemini-3.8-live-extended-thinking',
      generationConfig: { responseModalities: ['TEXT'] },
    });
    expect(
      fullStored.fieldMask === undefined ||
        fullStored.fieldMask === '' ||
        (Array.isArray(fullStored.fieldMask) && fullStored.fieldMask.length === 0),
    ).toBe(true);
  });

  it('--count 5 --output name: five distinct tokens, five requests', async () => {
    const result = await mint(['--count', '5', '--output', 'name']);
    expect(result.code).toBe(0);
    const names = result.stdout.trimEnd().split('\n');
    expect(names).toHaveLength(5);
    expect(new Set(names).size).toBe(5);
    for (const name of names) expect(name).toMatch(/^auth_tokens\/\S+$/);
    expect(await requestCount(emu)).toBe(5);
  });

  it('--output env prints export lines a shell can eval', async () => {
    const result = await mint(['-o', 'env']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^export GEMINI_EPHEMERAL_TOKEN=auth_tokens\//);
    expect(lines[1]).toMatch(/^export GEMINI_EPHEMERAL_TOKEN_EXPIRE_TIME=\d{4}-/);
    expect(lines[2]).toMatch(/^export GEMINI_EPHEMERAL_TOKEN_NEW_SESSION_EXPIRE_TIME=\d{4}-/);
  });

  it('--output github: mask first, outputs into $GITHUB_OUTPUT, nothing else on stdout', async () => {
    const file = path.join(dir, 'github_output');
    writeFileSync(file, 'earlier=1\n');
    const result = await mint(['--output', 'github'], { env: { GITHUB_OUTPUT: file } });
    expect(result.code).toBe(0);
    const [maskLine, ...rest] = result.stdout.trimEnd().split('\n');
    const token = maskLine!.replace('::add-mask::', '');
    expect(maskLine).toMatch(/^::add-mask::auth_tokens\//);
    expect(rest).toEqual([]);
    const written = readFileSync(file, 'utf8').split('\n');
    expect(written[0]).toBe('earlier=1');
    expect(written[1]).toBe(`token=${token}`);
    expect(written[2]).toMatch(/^expire_time=/);
    expect(written[3]).toMatch(/^new_session_expire_time=/);
  });

  it('--output github without $GITHUB_OUTPUT: mask line first, then the outputs, and a warning', async () => {
    const result = await mint(['--output', 'github']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^::add-mask::auth_tokens\//);
    expect(lines[1]).toBe(`token=${lines[0]!.replace('::add-mask::', '')}`);
    expect(result.stderr).toMatch(/GITHUB_OUTPUT is not set/);
  });

  it('--dry-run needs no key, redacts it when given, and sends nothing', async () => {
    const noKey = await runCli([
      'mint',
      '--base-url',
      emu.baseUrl,
      '--dry-run',
      '-m',
      'm',
      '--lock-set-only',
      '--config',
      '{"tools":[{"googleSearch":{}}]}',
    ]);
    runs.push(noKey);
    expect(noKey.code).toBe(0);
    const lines = noKey.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`POST ${emu.baseUrl}/v1alpha/auth_tokens`);
    expect(lines).toContain('x-goog-api-key: [REDACTED]');
    expect(lines).toContain('content-type: application/json');
    const body = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
    expect(body.fieldMask).toBe('model,tools');
    const withKey = await mint(['--dry-run', '--api-version', 'v1beta']);
    expect(withKey.stdout).toContain('/v1beta/auth_tokens');
    expect(withKey.stdout).toContain('[REDACTED]');
    expect(await requestCount(emu)).toBe(0);
  });

  it('key sources: file, stdin, argv (warns), GOOGLE_API_KEY, and which one wins when both differ', async () => {
    const keyFile = path.join(dir, 'key.txt');
    writeFileSync(keyFile, `${key}\n`);
    expect(
      (await runCli(['mint', '--base-url', emu.baseUrl, '--api-key-file', keyFile]).then((r) => (runs.push(r), r)))
        .code,
    ).toBe(0);
    expect(
      (
        await runCli(['mint', '--base-url', emu.baseUrl, '--api-key-stdin'], { input: `${key}\n` }).then(
          (r) => (runs.push(r), r),
        )
      ).code,
    ).toBe(0);
    const argv = await runCli(['mint', '--base-url', emu.baseUrl, '--api-key', key]);
    runs.push(argv);
    expect(argv.code).toBe(0);
    expect(argv.stderr).toMatch(/warning: --api-key puts the key on the command line/);
    const google = await runCli(['mint', '--base-url', emu.baseUrl], { env: { GOOGLE_API_KEY: key } });
    runs.push(google);
    expect(google.code).toBe(0);
    const both = await runCli(['mint', '--base-url', emu.baseUrl], {
      env: { GEMINI_API_KEY: key, GOOGLE_API_KEY: 'some-other-key-987654321' },
    });
    runs.push(both);
    expect(both.code).toBe(0);
    expect(both.stderr).toMatch(/using GEMINI_API_KEY/);
    expect(both.stderr).not.toContain('some-other-key');
    expect(await requestCount(emu)).toBe(5);
  });

  it('--api-version, GEMTOKEN_BASE_URL and GOOGLE_GEMINI_BASE_URL', async () => {
    const v1beta = json(await mint(['--api-version', 'v1beta']));
    expect(v1beta.apiVersion).toBe('v1beta');
    expect((await storedToken(emu, v1beta.name as string)).apiVersion).toBe('v1beta');
    for (const variable of ['GEMTOKEN_BASE_URL', 'GOOGLE_GEMINI_BASE_URL']) {
      const result = await runCli(['mint'], { env: { GEMINI_API_KEY: key, [variable]: emu.baseUrl } });
      runs.push(result);
      expect(result.code, result.stderr).toBe(0);
    }
    expect(await requestCount(emu)).toBe(3);
  });

  it('--quiet hides notices; --verbose adds debug lines and still no key', async () => {
    const quiet = await mint(['--quiet'], { env: { GOOGLE_API_KEY: 'some-other-key-987654321' } });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    const verbose = await mint(['--verbose', '--timeout', '5s', '--retries', '1']);
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(/POST .*auth_tokens/);
  });
});
