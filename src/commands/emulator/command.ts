// `gemtoken emulator`: flag declarations only; the work is lazy-imported from ./run.js.

import { Command } from 'commander';
import { helpAfter } from '../../terminal/help-text.js';
import { readFlags, type FlagKind, type Invoke } from '../host.js';
import { describeQuirks } from '../../emulator/quirks.js';

const QUIRK_HELP = describeQuirks();

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Every flag declared below, as readFlags() hands it to run.ts (the repeatable ones collect a list). */
export const EMULATOR_FLAGS = {
  host: 'string',
  port: 'string',
  apiKey: 'strings',
  adminKey: 'strings',
  model: 'strings',
  connectionLifetime: 'string',
  goAwayLead: 'string',
  maxSessions: 'string',
  log: 'string',
  fault: 'strings',
  profile: 'string',
  quirk: 'strings',
  scenario: 'string',
  record: 'string',
  upstream: 'string',
  recordAudio: 'string',
  replay: 'string',
  replaySpeed: 'string',
  exportScenario: 'string',
  exportFormat: 'string',
} as const satisfies Readonly<Record<string, FlagKind>>;

const HELP_AFTER = `
Prints one JSON line on stdout when listening:
  {"baseUrl": "http://127.0.0.1:PORT", "apiKeys": [...], "profile": "observed", "quirks": {...}}
(without --api-key a random key is generated and printed there). Request log on stderr.
Point the SDK at it with GOOGLE_GEMINI_BASE_URL=<baseUrl>, or gemtoken with --base-url <baseUrl>.

Faults (--fault, repeatable; queued in order, each hits one request or session; N defaults to 1):
  rest:429[:SECONDS][xN]   next N auth_tokens requests get 429 (Retry-After: SECONDS when given)
  rest:500[xN]             ... get 500 INTERNAL
  rest:503[xN]             ... get 503 UNAVAILABLE
  rest:hang[xN]            ... are held open with no answer
  live:refuse[:SECONDS][xN]  next N WebSocket upgrades are refused with HTTP 429
  live:drop[xN]            next N Live sessions close 1011 half way through a model turn
  live:stall[xN]           next N Live sessions stop answering
  live:internal[xN]        next N Live sessions close 1011 "Internal error encountered." half way
                           through a model turn, after a resumption handle was sent (resumable)
  live:slowclose[xN]       next N Live sessions answer the client's close frame only after 30 s
  e.g. --fault rest:429:2x3 --fault rest:503

Profiles (--profile): observed (default) reproduces what the real service was seen to do where
that differs from its docs; documented follows the docs. Each difference is a quirk that can be
switched on its own with --quirk NAME=on|off (repeatable):
${QUIRK_HELP}
--profile FILE runs a profile file, {"format": "gemtoken-profile/1", "quirks": {NAME: true|false}},
as \`gemtoken conformance --write-profile\` writes it: quirks it leaves out keep their observed
setting, --quirk still applies on top, and an unknown quirk name is exit 2.
Where each was seen, and what is only documented or unconfirmed: docs/emulator.md.

Admin API on the same port (valid API key required, x-goog-api-key header or ?key=). Each API key
sees only its own tokens, sessions and request counts (plus those without a valid credential), and
the faults it queued plus the --fault ones (which hit everyone); faults it queues hit only its own requests and sessions (a token's
session counts as its minting key's). An --admin-key sees and clears everything; faults it queues
hit everyone.
  GET|POST|DELETE /emulator/faults   POST {"surface": "rest", "kind": "status429", "count": 2,
                                     "retryAfterSeconds": 1} or {"spec": "rest:429:1x2"}; DELETE [?surface=rest|live] clears
  GET|DELETE /emulator/requests      counts of REST requests received per path; DELETE resets
  GET /emulator/tokens               minted tokens with their limits and locked setup
  GET /emulator/sessions             Live sessions and conversations: counters, close codes, input audio SHA-256
  POST /emulator/reset               forgets the caller's tokens, sessions (open ones close 1001), counts and faults

Record, replay, export (docs/recording.md): --record DIR is a proxy in front of
--upstream that writes every mint and Live session to cassettes in DIR (keys and token names
redacted; a DIR holding a recording is appended to); --replay DIR serves them with no key. Of the admin API only POST /emulator/reset is
served then: replaying, it closes open sessions (1001) and makes every cassette unused again, as
after a restart; recording, it has nothing to forget. --export-scenario DIR (or one live-NNNN.ndjson in
it) prints the --scenario file one recorded conversation makes, to edit into a test, and notes on
stderr what it approximates (the voice, cut replies, refused resumes).

Examples:
  # A free port and a random key, both in the JSON line on stdout
  gemtoken emulator
  # A fixed port and key, for tests
  gemtoken emulator --port 8080 --api-key test-key
  # The next two mints answer 503, so retries show
  gemtoken emulator --fault rest:503x2
  # A recorded conversation as a scenario to edit, then played to your app
  gemtoken emulator --export-scenario rec/ --export-format yaml > story.yaml
  gemtoken emulator --scenario story.yaml
`;

export function emulatorCommand(invoke: Invoke): Command {
  return new Command('emulator')
    .description('run a local stand-in for the Gemini auth_tokens REST API and the Live WebSocket')
    .option('--host <address>', 'address to bind (non-loopback prints a warning)', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--api-key <key>', 'API key to accept (repeatable; default: one random key)', collect)
    .option(
      '--admin-key <key>',
      "key that sees every key's tokens, sessions, requests and faults in the admin API (repeatable; not accepted by the Gemini routes)",
      collect,
    )
    .option('--model <name>', 'Live model to serve (repeatable; replaces the default list)', collect)
    .option('--connection-lifetime <duration>', 'Live connection lifetime before goAway + close', '10m')
    .option(
      '--go-away-lead <duration>',
      'how long before the end of a connection its goAway is sent (default 5s, a fifth of lifetimes under 25s)',
    )
    .option('--max-sessions <n>', 'concurrent Live sessions before upgrades are refused')
    .option('--log <format>', 'request log format on stderr: text or json', 'text')
    .option('--fault <spec>', 'queue a fault (repeatable; see below)', collect)
    .option(
      '--profile <name|file>',
      'observed (the real service as seen), documented (as the docs say), or a file conformance --write-profile wrote',
      'observed',
    )
    .option('--quirk <name=on|off>', 'switch one quirk against the profile (repeatable; see below)', collect)
    .option('--scenario <file>', 'script every Live session from a YAML or JSON file (docs/recording.md)')
    .option(
      '--record <dir>',
      'be a recording proxy in front of --upstream: every mint and Live session goes to a cassette in <dir> (secrets redacted)',
    )
    .option(
      '--upstream <url>',
      'what --record forwards to (default: the real service, generativelanguage.googleapis.com)',
    )
    .option('--record-audio <on|off>', 'off: cassettes keep only the size of audio payloads (default on)')
    .option('--replay <dir>', 'serve the cassettes --record wrote to <dir>; an unexpected client message closes 1007')
    .option('--replay-speed <x>', 'replay timing: 1 as recorded (default), 2 twice as fast, 0 as fast as possible')
    .option(
      '--export-scenario <path>',
      'print the --scenario a recording makes (a --record directory holding one conversation, or one of its live-NNNN.ndjson cassettes) and exit',
    )
    .option('--export-format <json|yaml>', 'what --export-scenario prints (default json)')
    .addHelpText('after', helpAfter(HELP_AFTER))
    .action((opts: Record<string, unknown>) =>
      invoke(async (ctx) => (await import('./run.js')).runEmulator(ctx, readFlags(opts, EMULATOR_FLAGS))),
    );
}
