// The recorder as a transparent proxy: what the upstream answers reaches the client as is
// (a REST error with Retry-After, an upgrade refusal, a server close code and reason) and is what
// --replay gives back; --record-audio off keeps only audio sizes.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { emulatorsStoppedAfterAll } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';

const LIVE = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';
const emulator = emulatorsStoppedAfterAll();
const ws = (base: string, query: string) => new WebSocket(`${base.replace('http', 'ws')}${LIVE}?${query}`);
const outputsOf = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));

describe('gemtoken emulator --record, pass-through', () => {
  it('a REST 429 with Retry-After reaches the client as is, is recorded, and --replay answers it the same', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-rec-'));
    const upstream = await emulator(['--api-key', CANARY_KEY, '--fault', 'rest:429:7']);
    const recorder = await emulator(['--record', dir, '--upstream', upstream.baseUrl]);
    const mint = () =>
      fetch(`${recorder.baseUrl}/v1alpha/auth_tokens?key=${CANARY_KEY}`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
    const first = await mint();
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '7']);
    const body = await first.text();
    const second = await mint();
    expect(second.status).toBe(200);
    await recorder.stop();
    expectNoCanary({ ...outputsOf(dir), log: recorder.log() });
    const replayer = await emulator(['--replay', dir]);
    const again = await fetch(`${replayer.baseUrl}/v1alpha/auth_tokens`, { method: 'POST', body: '{}' });
    // Bodies are kept as parsed JSON (diff-friendly), so the same JSON comes back, not the same whitespace.
    expect([again.status, again.headers.get('retry-after'), await again.json()]).toEqual([429, '7', JSON.parse(body)]);
    const token = (await (
      await fetch(`${replayer.baseUrl}/v1alpha/auth_tokens`, { method: 'POST', body: '{}' })
    ).json()) as { name: string };
    expect(token.name).toMatch(/^auth_tokens\/[0-9a-f]{64}$/);
    const none = await fetch(`${replayer.baseUrl}/v1alpha/auth_tokens`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(500);
    expect(await none.text()).toContain('no unused recording in rest.ndjson for POST /v1alpha/auth_tokens');
  });

  it('an upgrade the upstream refuses is refused the same way and recorded; --replay refuses it again, in order; a bad key gets the upstream close code and reason, recorded or not', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-rec-'));
    const upstream = await emulator(['--api-key', CANARY_KEY, '--fault', 'live:refuse:3']);
    const recorder = await emulator(['--record', dir, '--upstream', upstream.baseUrl]);
    const refusal = (base: string) =>
      new Promise<[number, string | undefined, string]>((resolve) =>
        ws(base, `key=${CANARY_KEY}`)
          .on('unexpected-response', (_req, res) => {
            let body = '';
            res
              .setEncoding('utf8')
              .on('data', (chunk: string) => (body += chunk))
              .on('end', () => resolve([res.statusCode ?? 0, res.headers['retry-after'], body]));
          })
          .on('error', () => undefined),
      );
    const refused = await refusal(recorder.baseUrl);
    expect(refused.slice(0, 2)).toEqual([429, '3']);
    expect(JSON.parse(refused[2])).toEqual({
      error: { code: 429, message: 'Resource has been exhausted (injected fault).', status: 'RESOURCE_EXHAUSTED' },
    });
    const badKey = (base: string) => {
      const wrong = ws(base, 'key=not-the-key');
      wrong.on('open', () =>
        wrong.send(JSON.stringify({ setup: { model: 'models/gemini-2.5-flash-native-audio-preview-12-2025' } })),
      );
      return new Promise<[number, string]>((resolve) => wrong.on('close', (c, r) => resolve([c, r.toString()])));
    };
    // Closed by the upstream before the client said anything: a cassette with no client message.
    const silent = (base: string) =>
      new Promise<[number, string]>((resolve) =>
        ws(base, 'key=not-the-key').on('close', (c, r) => resolve([c, r.toString()])),
      );
    const [code, reason] = await badKey(recorder.baseUrl);
    expect(await badKey(upstream.baseUrl)).toEqual([code, reason]);
    expect(code).not.toBe(1000);
    expect(await silent(recorder.baseUrl)).toEqual([code, reason]);
    await expect.poll(() => readdirSync(dir).filter((name) => name.startsWith('live-')).length).toBe(3);
    await recorder.stop();
    const lines = (name: string) =>
      readFileSync(path.join(dir, name), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    // The refusal: its own cassette, the upgrade and the answer (status, the headers clients act on, body); no key.
    expect(lines('live-0001.ndjson')).toEqual([
      { t: 0, dir: 'client', kind: 'open', path: `${LIVE}?key=<redacted>`, headers: expect.any(Object) },
      {
        t: expect.any(Number),
        dir: 'server',
        kind: 'refused',
        status: 429,
        headers: { 'content-type': 'application/json; charset=UTF-8', 'retry-after': '3' },
        body: JSON.parse(refused[2]),
      },
    ]);
    expect(lines('live-0002.ndjson').at(-1)).toMatchObject({ dir: 'server', kind: 'close', code, reason });
    expect(lines('live-0002.ndjson')[0]).toMatchObject({ kind: 'open', path: `${LIVE}?key=<redacted>` });
    expectNoCanary({ ...outputsOf(dir), log: recorder.log() });

    // Replay meets them in the recorded order: the refusal first (the same answer), then the session.
    const replayer = await emulator(['--replay', dir, '--replay-speed', '0']);
    expect(await refusal(replayer.baseUrl)).toEqual(refused);
    expect(await badKey(replayer.baseUrl)).toEqual([code, reason]);
    expect(lines('live-0003.ndjson').map((line) => line.kind)).toEqual(['open', 'close']);
    expect(await silent(replayer.baseUrl)).toEqual([code, reason]);
    await expect.poll(() => replayer.log()).toMatch(/replay\.refused file=live-0001\.ndjson answer=429/);
  });

  it('--record-audio off writes audio as its size, in both directions', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-rec-'));
    const upstream = await emulator(['--api-key', CANARY_KEY]);
    const recorder = await emulator(['--record', dir, '--upstream', upstream.baseUrl, '--record-audio', 'off']);
    const client = ws(recorder.baseUrl, `key=${CANARY_KEY}`);
    const chunk = (level: number) =>
      JSON.stringify({
        realtimeInput: {
          audio: { mimeType: 'audio/pcm;rate=16000', data: Buffer.alloc(640, level).toString('base64') },
        },
      });
    let audioIn = 0;
    client.on('message', (data) => {
      const text = String(data);
      if (text.includes('setupComplete')) {
        // 0.6 s of loud noise then 1 s of silence: the emulator's VAD hears a turn and answers it.
        for (let i = 0; i < 30; i++) client.send(chunk(i % 2 === 0 ? 0x40 : 0xc0));
        for (let i = 0; i < 50; i++) client.send(chunk(0));
      }
      if (text.includes('inlineData')) audioIn++;
    });
    client.on('open', () =>
      client.send(JSON.stringify({ setup: { model: 'models/gemini-2.5-flash-native-audio-preview-12-2025' } })),
    );
    await expect.poll(() => audioIn, { timeout: 10_000 }).toBeGreaterThan(0);
    client.close(1000);
    await new Promise((resolve) => client.on('close', resolve));
    await recorder.stop();
    const text = readFileSync(path.join(dir, 'live-0001.ndjson'), 'utf8');
    expect(text).toContain('"data":{"audioBytes":640}');
    expect(text).toMatch(/"inlineData":\{"mimeType":"audio\/pcm[^"]*","data":\{"audioBytes":\d+\}/);
    expect(text).not.toContain(Buffer.alloc(640, 0x40).toString('base64'));
  });
});
