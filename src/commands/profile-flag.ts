// `--profile` of `conformance` (the profile a run compares with) and `emulator` (the one it runs):
// the built-in `observed` (default) or `documented`, or a profile file (src/emulator/profile-file.ts),
// e.g. one `conformance --write-profile` wrote.

import { UsageError } from '../errors.js';
import { EmulatorOptionError } from '../emulator/durations.js';
import { readProfileFile } from '../emulator/profile-file.js';
import { PROFILES, profileQuirks, type Profile, type Quirks } from '../emulator/quirks.js';
import { parseJson } from '../parse/json.js';
import { readOrFail, type TextIo } from '../token/text-io.js';

const HINT = '--profile takes observed, documented, or a file `gemtoken conformance --write-profile` wrote';

export interface ComparedProfile {
  /** `observed`, `documented`, or the file's name. */
  readonly name: string;
  /** Read from a file (not a built-in profile). */
  readonly file: boolean;
  readonly quirks: Quirks;
}

export async function loadProfile(flag: string | undefined, io: TextIo): Promise<ComparedProfile> {
  const given = flag ?? 'observed';
  if ((PROFILES as readonly string[]).includes(given))
    return { name: given, file: false, quirks: profileQuirks(given as Profile) };
  const text = await readOrFail(() => io.readFile(given), `cannot read --profile '${given}'`).catch(
    (error: unknown) => {
      // A mistyped profile name lands here too: say what --profile takes.
      if (error instanceof UsageError && error.hint === undefined) throw new UsageError(error.message, HINT);
      throw error;
    },
  );
  const parsed = parseJson(text);
  if (!parsed.ok)
    throw new UsageError(
      `--profile ${given}: not JSON`,
      'observed, documented, or a file conformance --write-profile wrote',
    );
  try {
    return { name: given, file: true, quirks: readProfileFile(parsed.value, given).quirks };
  } catch (error) {
    if (error instanceof EmulatorOptionError) throw new UsageError(error.message, HINT);
    throw error;
  }
}
