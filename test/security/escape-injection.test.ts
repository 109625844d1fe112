// Server text never drives the terminal. A REST error message, a transcript and a
// close reason carrying ANSI/OSC sequences reach the screen without them; --events NDJSON keeps them
// escaped (\u001b), so a script still sees exactly what the server sent.
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { hasStackTrace, runCli, type RunResult } from '../helpers/cli.js';
import { CANARY_KEY, expectNoCanary, hostileHttp, hostileWs, type HostilePeer } from './hostile.js';

let peer: HostilePeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

const TITLE = '\u001b]0;pwned\u0007';
const CLEAR = '\u001b[2J';
const LINK = '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\';
// Every character that may not reach a terminal raw: C0 but \n, DEL, C1, bidi overrides.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

function expectClean(result: RunResult): void {
  expect(result.stdout).not.toMatch(RAW_CONTROL);
  expect(result.stderr).not.toMatch(RAW_CONTROL);
  expect(hasStackTrace(result)).toBe(false);
  expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
}

describe('mint: the REST error message is shown without control sequences', () => {
  it.each<[number, number]>([
    [400, 4],
    [503, 5],
  ])('HTTP %i with an escaped google.rpc.Status message → exit %i, one clean line', async (status, exit) => {
    const message = `bad ${TITLE}request${CLEAR} \u009b2Jhere ${LINK}\u202eevil`;
    peer = await hostileHttp((_req, res) =>
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: status, message, status: `X${CLEAR}Y` } })),
    );
    const result = await runCli(['mint', '--base-url', peer.baseUrl, '--retries', '0'], {
      env: { GEMINI_API_KEY: CANARY_KEY },
    });
    expect(result.code).toBe(exit);
    expect(result.stdout).toBe('');
    expectClean(result);
    expect(result.stderr).toContain('bad request here click');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
  });
});

/** The minimal Live peer: setupComplete, one model turn whose transcript carries escapes, then close 1011. */
function liveScript(socket: WebSocket): void {
  let answered = false;
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    if ('setup' in message) return socket.send(JSON.stringify({ setupComplete: {} }));
    if (answered) return;
    answered = true;
    socket.send(
      JSON.stringify({
        serverContent: { outputTranscription: { text: `hello ${TITLE}world${CLEAR}\u009b31m ${LINK}\u202etxet` } },
      }),
    );
    socket.send(JSON.stringify({ serverContent: { generationComplete: true } }));
    socket.send(JSON.stringify({ serverContent: { turnComplete: true } }));
    socket.close(1011, `boom ${TITLE}${CLEAR}end`);
  });
}

describe('talk: transcripts and close reasons from a hostile Live server', () => {
  const talk = (baseUrl: string, extra: string[] = []): Promise<RunResult> =>
    runCli(
      [
        'talk',
        '--token',
        'auth_tokens/abc',
        '--base-url',
        baseUrl,
        '--text',
        'hi',
        '--no-speaker',
        '--connect-timeout',
        '5s',
        ...extra,
      ],
      {
        env: { GEMINI_API_KEY: CANARY_KEY },
        timeoutMs: 30_000,
      },
    );

  it('text transcript on stdout, the close on stderr: no control sequence reaches the terminal', async () => {
    peer = await hostileWs(liveScript);
    const result = await talk(peer.baseUrl, ['--verbose']);
    expectClean(result);
    expect(result.stdout).toContain('gemini: hello world clicktxet');
    expect(result.stderr).toMatch(/close 1011 "boom end"/);
    expect(result.code).not.toBe(0);
  });

  it('--events: the NDJSON keeps every control character escaped and the text intact', async () => {
    peer = await hostileWs(liveScript);
    const result = await talk(peer.baseUrl, ['--events']);
    expectClean(result);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; text?: string; role?: string });
    const said = events
      .filter((e) => e.type === 'transcript' && e.role === 'model')
      .map((e) => e.text)
      .join('');
    expect(said).toBe(`hello ${TITLE}world${CLEAR}\u009b31m ${LINK}\u202etxet`);
    expect(result.stdout).toContain('\\u001b]0;pwned\\u0007');
    expect(result.stdout).toContain('\\u009b31m');
  });
});
