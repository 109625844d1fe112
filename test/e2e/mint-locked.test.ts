// `gemtoken mint` says what a token will do on the real service (docs/emulator.md): the full-lock
// warnings (full-lock-ignores-client), the JSON `locked` key, TEXT refused on an audio-only model,
// and the one fallback to v1beta when the default version answers 404. Built binary; run `npm run build` first.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli, type RunResult } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { requestCount, resetEmulator, storedToken } from './mint-helpers.js';

let emu: EmulatorHandle;
let key: string;
const runs: RunResult[] = [];

beforeAll(async () => {
  emu = await spawnEmulator(['--api-key', 'e2e-mint-locked-key-0123456789']);
  key = emu.apiKeys[0]!;
});
afterAll(async () => {
  await emu.stop();
  for (const run of runs) expect(run.stdout + run.stderr).not.toContain(key);
});
beforeEach(() => resetEmulator(emu));

async function mint(args: string[], baseUrl = emu.baseUrl): Promise<RunResult> {
  const result = await runCli(['mint', '--base-url', baseUrl, ...args], { env: { GEMINI_API_KEY: key } });
  runs.push(result);
  expect(hasStackTrace(result)).toBe(false);
  return result;
}

const FULL = 'warning: the token locks the whole session setup (no field mask) without';
const MODALITY = `${FULL} responseModalities: sessions get the service's default, TEXT, which audio-only models refuse at connect; add --modality, or --lock-set-only to lock only what is set`;
const RESUME = `${FULL} sessionResumption: sessions get no resumption handles, so a session ends with its connection (~10 min); add --resumable, or --lock-set-only to lock only what is set`;
const TRANSCRIBE = `${FULL} inputAudioTranscription or outputAudioTranscription: sessions get no transcripts; add --transcribe, or --lock-set-only to lock only what is set`;

