// `gemtoken mint` failure paths (built binary): bad input exits 2 with one line and sends nothing;
// service faults map to the documented exit codes after the documented number of attempts.
// The emulator supplies 429/500/503/hang; a tiny local server supplies 401/403/400 (the emulator
// answers a present-but-wrong key with 400 API_KEY_INVALID, and we always send a key).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type RunOptions, type RunResult } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { admin, expectOneLineFailure, requestCount, resetEmulator } from './mint-helpers.js';

let emu: EmulatorHandle;
let key: string;
const runs: RunResult[] = [];

beforeAll(async () => {
  emu = await spawnEmulator(['--api-key', 'e2e-errors-key-0123456789']);
  key = emu.apiKeys[0]!;
});
afterAll(async () => {
  await emu.stop();
  expect(runs.length).toBeGreaterThan(20);
  for (const run of runs) {
    expect(run.stdout).not.toContain(key);
    expect(run.stderr).not.toContain(key);
  }
});
beforeEach(() => resetEmulator(emu));

async function mint(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await runCli(['mint', ...args], { ...options, env: { GEMINI_API_KEY: key, ...options.env } });
  runs.push(result);
  return result;
}

describe('bad input: exit 2, one line, no stack trace, no request', () => {
  const base = (): string[] => ['--base-url', emu.baseUrl];
  it.each<[string, string[], RegExp, Record<string, string>?]>([
    ['--uses -1', ['--uses', '-1'], /--uses '-1'/],
    ['--uses 1.5', ['--uses', '1.5'], /--uses '1.5'/],
    ['--uses abc', ['--uses', 'abc'], /--uses 'abc'/],
    ['--ttl 0', ['--ttl', '0'], /--ttl must be greater than 0/],
    ['--ttl -5m', ['--ttl', '-5m'], /--ttl '-5m' is not a duration/],
    ['--ttl 21h', ['--ttl', '21h'], /less than 20h/],
    ['--ttl 5x', ['--ttl', '5x'], /--ttl '5x' is not a duration/],
    ['--ttl 30m --new-session-ttl 2h', ['--ttl', '30m', '--new-session-ttl', '2h'], /after the token expiry/],
    ['--expire-at in the past', ['--expire-at', '2020-01-01T00:00:00Z'], /must be in the future/],
    ['--config bad json', ['--config', '{bad json'], /--config is not valid JSON/],
    ['--config typo', ['--config', '{"temprature":1}'], /unknown key 'temprature'/],
    [
      '--config deep typo',
      ['--config', '{"speechConfig":{"voiceConfig":{"prebuiltVoiceConfig":{"voice":"Kore"}}}}'],
      /unknown key "speechConfig\.voiceConfig\.prebuiltVoiceConfig\.voice" \(did you mean voiceName\?\)/,
    ],
    [
      '--config resumption typo',
      ['--config', '{"sessionResumption":{"handel":"x"}}'],
      /unknown key "sessionResumption\.handel"/,
    ],
    [
      '--config generationConfig typo',
      ['--config', '{"generationConfig":{"temprature":1}}'],
      /unknown key "generationConfig\.temprature"/,
    ],
    ['--config @missing.json', ['--config', '@missing.json'], /^gemtoken: --config: no such file: missing\.json$/],
    ['--model a?b', ['--model', 'a?b'], /--model 'a\?b'/],
    ['--output xml', ['--output', 'xml'], /--output 'xml'/],
    ['--count 0', ['--count', '0'], /--count '0'/],
    ['--lock typo', ['--lock', 'temprature'], /unknown field 'temprature'/],
    [
      '--lock without a setup',
      ['--lock', 'temperature', '--dry-run'],
      /^gemtoken: --lock needs a locked setup: add --model or --config/,
    ],
    ['--lock-set-only without a setup', ['--lock-set-only', '--dry-run'], /--lock-set-only needs a locked setup/],
    ['--timeout 0', ['--timeout', '0'], /--timeout must be greater than 0/],
    ['--api-version v9', ['--api-version', 'v9'], /--api-version 'v9'/],
    ['transparent resumption', ['--config', '{"sessionResumption":{"transparent":true}}'], /transparent/],
    ['empty GEMINI_API_KEY', [], /GEMINI_API_KEY is set but empty/, { GEMINI_API_KEY: '' }],
    ['empty --api-key', ['--api-key', ''], /API key from --api-key is empty/],
    [
      'missing key file',
      ['--api-key-file', '/nonexistent/gemtoken-key'],
      /--api-key-file: no such file: \/nonexistent/,
    ],
  ])('%s', async (_name, args, message, env) => {
    const result = await mint([...base(), ...args], env ? { env } : {});
    expectOneLineFailure(result, 2, message);
    expect(await requestCount(emu)).toBe(0);
  });

  it('--base-url notaurl', async () => {
    expectOneLineFailure(await mint(['--base-url', 'notaurl']), 2, /'notaurl' is not a URL/);
  });

  it('no key and no TTY: exit 2 naming GEMINI_API_KEY', async () => {
    const result = await runCli(['mint', '--base-url', emu.baseUrl]);
    runs.push(result);
    expectOneLineFailure(result, 2, /GEMINI_API_KEY/);
    expect(await requestCount(emu)).toBe(0);
  });
});

