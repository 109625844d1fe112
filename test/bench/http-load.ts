// Row 7's REST load: `total` POSTs to /v1alpha/auth_tokens over `concurrency` keep-alive loopback
// connections, each reply checked. The same client is pointed at a bare Node HTTP server (below) in
// the same run, which gives the ceiling of this client and loopback on this machine.

import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { benchEnv } from './paths.js';

export interface HttpLoadResult {
  readonly perSecond: number;
  readonly failures: number;
}

export async function runMintLoad(
  baseUrl: string,
  apiKey: string,
  total: number,
  concurrency: number,
): Promise<HttpLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL('/v1alpha/auth_tokens', baseUrl);
  let next = 0;
  let failures = 0;
  const once = (): Promise<void> =>
    new Promise((resolve) => {
      const now = Date.now();
      const body = JSON.stringify({
        expireTime: new Date(now + 30 * 60_000).toISOString(),
        newSessionExpireTime: new Date(now + 60_000).toISOString(),
        uses: 1,
      });
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'x-goog-api-key': apiKey,
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => (text += d));
          res.on('end', () => {
            if (res.statusCode !== 200 || !text.includes('"auth_tokens/')) failures += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failures += 1;
        resolve();
      });
      req.end(body);
    });
  const worker = async (): Promise<void> => {
    while (next < total) {
      next += 1;
      await once();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  agent.destroy();
  return { perSecond: (total * 1000) / elapsed, failures };
}

// Reads the body and answers a fixed token: what any HTTP server must do at the least.
const BARE_SERVER = `
const http = require('node:http');
const reply = JSON.stringify({ name: 'auth_tokens/bare', expireTime: '2030-01-01T00:00:00Z' });
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { JSON.parse(Buffer.concat(chunks).toString('utf8')); res.writeHead(200, { 'content-type': 'application/json' }); res.end(reply); });
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ baseUrl: 'http://127.0.0.1:' + server.address().port })));
`;

export async function startBareServer(): Promise<{ baseUrl: string; process: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { env: benchEnv(), stdio: ['ignore', 'pipe', 'ignore'] });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child
      .stdout!.setEncoding('utf8')
      .once('data', (d: string) => resolve((JSON.parse(d) as { baseUrl: string }).baseUrl));
    child.once('exit', (code) => reject(new Error(`bench: bare server exited ${code}`)));
  });
  return {
    baseUrl,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
