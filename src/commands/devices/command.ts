// `gemtoken devices`: flag declarations only; the listing is lazy-imported from ./run.js.

import { Command, Option } from 'commander';
import { collectPassEnv, PASS_ENV_FLAG, PASS_ENV_FLAGS, PASS_ENV_HELP } from '../../children/pass-env-flag.js';
import { helpAfter } from '../../terminal/help-text.js';
import { readFlags, type FlagKind, type Invoke } from '../host.js';

const HELP_AFTER = `
Linux: the output of \`arecord -L\` (capture) and \`aplay -L\` (playback); pass a capture NAME to
gemtoken talk --input-device NAME, a playback NAME to --output-device NAME. * marks ALSA's \`default\`, which talk uses unless told otherwise.
macOS: from system_profiler; the microphone is the system default input. Windows: not available.

--json prints {"platform", "capture": [{"name", "description", "default"}], "playback": [...], "note"?}.
Exit codes: 0 listed, 6 arecord/aplay missing or failing.
`;

/** Every flag declared below, as readFlags() hands it to run.ts. */
export const DEVICES_FLAGS = {
  json: 'boolean',
  ...PASS_ENV_FLAGS,
  names: ['capture', 'playback'],
} as const satisfies Readonly<Record<string, FlagKind>>;

export function devicesCommand(invoke: Invoke): Command {
  return (
    new Command('devices')
      .description('list audio capture and playback devices (names for talk --input-device)')
      .option('--json', 'print the devices as one JSON document')
      .option(PASS_ENV_FLAG, PASS_ENV_HELP, collectPassEnv)
      // For the completion scripts (talk --input-device/--output-device <Tab>): names only, one a line.
      .addOption(new Option('--names <kind>').choices(DEVICES_FLAGS.names).hideHelp())
      .addHelpText('after', helpAfter(HELP_AFTER))
      .action((opts: Record<string, unknown>) =>
        invoke(async (ctx) => (await import('./run.js')).runDevices(ctx, readFlags(opts, DEVICES_FLAGS))),
      )
  );
}
