// `gemtoken emulator --export-scenario <dir | cassette>`: prints the scenario a recorded
// conversation makes (stdout, data) and what it approximates (stderr, one note a line); listens on
// nothing. The work is the emulator's pure export (src/emulator/export/).

import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import type { EmulatorFlags } from '../../emulator/cli-options.js';
import {
  EmulatorOptionError,
  exportFrom,
  parseScenario,
  scenarioJsonText,
  scenarioYamlText,
  type Exported,
} from '../../emulator/index.js';
import { createUi } from '../../terminal/ui.js';

const HINT = 'see gemtoken emulator --help';

export async function runExport(ctx: Context, opts: EmulatorFlags, target: string): Promise<number> {
  const other = (['record', 'replay', 'scenario'] as const).find((flag) => opts[flag] !== undefined);
  if (other) throw new UsageError(`--export-scenario cannot be used with --${other}`, HINT);
  const format = opts.exportFormat ?? 'json';
  if (format !== 'json' && format !== 'yaml')
    throw new UsageError(`--export-format must be "json" or "yaml", got "${format}"`, HINT);
  let exported: Exported;
  try {
    exported = await exportFrom(target, ctx.signal);
  } catch (error) {
    if (error instanceof EmulatorOptionError) throw new UsageError(error.message, HINT);
    throw error;
  }
  // What the export writes must be what --scenario reads; anything else is a bug of ours (exit 1).
  parseScenario(exported.scenario, 'the exported scenario');
  const ui = createUi(ctx);
  // ui.data adds the newline YAML already ends with.
  ui.data(
    format === 'yaml' ? (await scenarioYamlText(exported.scenario)).trimEnd() : scenarioJsonText(exported.scenario),
  );
  for (const note of exported.notes) ui.info(`gemtoken: note: ${note}`);
  return 0;
}
