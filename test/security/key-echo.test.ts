// A server that echoes the API key back in another form (base64 at any alignment,
// lower-cased, split by spaces) gets it printed nowhere: not by mint or talk on stderr, not in serve's
// log, not in --record's rest.ndjson. A token name that carries the key is refused: mint exits 5 in every
// --output format with nothing on stdout or in $GITHUB_OUTPUT, serve answers 502.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { emulatorsStoppedAfterAll } from '../helpers/emulator.js';
import { startServe, type ServeHandle } from '../e2e/serve-helpers.js';
import { CANARY_KEY, expectNoCanary, hostileHttp, type HostilePeer } from './hostile.js';

const b64At = (offset: number, url = false): string => {
  const text = Buffer.concat([
    Buffer.from('xyz'.slice(0, offset)),
    Buffer.from(CANARY_KEY),
    Buffer.from('!?'),
  ]).toString(url ? 'base64url' : 'base64');
  return text;
};

/** The echoes a hostile server tries; each one is the key, to anyone reading the output. */
export const ECHOES: Array<[string, string]> = [
  ['base64', b64At(0)],
  ['base64 at offset 1', b64At(1)],
  ['base64url at offset 2', b64At(2, true)],
  ['lower-cased', CANARY_KEY.toLowerCase()],
  ['upper-cased', CANARY_KEY.toUpperCase()],
  ['split by spaces', [...CANARY_KEY].join(' ')],
  ['split by newlines and dashes', CANARY_KEY.replace(/(.{5})/g, '$1-\n')],
];

const peers: Array<HostilePeer | ServeHandle> = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) await ('close' in peer ? peer.close() : peer.stop());
});
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const emulator = emulatorsStoppedAfterAll();

async function echoing(echo: string, status = 400): Promise<HostilePeer> {
  const peer = await hostileHttp((_req, res) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        error: {
          code: status,
          message: `Request contains an invalid argument (echo: ${echo})`,
          status: 'INVALID_ARGUMENT',
        },
      }),
    ),
  );
  peers.push(peer);
  return peer;
}

async function naming(name: string): Promise<HostilePeer> {
  const peer = await hostileHttp((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name })),
  );
  peers.push(peer);
  return peer;
}

describe('a server echoing the key in another form', () => {
  it.each(ECHOES)('mint: %s is not on stderr', async (_label, echo) => {
    const peer = await echoing(echo);
    const result = await runCli(['mint', '--base-url', peer.baseUrl, '--retries', '0'], {
      env: { GEMINI_API_KEY: CANARY_KEY },
    });
    expect(result.code).toBe(4);
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });

  it.each(ECHOES)('talk minting its own token: %s is not on stderr', async (_label, echo) => {
    const peer = await echoing(echo);
    const result = await runCli(['talk', '--text', 'hi', '--no-speaker', '--base-url', peer.baseUrl], {
      env: { GEMINI_API_KEY: CANARY_KEY },
      timeoutMs: 20_000,
    });
    expect(result.code).toBe(4);
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });

  it('serve: no echo reaches its log or the page', async () => {
    const peer = await echoing(ECHOES.map(([, echo]) => echo).join(' | '), 500);
    const serve = await startServe(['--base-url', peer.baseUrl, '--retries', '0'], { GEMINI_API_KEY: CANARY_KEY });
    peers.push(serve);
    const reply = await fetch(`${serve.url}/token`, { method: 'POST' });
    expect(reply.status).toBe(502);
    const text = await reply.text();
    await expect.poll(() => serve.stderr()).toMatch(/^POST \/token 502/m);
    expectNoCanary({ reply: text, stdout: serve.stdout(), stderr: serve.stderr() });
  });

  it('--record: no echo reaches rest.ndjson or the log', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-echo-'));
    dirs.push(dir);
    const peer = await echoing(ECHOES.map(([, echo]) => echo).join(' | '));
    const recorder = await emulator(['--record', dir, '--upstream', peer.baseUrl]);
    const reply = await fetch(`${recorder.baseUrl}/v1alpha/auth_tokens?key=${CANARY_KEY}`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(400);
    await reply.text();
    await recorder.stop();
    const files = Object.fromEntries(
      readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]),
    );
    expect(Object.keys(files)).toContain('rest.ndjson');
    expectNoCanary({ ...files, log: recorder.log() });
  });
});

describe('a token name that carries the key is refused', () => {
  const names: Array<[string, string]> = [
    ['the key itself', `auth_tokens/${CANARY_KEY}`],
    ['the key base64url-encoded', `auth_tokens/${Buffer.from(CANARY_KEY).toString('base64url')}`],
    ['the key lower-cased', `auth_tokens/${CANARY_KEY.toLowerCase()}`],
  ];

  it.each(['json', 'name', 'env', 'github'])(
    'mint --output %s: exit 5, one line, nothing on stdout or in $GITHUB_OUTPUT',
    async (format) => {
      for (const [, name] of names) {
        const peer = await naming(name);
        const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-echo-'));
        dirs.push(dir);
        const file = path.join(dir, 'github_output');
        writeFileSync(file, '');
        const result = await runCli(['mint', '--base-url', peer.baseUrl, '--output', format, '--retries', '0'], {
          env: { GEMINI_API_KEY: CANARY_KEY, GITHUB_OUTPUT: file },
        });
        expect(result.code).toBe(5);
        expect(result.stdout).toBe('');
        expect(result.stderr.split('\n')[0]).toBe('gemtoken: the reply from the server contained your API key');
        expect(hasStackTrace(result)).toBe(false);
        expect(readFileSync(file, 'utf8')).toBe('');
        expectNoCanary({ stderr: result.stderr });
      }
    },
  );

  it('serve: 502, the name never handed to the page, nor logged', async () => {
    const peer = await naming(names[1]![1]);
    const serve = await startServe(['--base-url', peer.baseUrl, '--retries', '0'], { GEMINI_API_KEY: CANARY_KEY });
    peers.push(serve);
    const reply = await fetch(`${serve.url}/token`, { method: 'POST' });
    expect(reply.status).toBe(502);
    const text = await reply.text();
    expect(text).not.toContain('auth_tokens/');
    await expect.poll(() => serve.stderr()).toMatch(/^POST \/token 502/m);
    expectNoCanary({ reply: text, stdout: serve.stdout(), stderr: serve.stderr() });
  });
});