describe('service faults (emulator): exit codes after the documented attempts', () => {
  const fast = (): string[] => ['--base-url', emu.baseUrl, '--timeout', '2s'];
  it.each<[string, string, string[], number, number, RegExp | undefined]>([
    ['429 once then success', 'rest:429:0x1', ['--retries', '2'], 0, 2, undefined],
    [
      '429 three times → 4 (quota)',
      'rest:429:0x3',
      ['--retries', '2'],
      4,
      3,
      /rate limited or out of quota \(HTTP 429 RESOURCE_EXHAUSTED\) after 3 attempts/,
    ],
    ['503 once then success', 'rest:503x1', ['--retries', '1'], 0, 2, undefined],
    [
      '500 three times with default retries → 5',
      'rest:500x3',
      [],
      5,
      3,
      /service unavailable \(HTTP 500 INTERNAL\) after 3 attempts/,
    ],
    ['503 twice, --retries 1 → 5', 'rest:503x2', ['--retries', '1'], 5, 2, /HTTP 503 UNAVAILABLE\) after 2 attempts/],
    [
      // 1 s, not less: on a loaded machine a shorter deadline can pass before the retry even reaches
      // the emulator, which then counts one request where the client made two.
      'hang, --timeout 1s --retries 1 → 5',
      'rest:hangx2',
      ['--retries', '1', '--timeout', '1s'],
      5,
      2,
      /no reply from .* within 1s \(2 attempts\)/,
    ],
    ['400 bad key is not retried → 3', '', ['--retries', '2'], 3, 1, /API key rejected \(HTTP 400 INVALID_ARGUMENT\)/],
  ])('%s', async (name, fault, args, exitCode, requests, message) => {
    if (fault) await admin(emu, 'POST', 'faults', { spec: fault });
    const env = name.includes('bad key') ? { GEMINI_API_KEY: 'not-the-right-key-123456' } : {};
    const result = await mint([...fast(), ...args], { env });
    if (exitCode === 0) {
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).name).toMatch(/^auth_tokens\//);
      expect(result.stderr).toMatch(/retrying in/);
    } else {
      expectOneLineFailure(result, exitCode, message);
    }
    expect(await requestCount(emu)).toBe(requests);
    expect(result.stderr.match(/retrying in/g)?.length ?? 0).toBe(requests - 1);
  });

  it('--count with many mints in backoff at once prints no MaxListenersExceededWarning', async () => {
    await admin(emu, 'POST', 'faults', { spec: 'rest:503x16' });
    const result = await mint([...fast(), '--count', '16', '--output', 'name', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(16);
    expect(result.stderr).toBe('');
  });

  it('--quiet hides the retry notices', async () => {
    await admin(emu, 'POST', 'faults', { spec: 'rest:503x1' });
    const result = await mint([...fast(), '--quiet']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('other failures (local stub server)', () => {
  let server: Server;
  let url: string;
  let hits = 0;
  let reply: { status: number; body: unknown } = { status: 200, body: {} };

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits += 1;
      req.resume();
      req.on('end', () =>
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const rpc = (code: number, status: string, message: string) => ({ error: { code, status, message } });
  it.each<[string, number, unknown, number, RegExp]>([
    [
      '401 → 3, not retried',
      401,
      rpc(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'),
      3,
      /API key rejected \(HTTP 401 UNAUTHENTICATED\)/,
    ],
    [
      '403 → 3, not retried',
      403,
      rpc(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers"),
      3,
      /API key rejected \(HTTP 403 PERMISSION_DENIED\)/,
    ],
    [
      '400 invalid field mask → 4 with the server message',
      400,
      rpc(400, 'INVALID_ARGUMENT', 'field_mask is invalid for BidiGenerateContentSetup'),
      4,
      /request rejected \(HTTP 400 INVALID_ARGUMENT\): field_mask is invalid/,
    ],
    ['200 without a token name → 5', 200, { hello: 'world' }, 5, /unexpected reply from the server/],
  ])('%s', async (_name, status, body, exitCode, message) => {
    reply = { status, body };
    hits = 0;
    expectOneLineFailure(await mint(['--base-url', url, '--retries', '2']), exitCode, message);
    expect(hits).toBe(1);
  });

  it('connection refused → 5 after the retries', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await mint(['--base-url', `http://127.0.0.1:${port}`, '--retries', '1']);
    expectOneLineFailure(result, 5, /cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED \(2 attempts\)/);
  });
});
