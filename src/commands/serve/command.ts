// `gemtoken serve`: flag declarations only; the work is lazy-imported from ./run.js. The flags that
// shape a token are mint's own declarations (../mint/token-flags.ts).

import { Command } from 'commander';
import { helpAfter } from '../../terminal/help-text.js';
import type { Invoke } from '../host.js';
import { addConnectionOptions, addTokenShapeOptions } from '../mint/token-flags.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const HELP_AFTER = `
Each POST /token mints one token with the token flags above (each lifetime counts from that request) and
answers {"name", "expireTime", "newSessionExpireTime", "apiVersion", "model", "wsUrl"}; wsUrl is the Live
endpoint (BidiGenerateContentConstrained) to open with the token. GET /healthz answers {"ok":true};
GET / is a small example page (off with --no-page) that talks with the microphone.

Prints one JSON line on stdout when listening: {"url":"http://127.0.0.1:8787"} (with --emulator also the
emulator's "baseUrl"). One line per request on stderr; never a key or a token. SIGTERM or Ctrl-C
stops accepting, closes connections with no complete request at once, gives mints in flight 0.5 s
(then 503), and exits 0; a second signal exits at once.

Callers: a page may ask when its origin is this server's own or listed with --allow-origin (CORS);
https://*.example.com admits one or more labels in place of the *, with that scheme and port exactly;
other origins get 403. Programs (no Origin header) pass to the --auth check. --auth none is allowed
only on a loopback --host; any other address needs --auth bearer:<ENV_VAR>, and callers then send
Authorization: Bearer <the variable's value> (at least 16 characters).

Limits: --rate per client address (429 with Retry-After; IPv6 per /64), --max-mints upstream mints at
once (503), request bodies up to 1 KiB (413), 5 s to send the headers and 10 s the whole request
(then 408). Behind a reverse proxy every request comes from it: --trust-proxy ADDRESS makes the rate
limit key on the client it names in X-Forwarded-For (read from the right, trusted hops skipped);
without it X-Forwarded-For is ignored.

API key: --api-key-file, else GEMINI_API_KEY, else GOOGLE_API_KEY. --emulator needs none; given one,
the emulator accepts it (for its admin API), else it makes up its own.

Exit codes: 0 stopped by a signal, 2 bad flag, no key, or a non-loopback --host without --auth.
`;

export function serveCommand(invoke: Invoke): Command {
  const command = new Command('serve')
    .description('serve ephemeral tokens to web apps: POST /token, with CORS, auth and rate limits')
    .option('--host <address>', 'address to bind; not loopback → --auth bearer:<ENV_VAR> required', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8787')
    .option(
      '--allow-origin <origin>',
      'a web origin that may ask for tokens, e.g. https://app.example.com or https://*.example.com (repeatable)',
      collect,
    )
    .option(
      '--auth <bearer:ENV_VAR|none>',
      'bearer: callers send the secret held in ENV_VAR; none: loopback only (default)',
    )
    .option(
      '--rate <n/unit|off>',
      'token requests per client address (IPv6: per /64), e.g. 10/min, 2/s, 100/h',
      '10/min',
    )
    .option(
      '--trust-proxy <address>',
      'a reverse proxy whose X-Forwarded-For names the client for --rate: an address, a CIDR range, or loopback, linklocal, uniquelocal (repeatable)',
      collect,
    )
    .option('--max-mints <n>', 'upstream mints at once; more are answered 503', '16')
    .option('--no-page', 'no example page at GET /')
    .option('--emulator', 'mint from an in-process emulator (a Live API too, no key needed)')
    .option('--verify', 'before listening, open one Live session with a probe token of the served setup');
  addTokenShapeOptions(command, { absoluteTimes: false }).option(
    '--api-key-file <path>',
    'read the API key from a file',
  );
  return addConnectionOptions(command)
    .option('--verbose', "debug detail on stderr, including the emulator's log (secrets stay redacted)")
    .addHelpText('after', helpAfter(HELP_AFTER))
    .action((opts: Record<string, unknown>) => invoke(async (ctx) => (await import('./run.js')).runServe(ctx, opts)));
}
