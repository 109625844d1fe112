// Row 8c's host: the same token endpoint twice in one process, minting against the emulator child
// given on the command line: serveTokens()'s Node listener, and tokenHandler() (gemtoken/fetch)
// under Node as Hono users run it (@hono/node-server turns each request into a Fetch Request).
// Prints {"listener": url, "fetch": url}; SIGTERM ends it.
import { createServer } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';

const [root, baseUrl, apiKey] = process.argv.slice(2);
const dist = (file) => pathToFileURL(path.join(root, 'dist', file)).href;
const { serveTokens } = await import(dist('index.js'));
const { tokenHandler } = await import(dist('fetch.js'));
const { nodeFetch } = await import(dist('token/client/node-fetch.js'));
// What `gemtoken serve` passes: the Context's fetch, with keep-alive agents.
const options = { apiKey, baseUrl, uses: 1, fetch: nodeFetch, rate: 'off', maxConcurrentMints: 64, log: () => {} };
const urls = {};
for (const [name, listener] of [
  ['listener', serveTokens(options)],
  ['fetch', getRequestListener(tokenHandler({ ...options, path: '/token' }))],
]) {
  const server = createServer(listener);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  urls[name] = `http://127.0.0.1:${server.address().port}`;
}
process.on('SIGTERM', () => process.exit(0));
console.log(JSON.stringify(urls));
