// `gemtoken talk` with a locked token and with a TEXT modality on an audio-only model (docs/emulator.md): the
// warnings it prints before connecting, the exit-2 refusal, and the README's pipe, run from the README line itself.
// Built binary against the spawned emulator; run `npm run build` first.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, hasStackTrace, ROOT, runCli, scrubbedEnv } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { requestCount, resetEmulator } from './mint-helpers.js';
import { baseEnv, emulatorSessions, events } from './talk-helpers.js';

let emu: EmulatorHandle;
let key: string;

beforeAll(async () => {
  emu = await spawnEmulator();
  key = emu.apiKeys[0]!;
});
afterAll(async () => {
  await emu.stop();
});

const TALK = ['--text', 'hi', '--no-speaker', '--once', '--events'];

async function mintJson(args: string[]): Promise<string> {
  const result = await runCli(['mint', ...args], { env: baseEnv(emu, { GEMINI_API_KEY: key }) });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

describe('talk with a locked token', () => {
  it('the README pipe (mint --model | talk --token - --voice) runs clean: no warning, transcripts', async () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const line = readme
      .split('\n')
      .find((l) => l.startsWith('gemtoken mint') && l.includes('| gemtoken talk --token -'));
    expect(line).toBe('gemtoken mint --model gemini-3.8-live | gemtoken talk --token - --voice Puck');
    // Verbatim but for the binary's path and talk's no-audio flags (no microphone or speaker here).
    const gemtoken = `"${process.execPath}" "${BIN}"`;
    const script = `${line!.replaceAll('gemtoken ', `${gemtoken} `)} ${TALK.join(' ')}`;
    const child = spawn('sh', ['-c', script], { env: scrubbedEnv(baseEnv(emu, { GEMINI_API_KEY: key })) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const log = events(stdout);
    expect(log.some((e) => e.type === 'transcript' && e.role === 'model')).toBe(true);
  });

  it('a full lock: one line naming the ignored flags (what the token leaves out is for mint to say); the session still runs', async () => {
    const token = await mintJson(['--model', 'gemini-3.8-live', '--modality', 'audio']);
    const result = await runCli(
      ['talk', '--token', '-', '--voice', 'Kore', '--system-instruction', 'Be brief.', ...TALK],
      { env: baseEnv(emu), input: token },
    );
    expect(result.stderr).toBe(
      'warning: the token locks the whole session setup, so the service ignores --voice, --system-instruction (mint with --lock-set-only to lock only what you set)\n',
    );
    expect(result.code).toBe(0);
    expect(hasStackTrace(result)).toBe(false);
  });

  it('a field mask read from GEMTOKEN_TOKEN: one line, only the masked flags', async () => {
    const token = await mintJson(['--model', 'gemini-3.8-live', '--temperature', '0.3', '--lock-set-only']);
    const result = await runCli(['talk', '--voice', 'Kore', '--temperature', '0.9', ...TALK], {
      env: baseEnv(emu, { GEMTOKEN_TOKEN: token.trim() }),
    });
    expect(result.stderr).toBe(
      'warning: the token locks model, generationConfig.temperature, so the service ignores --temperature\n',
    );
    expect(result.code).toBe(0);
  });

  it('a bare token name says nothing (nothing is known about its lock)', async () => {
    const name = (JSON.parse(await mintJson(['--model', 'gemini-3.8-live'])) as { name: string }).name;
    const result = await runCli(['talk', '--token', name, '--voice', 'Kore', ...TALK], { env: baseEnv(emu) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('talk --modality text on an audio-only model', () => {
  it.each([
    [[], 'gemini-3.8-live'],
    [['--model', 'gemini-2.5-flash-native-audio-preview-09-2025'], 'gemini-2.5-flash-native-audio-preview-09-2025'],
  ])('exit 2 before any token is minted or socket opened (%j)', async (args, id) => {
    await resetEmulator(emu);
    const sessionsBefore = (await emulatorSessions(emu)).sessions.length;
    const result = await runCli(['talk', '--modality', 'text', ...args, ...TALK], {
      env: baseEnv(emu, { GEMINI_API_KEY: key }),
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `gemtoken: ${id} answers in audio only; a TEXT response modality fails at setup\nhint: its text comes as output transcripts: drop --modality text (talk shows them by default)\n`,
    );
    expect(await requestCount(emu)).toBe(0);
    expect((await emulatorSessions(emu)).sessions.length).toBe(sessionsBefore);
  });

  it('a model gemtoken knows nothing about passes through', async () => {
    const result = await runCli(
      ['talk', '--modality', 'text', '--model', 'gemini-3.8-live-extended-thinking', ...TALK],
      { env: baseEnv(emu, { GEMINI_API_KEY: key }) },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(events(result.stdout)[0]).toMatchObject({ type: 'setup', modality: 'text' });
  });
});

describe('talk minting for itself where v1alpha auth_tokens is gone', () => {
  // A front for the emulator that 404s v1alpha auth_tokens and passes everything else through,
  // WebSocket upgrades included, so the session really runs on the version the mint fell back to.
  let proxy: Server;
  let url: string;
  const seen: string[] = [];

  beforeAll(async () => {
    const target = new URL(emu.baseUrl);
    proxy = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url?.startsWith('/v1alpha/auth_tokens')) {
        req.resume();
        req.on('end', () =>
          res
            .writeHead(404, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } })),
        );
        return;
      }
      const upstream = httpRequest(
        new URL(req.url ?? '/', emu.baseUrl),
        { method: req.method, headers: req.headers },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    proxy.on('upgrade', (req, socket, head) => {
      // The SDK's Live URL starts `//ws/` (https://github.com/googleapis/js-genai/issues/691); the path is what
      // matters here.
      seen.push(`UPGRADE ${req.url?.split('?')[0]?.replace(/^\/+/, '/')}`);
      const upstream = connect(Number(target.port), target.hostname, () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
        upstream.write(head);
        socket.pipe(upstream).pipe(socket);
      });
      const close = (): void => {
        socket.destroy();
        upstream.destroy();
      };
      upstream.on('error', close);
      socket.on('error', close);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  );

  it('mints on v1beta after the 404, says so in one line, and connects on v1beta', async () => {
    const result = await runCli(['talk', '--base-url', url, ...TALK], { env: { GEMINI_API_KEY: key } });
    expect(result.stderr).toBe(
      'warning: v1alpha answered 404 for auth_tokens; minting on v1beta instead (--api-version chooses one)\n',
    );
    expect(result.code).toBe(0);
    expect(events(result.stdout)[0]).toMatchObject({ type: 'setup', apiVersion: 'v1beta' });
    expect(seen.filter((line) => !line.startsWith('GET /emulator'))).toEqual([
      'POST /v1alpha/auth_tokens',
      'POST /v1beta/auth_tokens',
      'UPGRADE /ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContentConstrained',
    ]);
  });
});
