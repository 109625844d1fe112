// The built-in profiles are data files (src/emulator/profiles/) in the format --write-profile writes,
// each value with its source, and they must say what QUIRKS says: every quirk named, on in
// `observed` exactly where QUIRKS marks it observed, on in `documented` exactly where the docs
// describe the same behaviour. The build copies them where the built modules read them.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProfileFile, PROFILE_FORMAT } from '../../../src/emulator/profile-file.js';
import { PROFILES, profileQuirks, QUIRKS, type QuirkName } from '../../../src/emulator/quirks.js';
import { ROOT } from '../../helpers/cli.js';

const NAMES = Object.keys(QUIRKS) as QuirkName[];
const expected = {
  observed: (name: QuirkName) => QUIRKS[name].observed,
  documented: (name: QuirkName) => 'documented' in QUIRKS[name] && QUIRKS[name].documented === true,
};
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe.each(PROFILES)('the built-in %s profile file', (profile) => {
  const file = path.join(ROOT, 'src/emulator/profiles', `${profile}.json`);

  it('names every quirk, each with its source, and agrees with QUIRKS', () => {
    const document = read(file);
    expect(document.format).toBe(PROFILE_FORMAT);
    expect(Object.keys(document.quirks).sort()).toEqual([...NAMES].sort());
    expect(Object.keys(document.evidence).sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) {
      expect(document.quirks[name], name).toBe(expected[profile](name));
      expect(document.evidence[name], name).toMatch(/\S/);
    }
    // It is a profile file like any other, and profileQuirks() reads it.
    expect(readProfileFile(document, file).quirks).toEqual(profileQuirks(profile));
  });

  it('is shipped where the built modules read it', () => {
    const built = path.join(ROOT, 'dist/emulator/profiles', `${profile}.json`);
    expect(existsSync(built)).toBe(true);
    expect(read(built)).toEqual(read(file));
  });
});
