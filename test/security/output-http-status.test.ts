// An HTTP status outside 200–599 is no answer a server may give. mint says so in
// one line (exit 5) and does not retry it as if it were a network failure.
import { afterEach, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { CANARY_KEY, expectNoCanary, hostileHttp, type HostilePeer } from './hostile.js';

let peer: HostilePeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

describe('mint: an invalid HTTP status', () => {
  it.each([700, 999, 600])('HTTP %i → exit 5 naming the status, one attempt despite --retries 2', async (status) => {
    peer = await hostileHttp((_req, res) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"name":"auth_tokens/abc"}'),
    );
    const result = await runCli(['mint', '--base-url', peer.baseUrl, '--retries', '2'], {
      env: { GEMINI_API_KEY: CANARY_KEY },
    });
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `gemtoken: unexpected reply from the server: HTTP status ${status}, which is not a valid final status\nhint: check --base-url: it must point at the Gemini API or the emulator\n`,
    );
    expect(peer.requests).toHaveLength(1);
    expect(hasStackTrace(result)).toBe(false);
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });
});
