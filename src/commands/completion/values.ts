// Which option values the completion scripts offer. The sets are the ones the validators check
// against (imported, not copied), so a completion can never offer a value the command refuses.
// They are a table here rather than commander `.choices()`, which would also replace each
// command's own validation and its error messages.

import { MODEL_CATALOGUE } from '../../emulator/models.js';
import { PROFILES } from '../../emulator/quirks.js';
import { EchoMode } from '../../live/session/session-types.js';
import { MODALITIES } from '../../model.js';
import { API_VERSIONS } from '../../token/client/http-request.js';
import { OUTPUT_FORMATS } from '../../token/output-format.js';

/** `command --option` (or `* --option` for every command that has it) → its fixed values. */
export const VALUE_CHOICES: Readonly<Record<string, readonly string[]>> = {
  'mint --output': OUTPUT_FORMATS,
  '* --modality': MODALITIES,
  '* --api-version': API_VERSIONS,
  'talk --echo': Object.values(EchoMode),
  // src/emulator/cli-options.ts accepts exactly these two.
  'emulator --log': ['text', 'json'],
  'emulator --profile': PROFILES,
  // The Live models known today (the emulator's catalogue); any other name is still accepted.
  '* --model': MODEL_CATALOGUE.map((model) => model.id),
};

export type DeviceKind = 'capture' | 'playback';

/** Options whose values are this machine's audio devices, listed when completing. */
export const DEVICE_VALUES: Readonly<Record<string, DeviceKind>> = {
  'talk --input-device': 'capture',
  'talk --output-device': 'playback',
};

/** Options whose values are names of the shell's exported variables (--pass-env NAME). */
export const VARIABLE_VALUES: Readonly<Record<string, true>> = {
  '* --pass-env': true,
};

/** The hidden `devices` flag the scripts call: one device name per line, nothing else. */
export const DEVICE_NAMES_FLAG = '--names';

export function lookup<T>(
  table: Readonly<Record<string, T>>,
  command: string,
  long: string | undefined,
): T | undefined {
  if (long === undefined) return undefined;
  return table[`${command} ${long}`] ?? table[`* ${long}`];
}
