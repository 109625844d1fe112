// `gemtoken mint`: flag declarations only; the work is lazy-imported from ./run.js.
// Flag names are a contract (scripts and CI call them); values stay strings here and are validated in
// src/token/mint-options.ts so every bad input gets the same one-line treatment.

import { Command } from 'commander';
import { helpAfter } from '../../terminal/help-text.js';
import type { Invoke } from '../host.js';
import { addConnectionOptions, addTokenShapeOptions } from './token-flags.js';

const HELP_AFTER = `
Durations: 90s, 30m, 1h30m, 2h, or bare seconds. Times: RFC 3339 (2026-12-01T15:30:00Z).
Both must be in the future and less than 20h ahead; the new-session deadline must not be after expiry.

API key: --api-key-file, --api-key-stdin or --api-key, else GEMINI_API_KEY, else GOOGLE_API_KEY;
on a terminal you are asked for it. The key never appears in any output.
Base URL: --base-url, else GEMTOKEN_BASE_URL, else GOOGLE_GEMINI_BASE_URL, else Google's.

Locking: --model alone locks only the model (the client sets up the rest of its session). With
--config or a shorthand, and neither --lock nor --lock-set-only, the token locks the whole session
config (no field mask); --lock-all asks for that in every case. The service then ignores the client's
setup, so a full lock without --modality, --resumable or --transcribe is warned about, once each.
--lock-set-only locks only the fields that are set; --lock f,g adds more (e.g. temperature,tools).
Mask paths are top-level fields and generationConfig.<field>. --tools takes a list of function declarations ([{"name":"get_time",…}])
or a Live \`tools\` array; with --lock-set-only it locks \`tools\` (talk's own --tools are then ignored).

Output (one record per token, in request order with --count):
  json    {"name", "expireTime", "newSessionExpireTime", "uses", "model", "apiVersion", "locked"}
          locked: {"mode": "full"|"fields"|"none", "fields": […]}; apiVersion: the version that
          minted (v1beta when the default v1alpha answered 404 and --api-version was not given)
  name    the bare token, e.g.  TOKEN=$(gemtoken mint --output name)
  env     export GEMINI_EPHEMERAL_TOKEN=... lines for eval
  github  ::add-mask::<token> first, then token, expire_time and new_session_expire_time into
          $GITHUB_OUTPUT (steps.<id>.outputs.token). Masked values cannot be passed to other
          jobs as job outputs (they arrive empty): mint in the job that uses the token.

Examples:
  # One token as a JSON line, with the key from GEMINI_API_KEY
  gemtoken mint
  # The bare token for a script, good for three sessions within 30 minutes
  TOKEN=$(gemtoken mint --uses 3 --ttl 30m --output name)
  # A token that fixes the model, whatever the client asks for (the client sets the rest)
  gemtoken mint --model gemini-3.8-live
  # The request that would be sent (key redacted); nothing is sent
  gemtoken mint --dry-run
  # In CI: fail here if the service would refuse the setup at connect
  gemtoken mint --model gemini-3.8-live --verify

Exit codes: 0 ok, 2 bad input or no key, 3 key rejected, 4 request rejected or quota,
5 network/service unavailable after retries, 130 interrupted.
`;

export function mintCommand(invoke: Invoke): Command {
  const command = new Command('mint').description('mint a Gemini Live API ephemeral token from an API key');
  addTokenShapeOptions(command, { absoluteTimes: true })
    .option('-n, --count <n>', 'mint n tokens (bounded concurrency), one record per line')
    .option('-o, --output <format>', 'json, name, env or github (default json)')
    .option('--dry-run', 'print the request (key redacted) and send nothing; no key needed')
    .option('--verify', 'first open one Live session with a probe token of the same setup: fail here, not in the app')
    .option('-i, --interactive', 'ask for model, modality, voice, instruction, uses and TTL (terminal only)')
    .option('--api-key-file <path>', 'read the API key from a file')
    .option('--api-key-stdin', 'read the API key from stdin')
    .option('--api-key <key>', 'the API key (visible to other users in the process list: avoid)');
  return addConnectionOptions(command)
    .option('-q, --quiet', 'no progress or notices on stderr (warnings and errors still print)')
    .option('--verbose', 'debug detail on stderr (secrets stay redacted)')
    .addHelpText('after', helpAfter(HELP_AFTER))
    .action((opts: Record<string, unknown>) => invoke(async (ctx) => (await import('./run.js')).runMint(ctx, opts)));
}
