// A close that talk's own socket started (it refused a server frame, or setup
// never completed) is reported as the client's, with a message that says so — not as the server
// ending the session.
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { hasStackTrace, runCli, type RunResult } from '../helpers/cli.js';
import { CANARY_KEY, expectNoCanary, hostileWs, type HostilePeer } from './hostile.js';

let peer: HostilePeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

const talk = (baseUrl: string, extra: string[] = []): Promise<RunResult> =>
  runCli(
    ['talk', '--token', 'auth_tokens/abc', '--base-url', baseUrl, '--text', 'hi', '--no-speaker', '--events', ...extra],
    {
      env: { GEMINI_API_KEY: CANARY_KEY },
      timeoutMs: 30_000,
    },
  );

const closedEvent = (result: RunResult) =>
  result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((event) => event.type === 'closed');

/** setupComplete; then, to the first message after it, a frame with the reserved opcode 0x3, which no WebSocket client may accept. */
function brokenFrame(socket: WebSocket): void {
  socket.on('message', (data) => {
    if ('setup' in (JSON.parse(String(data)) as object)) return socket.send(JSON.stringify({ setupComplete: {} }));
    (socket as unknown as { _socket: { write(bytes: Buffer): void } })._socket.write(Buffer.from([0x83, 0x00]));
  });
}

describe('who closed it', () => {
  it('a server frame our socket refuses: closed by the client, one line saying so, exit 5', async () => {
    peer = await hostileWs(brokenFrame);
    const result = await talk(peer.baseUrl);
    expect(result.code).toBe(5);
    expect(hasStackTrace(result)).toBe(false);
    // ws drops the socket after refusing the frame, so the code is 1006; the reason is ws's own words.
    expect(closedEvent(result)).toMatchObject({
      type: 'closed',
      code: 1006,
      by: 'client',
      reason: expect.stringMatching(/invalid opcode 3/i),
    });
    expect(result.stderr.split('\n')[0]).toMatch(
      /^gemtoken: gemtoken closed the connection: the server sent a frame it could not accept \(close 1006 ".*invalid opcode 3"\)$/i,
    );
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });

  it('a setup that never completes: given up on by the client', async () => {
    peer = await hostileWs(() => undefined);
    const result = await talk(peer.baseUrl, ['--connect-timeout', '1s']);
    expect(result.code).toBe(5);
    expect(hasStackTrace(result)).toBe(false);
    expect(closedEvent(result)).toMatchObject({ type: 'closed', by: 'client' });
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });
});
