// A second recording into the same cassette directory appends to it: `gemtoken mint` +
// `gemtoken talk` recorded through a recorder in front of one upstream, the recorder stopped, then
// again through a new recorder into the same directory in front of an upstream that answers the
// first mint 429 (mint retries). --replay then answers each mint in the order recorded (200, 429,
// 200), hands out a different token for each recording's mint, and each token meets its own
// recording's session, though both sessions have the same setup. Before, the second recording
// restarted REST ids and placeholders at 1: replay answered its 429 with the first 200, and both
// mints got the same token, linked to the first session. A directory replay could not load is
// refused before anything is written.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { emulatorsStoppedAfterAll } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';
import { events } from './talk-helpers.js';

const emulator = emulatorsStoppedAfterAll();
const lines = (dir: string, name: string) =>
  readFileSync(path.join(dir, name), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function mint(baseUrl: string, key: string): Promise<{ name: string; json: string; stderr: string }> {
  const result = await runCli(['mint'], {
    env: { GEMINI_API_KEY: key, GEMTOKEN_BASE_URL: baseUrl },
    timeoutMs: 30_000,
  });
  expect([result.code, hasStackTrace(result)], result.stderr).toEqual([0, false]);
  return { name: (JSON.parse(result.stdout) as { name: string }).name, json: result.stdout, stderr: result.stderr };
}

/** `talk --text … --once` on the token mint printed (read from stdin): the user and model transcripts. */
async function talk(baseUrl: string, minted: string, text: string): Promise<string> {
  const result = await runCli(['talk', '--token', '-', '--text', text, '--once', '--no-speaker', '--events'], {
    env: { GEMTOKEN_BASE_URL: baseUrl },
    input: minted,
    timeoutMs: 30_000,
  });
  expect([result.code, result.stderr]).toEqual([0, '']);
  return events(result.stdout)
    .filter((e) => e.type === 'turn')
    .map((e) => `${String(e.user)} → ${String(e.model)}`)
    .join('\n');
}

describe('gemtoken emulator --record into a directory that holds a recording', () => {
  it('appends: REST ids and placeholders carry on, and --replay answers each mint in order and links each to its own session', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-append-'));

    const first = await emulator(['--api-key', CANARY_KEY]);
    const recorder1 = await emulator(['--record', dir, '--upstream', first.baseUrl]);
    const mint1 = await mint(recorder1.baseUrl, CANARY_KEY);
    const said1 = await talk(recorder1.baseUrl, mint1.json, 'the first recording');
    await recorder1.stop();

    // The second upstream answers the first mint 429 (Retry-After 0): mint retries and gets a token.
    const second = await emulator(['--api-key', CANARY_KEY, '--fault', 'rest:429:0']);
    const recorder2 = await emulator(['--record', dir, '--upstream', second.baseUrl]);
    const mint2 = await mint(recorder2.baseUrl, CANARY_KEY);
    expect(mint2.stderr).toMatch(/429/);
    const said2 = await talk(recorder2.baseUrl, mint2.json, 'the second recording');
    await recorder2.stop();
    expect(recorder2.log()).toMatch(/record\.start .* after=live-1 rest-1 placeholder-1/);

    expect(readdirSync(dir).sort()).toEqual(['live-0001.ndjson', 'live-0002.ndjson', 'rest.ndjson']);
    const rest = lines(dir, 'rest.ndjson');
    expect(
      rest.map((l) => [
        l['kind'],
        l['id'],
        l['status'] ?? null,
        JSON.stringify(l['body']).match(/<placeholder-\d+>/)?.[0] ?? null,
      ]),
    ).toEqual([
      ['rest-request', 1, null, null],
      ['rest-response', 1, 200, '<placeholder-1>'],
      ['rest-request', 2, null, null],
      ['rest-response', 2, 429, null],
      ['rest-request', 3, null, null],
      ['rest-response', 3, 200, '<placeholder-2>'],
    ]);
    expect(lines(dir, 'live-0001.ndjson')[0]!['path']).toMatch(/access_token=auth_tokens\/<placeholder-1>$/);
    expect(lines(dir, 'live-0002.ndjson')[0]!['path']).toMatch(/access_token=auth_tokens\/<placeholder-2>$/);
    const outputs: Record<string, string> = { log1: recorder1.log(), log2: recorder2.log() };
    for (const name of readdirSync(dir)) outputs[name] = readFileSync(path.join(dir, name), 'utf8');
    expectNoCanary(outputs);
    for (const token of [mint1.name, mint2.name])
      expect(Object.values(outputs).join('\n')).not.toContain(token.replace('auth_tokens/', ''));

    const replayer = await emulator(['--replay', dir, '--replay-speed', '0']);
    const replayed1 = await mint(replayer.baseUrl, 'any-key');
    expect(replayed1.stderr).toBe('');
    const replayed2 = await mint(replayer.baseUrl, 'any-key');
    expect(replayed2.stderr).toMatch(/429/);
    expect(replayed2.name).not.toBe(replayed1.name);
    // The second recording's token first: its placeholder, not the order, picks its session.
    expect(await talk(replayer.baseUrl, replayed2.json, 'the second recording')).toBe(said2);
    expect(await talk(replayer.baseUrl, replayed1.json, 'the first recording')).toBe(said1);
    expect(said1).toBe('the first recording → Turn 1. You said: the first recording');
    const log = replayer.log();
    expect([...log.matchAll(/replay\.rest request=POST \S+ answer=(\d+)/g)].map((m) => m[1])).toEqual([
      '200',
      '429',
      '200',
    ]);
    expect([...log.matchAll(/replay\.session file=(\S+)/g)].map((m) => m[1])).toEqual([
      'live-0002.ndjson',
      'live-0001.ndjson',
    ]);
    expect(log).not.toMatch(/replay\.mismatch/);
  }, 120_000);

  it('refuses to start on a directory whose cassettes replay could not load: one line, exit 2, nothing written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-append-bad-'));
    // A recorder killed mid-line leaves half a line.
    const text =
      '{"t":0,"dir":"client","kind":"rest-request","id":1,"method":"POST","path":"/v1alpha/auth_tokens"}\n{"t":3,"dir":"server","kind":"rest-resp';
    writeFileSync(path.join(dir, 'rest.ndjson'), text);
    const result = await runCli(['emulator', '--port', '0', '--record', dir, '--upstream', 'http://127.0.0.1:9']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toMatch(
      new RegExp(`^gemtoken: --record: cannot append to "${dir}": rest\\.ndjson line 2 is not a cassette line \\(`),
    );
    expect(result.stderr.split('\n').filter((line) => line.startsWith('gemtoken'))).toHaveLength(1);
    expect(hasStackTrace(result)).toBe(false);
    expect(readdirSync(dir)).toEqual(['rest.ndjson']);
    expect(readFileSync(path.join(dir, 'rest.ndjson'), 'utf8')).toBe(text);
  });
});
