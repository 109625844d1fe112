// `gemtoken demo` (what `npm run demo` runs): flag declarations only; the work is lazy-imported.
// Hidden from help and completions: it is a guided tour, not part of the tool's surface.

import { Command } from 'commander';
import { collectPassEnv, PASS_ENV_FLAG, PASS_ENV_FLAGS, PASS_ENV_HELP } from '../../children/pass-env-flag.js';
import { helpAfter } from '../../terminal/help-text.js';
import { readFlags, type FlagKind, type Invoke } from '../host.js';

const HELP_AFTER = `
Runs, as child processes of the real binary and against the local emulator (no API key, no network):
  gemtoken emulator --port 0
  gemtoken mint --base-url <emulator> --model gemini-3.8-live --lock-set-only --ttl 10m
  gemtoken talk --token - --base-url <emulator> --input question.wav --output reply.wav --no-speaker --once
The question is a generated speech-like WAV unless --input names yours. The transcript and the
reply WAV's path go to stdout; the commands and notices to stderr.
`;

/** Every flag declared below, as readFlags() hands it to run.ts. */
export const DEMO_FLAGS = {
  dir: 'string',
  input: 'string',
  speaker: 'boolean',
  ...PASS_ENV_FLAGS,
} as const satisfies Readonly<Record<string, FlagKind>>;

export function demoCommand(invoke: Invoke): Command {
  return new Command('demo')
    .description('a keyless end-to-end demo: emulator, mint, talk with a WAV')
    .option('--dir <path>', 'where question.wav and reply.wav go (default: a new temporary folder)')
    .option('--input <file.wav>', 'ask with this WAV instead of the generated one')
    .option('--speaker', 'also play the reply through the speakers')
    .option(PASS_ENV_FLAG, PASS_ENV_HELP, collectPassEnv)
    .addHelpText('after', helpAfter(HELP_AFTER))
    .action((opts: Record<string, unknown>) =>
      invoke(async (ctx) => (await import('./run.js')).runDemo(ctx, readFlags(opts, DEMO_FLAGS))),
    );
}
