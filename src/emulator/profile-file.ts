// A profile as data: what `gemtoken conformance --write-profile` observed of a service, in a file
// that `gemtoken emulator --profile FILE` runs with and `conformance --profile FILE` compares with.
//   {"format": "gemtoken-profile/1", "quirks": {"<quirk>": true|false, …}, "evidence": {"<quirk>": "…"}}
// A quirk the file leaves out keeps its observed default, so a file from a partial run (`--only`)
// still makes a whole profile; a name this version does not know is an error, not ignored.

import { EmulatorOptionError } from './durations.js';
import { profileQuirks, QUIRKS, type QuirkName, type Quirks } from './quirks.js';

export const PROFILE_FORMAT = 'gemtoken-profile/1';

export interface ProfileFile {
  readonly quirks: Quirks;
  readonly evidence: Readonly<Partial<Record<QuirkName, string>>>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `value`: the file's parsed JSON; `file`: its name for messages. */
export function readProfileFile(value: unknown, file: string): ProfileFile {
  const fail = (what: string): never => {
    throw new EmulatorOptionError(`--profile ${file}: ${what}`);
  };
  if (!isObject(value)) return fail(`not a profile (a JSON object with "format": "${PROFILE_FORMAT}")`);
  if (value.format !== PROFILE_FORMAT) fail(`"format" must be "${PROFILE_FORMAT}"`);
  const quirks: Record<QuirkName, boolean> = { ...profileQuirks('observed') };
  const given = value.quirks ?? {};
  if (!isObject(given)) return fail('"quirks" must be an object of quirk names to true or false');
  for (const [name, on] of Object.entries(given)) {
    if (!Object.hasOwn(QUIRKS, name)) fail(`unknown quirk "${name}" (known: ${Object.keys(QUIRKS).join(', ')})`);
    if (typeof on !== 'boolean') fail(`quirk "${name}" must be true or false`);
    quirks[name as QuirkName] = on as boolean;
  }
  const evidence: Partial<Record<QuirkName, string>> = {};
  if (value.evidence !== undefined && !isObject(value.evidence)) fail('"evidence" must be an object');
  for (const [name, text] of Object.entries((value.evidence as Record<string, unknown> | undefined) ?? {}))
    if (Object.hasOwn(QUIRKS, name) && typeof text === 'string') evidence[name as QuirkName] = text;
  return { quirks, evidence };
}

/** The document `--write-profile` writes: only the quirks that were decided. */
export function profileDocument(
  quirks: Readonly<Partial<Record<QuirkName, boolean>>>,
  evidence: Readonly<Partial<Record<QuirkName, string>>>,
): string {
  return `${JSON.stringify({ format: PROFILE_FORMAT, quirks, evidence }, null, 2)}\n`;
}
