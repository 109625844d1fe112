// The profile a run compares with: the emulator's built-in `observed` (default) or `documented`, or a
// profile file (src/emulator/profile-file.ts), e.g. one an earlier `--write-profile` wrote.

import { UsageError } from '../../errors.js';
import { EmulatorOptionError } from '../../emulator/durations.js';
import { readProfileFile } from '../../emulator/profile-file.js';
import { PROFILES, profileQuirks, type Profile, type Quirks } from '../../emulator/quirks.js';
import { parseJson } from '../../parse/json.js';
import { readOrFail, type TextIo } from '../../token/text-io.js';

export interface ComparedProfile {
  /** `observed`, `documented`, or the file's name. */
  readonly name: string;
  readonly quirks: Quirks;
}

export async function loadProfile(flag: string | undefined, io: TextIo): Promise<ComparedProfile> {
  const given = flag ?? 'observed';
  if ((PROFILES as readonly string[]).includes(given)) return { name: given, quirks: profileQuirks(given as Profile) };
  const text = await readOrFail(() => io.readFile(given), `cannot read --profile '${given}'`);
  const parsed = parseJson(text);
  if (!parsed.ok) throw new UsageError(`--profile ${given}: not JSON`);
  try {
    return { name: given, quirks: readProfileFile(parsed.value, given).quirks };
  } catch (error) {
    if (error instanceof EmulatorOptionError) throw new UsageError(error.message);
    throw error;
  }
}
