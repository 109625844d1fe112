// `gemtoken conformance`: flag declarations only; the probes are lazy-imported from ./run.js.

import { Command } from 'commander';
import { helpAfter } from '../../terminal/help-text.js';
import type { Invoke } from '../host.js';

const HELP_AFTER = `
Probes the service (Google's, or whatever --base-url names) for each behaviour the emulator models
where the real service and its documentation may differ, and compares what it sees with the
emulator's profile. Each row is named as \`gemtoken emulator --quirk\` names the behaviour, so a
differing row is also the flag that reproduces it; field-mask rows are mask:<kind>.

Columns: documented (Google's docs), emulator (the profile compared with: observed by default),
observed, match, evidence (a close code and reason, an HTTP status and message, or the start of a
frame; never a key or token). resume-loses-context is listed as not probed.

Before it sends anything it says what it will spend (tokens minted, Live sessions, seconds of Live
time: the lifetime probe holds one session until the service ends it, about 10 minutes against
Google) and asks at a terminal; --yes answers for scripts (without a terminal --yes is required).

API key: --api-key-file, --api-key-stdin or --api-key, else GEMINI_API_KEY, else GOOGLE_API_KEY.
Base URL: --base-url, else GEMTOKEN_BASE_URL, else GOOGLE_GEMINI_BASE_URL, else Google's.

--json prints one document: {"profile", "ok", "differing": [names], "rows": [{"behaviour",
"documented", "emulator", "observed", "match": true|false|null, "evidence"}]}.
--write-profile FILE writes {"format": "gemtoken-profile/1", "quirks": {name: true|false},
"evidence": {name: "…"}} with the quirks it decided; --profile FILE compares with such a file.

Exit codes: 0 every probed behaviour matches the profile, 1 one differs or is inconclusive,
2 bad input (or no --yes without a terminal), 3 key rejected, 4 quota, 5 network/service
unavailable, 130 interrupted or declined.
`;

export function conformanceCommand(invoke: Invoke): Command {
  return new Command('conformance')
    .description("probe the service's behaviour and compare it with the emulator's profile")
    .option('--api-key-file <path>', 'read the API key from a file')
    .option('--api-key-stdin', 'read the API key from stdin')
    .option('--api-key <key>', 'the API key (visible to other users in the process list: avoid)')
    .option('--base-url <url>', "API base URL, e.g. the emulator's")
    .option('--api-version <version>', 'v1alpha, v1beta or v1 (default v1alpha)')
    .option('-m, --model <name>', 'an audio-only Live model (default gemini-3.8-live)')
    .option('--only <names>', 'probe only these behaviours (comma-separated)')
    .option('--json', 'print the report as one JSON document')
    .option('-y, --yes', 'do not ask before spending tokens and Live time')
    .option('--timeout <duration>', 'how long to wait for each expected answer (default 30s)')
    .option('--lifetime-wait <duration>', "how long to wait for a connection's lifetime to end (default 11m)")
    .option('--profile <observed|documented|file>', 'the profile to compare with (default observed)')
    .option('--write-profile <file>', 'write what was observed as a profile file')
    .addHelpText('after', helpAfter(HELP_AFTER))
    .action((opts: Record<string, unknown>) =>
      invoke(async (ctx) => (await import('./run.js')).runConformance(ctx, opts)),
    );
}
