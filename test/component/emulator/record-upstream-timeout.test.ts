// --record's proxied REST request waits a bounded time for the upstream (RECORD_UPSTREAM_TIMEOUT_MS,
// 60 s; shortened here through the option): an upstream that never answers, or sends its headers and
// never the body, gets the client a 504 in the API's error format, and a log line, instead of holding
// the client for as long as the recorder runs. The next request is proxied as usual. The wait runs
// on the emulator's clock, driven here by hand once the upstream holds the request, so a loaded
// machine cannot make the quick request time out too.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_UPSTREAM_TIMEOUT_MS, createEmulatorServer, type RunningEmulator } from '../../../src/emulator/index.js';
import { hostileHttp, type HostilePeer } from '../../security/hostile.js';
import { FakeClock } from '../../fakes/fake-clock.js';

let upstream: HostilePeer;
let recorder: RunningEmulator;
const log: string[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-record-timeout-'));
const clock = new FakeClock();
const held: string[] = [];

beforeAll(async () => {
  upstream = await hostileHttp((req, res) => {
    if (req.url?.includes('silent')) return void held.push('silent'); // never answers
    if (req.url?.includes('headers-only'))
      return void res
        .writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
        .write('{', () => held.push('headers-only'));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  recorder = await createEmulatorServer({
    port: 0,
    record: { dir, upstream: upstream.baseUrl, audio: true, upstreamTimeoutMs: 50 },
    clock,
    log: { format: 'text', write: (line) => void log.push(line) },
  });
});
afterAll(async () => {
  await recorder.close();
  await upstream.close();
});

describe('--record: the upstream gets a bounded wait', () => {
  it('is 60 s unless told otherwise (what the README states)', () => {
    expect(RECORD_UPSTREAM_TIMEOUT_MS).toBe(60_000);
  });

  it.each(['silent', 'headers-only'])(
    'an upstream that is %s: the client gets 504 DEADLINE_EXCEEDED and the recorder logs it',
    async (kind) => {
      const answer = fetch(`${recorder.baseUrl}/v1beta/${kind}`, {
        method: 'POST',
        headers: { origin: 'https://app.example' },
        body: '{}',
      });
      await expect.poll(() => held).toContain(kind);
      clock.advance(50);
      const res = await answer;
      expect(res.status).toBe(504);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(await res.json()).toEqual({
        error: {
          code: 504,
          message: 'gemtoken recorder: the upstream did not answer within 0.05s',
          status: 'DEADLINE_EXCEEDED',
        },
      });
      await expect
        .poll(() => log.join(''))
        .toContain(`record.upstream-timeout request=POST /v1beta/${kind} waitedMs=50\n`);
      // The recorder goes on: the next exchange is proxied and recorded.
      const next = await fetch(`${recorder.baseUrl}/v1beta/fine`, { method: 'POST', body: '{}' });
      expect({ status: next.status, body: await next.json() }).toEqual({ status: 200, body: { ok: true } });
      await expect.poll(() => readFileSync(path.join(dir, 'rest.ndjson'), 'utf8')).toContain('"ok":true');
    },
  );
});