describe('mint: what the token locks', () => {
  it('--model alone locks only the model: a field mask, no warning, locked.mode fields in the JSON', async () => {
    const result = await mint(['--model', 'gemini-3.8-live']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual([
      'name',
      'expireTime',
      'newSessionExpireTime',
      'uses',
      'model',
      'apiVersion',
      'locked',
    ]);
    expect(out.locked).toEqual({ mode: 'fields', fields: ['model'] });
    const stored = await storedToken(emu, out.name as string);
    expect(Array.isArray(stored.fieldMask) ? stored.fieldMask.join(',') : stored.fieldMask).toBe('model');
  });

  it('--model --lock-all is the full lock: three warnings, once each, locked.mode full', async () => {
    const result = await mint(['--model', 'gemini-3.8-live', '--lock-all']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(`${MODALITY}\n${RESUME}\n${TRANSCRIBE}\n`);
    expect((JSON.parse(result.stdout) as { locked: unknown }).locked).toEqual({ mode: 'full', fields: ['model'] });
  });

  it('--quiet keeps the warnings (they are not progress notices)', async () => {
    const result = await mint(['--model', 'gemini-3.8-live', '--resumable', '--transcribe', '--quiet']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`${MODALITY}\n`);
  });

  it('a full lock that sets modality, resumption and transcription warns about nothing', async () => {
    const result = await mint(['--model', 'gemini-3.8-live', '--modality', 'audio', '--resumable', '--transcribe']);
    expect(result.stderr).toBe('');
    expect((JSON.parse(result.stdout) as { locked: unknown }).locked).toEqual({
      mode: 'full',
      fields: [
        'model',
        'generationConfig.responseModalities',
        'sessionResumption',
        'inputAudioTranscription',
        'outputAudioTranscription',
      ],
    });
  });

  it('--lock-set-only: a field mask, no warning, the mask in `locked.fields` and in the stored token', async () => {
    const result = await mint(['--model', 'gemini-3.8-live', '--lock-set-only']);
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout) as { name: string; locked: unknown };
    expect(out.locked).toEqual({ mode: 'fields', fields: ['model'] });
    const stored = await storedToken(emu, out.name);
    expect(Array.isArray(stored.fieldMask) ? stored.fieldMask.join(',') : stored.fieldMask).toBe('model');
  });

  it('the warnings go with --dry-run too, and the name/env outputs are unchanged', async () => {
    const dry = await mint(['--model', 'gemini-3.8-live', '--lock-all', '--dry-run']);
    expect(dry.stderr).toBe(`${MODALITY}\n${RESUME}\n${TRANSCRIBE}\n`);
    const name = await mint(['--output', 'name']);
    expect(name.stdout).toMatch(/^auth_tokens\/\S+\n$/);
    const env = await mint(['--output', 'env']);
    expect(env.stdout).not.toContain('locked');
  });

  it.each([
    [['--model', 'gemini-3.8-live', '--modality', 'text'], 'gemini-3.8-live'],
    [
      [
        '--model',
        'gemini-2.5-flash-native-audio-preview-12-2025',
        '--config',
        '{"responseModalities":["TEXT"]}',
        '--lock-set-only',
      ],
      'gemini-2.5-flash-native-audio-preview-12-2025',
    ],
  ])('TEXT on an audio-only model: exit 2, one line and a hint, nothing sent (%j)', async (args, id) => {
    const result = await mint(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `gemtoken: ${id} answers in audio only; a TEXT response modality fails at setup\nhint: its text comes as output transcripts: drop TEXT (--modality text) and add --transcribe\n`,
    );
    expect(await requestCount(emu)).toBe(0);
  });
});

describe('mint: the API version (a service whose v1alpha auth_tokens is gone)', () => {
  let server: Server;
  let url: string;
  let hits: string[] = [];
  let v1beta = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      req.resume();
      const status = req.url?.startsWith('/v1beta/') ? v1beta : 404;
      const body =
        status === 200
          ? { name: 'auth_tokens/0123456789abcdef' }
          : { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } };
      req.on('end', () => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    hits = [];
    v1beta = 200;
  });

  it('the default version 404s: one retry on v1beta, one stderr line, the JSON says v1beta', async () => {
    const result = await mint([], url);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      'warning: v1alpha answered 404 for auth_tokens; minting on v1beta instead (--api-version chooses one)\n',
    );
    expect(JSON.parse(result.stdout)).toMatchObject({ name: 'auth_tokens/0123456789abcdef', apiVersion: 'v1beta' });
    expect(hits).toEqual(['POST /v1alpha/auth_tokens', 'POST /v1beta/auth_tokens']);
  });

  it('--count 3: the fallback is reported once and every token says v1beta', async () => {
    const result = await mint(['--count', '3'], url);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.match(/answered 404/g)).toHaveLength(1);
    const versions = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { apiVersion: string }).apiVersion);
    expect(versions).toEqual(['v1beta', 'v1beta', 'v1beta']);
  });

  it("v1beta 404s too: exit 4 with v1beta's error, after exactly two requests", async () => {
    v1beta = 404;
    const result = await mint(['--retries', '2'], url);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(
      'warning: v1alpha answered 404 for auth_tokens; minting on v1beta instead (--api-version chooses one)\n' +
        'gemtoken: request rejected (HTTP 404 NOT_FOUND): Requested entity was not found.\nhint: check the flags; --dry-run prints the request without sending it\n',
    );
    expect(hits).toEqual(['POST /v1alpha/auth_tokens', 'POST /v1beta/auth_tokens']);
  });

  it('a chosen --api-version is never second-guessed: one request, exit 4', async () => {
    const result = await mint(['--api-version', 'v1alpha', '--retries', '2'], url);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(
      'gemtoken: request rejected (HTTP 404 NOT_FOUND): Requested entity was not found.\nhint: check the flags; --dry-run prints the request without sending it\n',
    );
    expect(hits).toEqual(['POST /v1alpha/auth_tokens']);
  });
});
