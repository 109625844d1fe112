// `gemtoken doctor`: flag declarations only; the checks are lazy-imported from ./run.js.

import { Command } from 'commander';
import { collectPassEnv, PASS_ENV_FLAG, PASS_ENV_FLAGS, PASS_ENV_HELP } from '../../children/pass-env-flag.js';
import { helpAfter } from '../../terminal/help-text.js';
import { readFlags, type FlagKind, type Invoke } from '../host.js';

const HELP_AFTER = `
Checks, one line each (✔ or ✘ with the exact fix command for this platform):
  Node.js version (20 or newer); where the API key would come from (GEMINI_API_KEY, GOOGLE_API_KEY,
  or a GEMTOKEN_TOKEN for talk; the key itself is never shown); arecord (Linux) / rec (macOS) /
  sox (Windows) on PATH; the speaker addon loads; the default capture device delivers non-silent
  audio within 1.5 s (all-zero audio: microphone permission on macOS, or a muted input); the default
  playback device opens and plays a little silence. --online also sends one GET (no key) to the API
  base URL (--base-url, else GEMTOKEN_BASE_URL, else GOOGLE_GEMINI_BASE_URL, else Google's); any
  HTTP answer within 5 s counts as reachable.

--json prints one document on stdout: {"ok": true|false, "checks": [{"name", "ok", "detail", "fix"?}]}.

Exit codes: 0 all checks passed (talk should work), 6 an audio check failed, 2 another local check
failed (Node.js, API key), 5 only the --online check failed, 130 interrupted.
`;

/** Every flag declared below, as readFlags() hands it to run.ts. */
export const DOCTOR_FLAGS = {
  online: 'boolean',
  baseUrl: 'string',
  json: 'boolean',
  ...PASS_ENV_FLAGS,
} as const satisfies Readonly<Record<string, FlagKind>>;

export function doctorCommand(invoke: Invoke): Command {
  return new Command('doctor')
    .description('check that this machine can run gemtoken talk, with the fix for anything missing')
    .option('--online', 'also check that the API host answers')
    .option('--base-url <url>', "API base URL to check (implies --online), e.g. the emulator's")
    .option('--json', 'print the results as one JSON document')
    .option(PASS_ENV_FLAG, PASS_ENV_HELP, collectPassEnv)
    .addHelpText('after', helpAfter(HELP_AFTER))
    .action((opts: Record<string, unknown>) =>
      invoke(async (ctx) => (await import('./run.js')).runDoctorCommand(ctx, readFlags(opts, DOCTOR_FLAGS))),
    );
}
