// The repository explains itself: no tracked file points at a document a reader who clones it cannot
// open. Comments say why in place, or cite a docs/ page or a public URL. What this refuses: the
// project's background notes by file name, a path into the machine they lived on, section tags ("§"
// and a digit), field-report codes (F and one digit: the in-repo names for field observations are the
// quirk names, e.g. `lifetime-deadline-1011`) and tracker tags ("issue" and a number) outside a URL.
// The patterns below are written so that their own source text does not match them.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

export const OUTSIDE_REFERENCES: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'a background note', pattern: /\b(?:design|protocol|users)\.md\b/i },
  { name: 'a sibling folder', pattern: /(?:^|[^\w./-])(?:\.\.\/)*shared\/(?!\w+\.ts\b)/ },
  { name: 'a machine path', pattern: /\/work\// },
  { name: 'a section tag', pattern: /§\s?\d/ },
  { name: 'a field-report code', pattern: /\bF[1-9]\b/ },
  { name: 'a tracker tag', pattern: /\bissues? #?\d+/i },
];

/**
 * Files where a pattern is data, not a reference. Each entry says why; keep it this small.
 * - package-lock.json: registry integrity hashes are base64, where "+F1/" is chance, not a citation.
 * - this file: its examples below are the patterns themselves.
 */
const DATA: ReadonlyMap<string, readonly string[] | 'all'> = new Map<string, readonly string[] | 'all'>([
  ['package-lock.json', 'all'],
  ['test/unit/self-contained.test.ts', 'all'],
]);

const URL = /\bhttps?:\/\/\S+/g;

/** Every outside reference in one file's text, as `path:line: what (the line)`; URLs are public. */
export function outsideReferences(file: string, text: string): string[] {
  const allowed = DATA.get(file);
  if (allowed === 'all') return [];
  const found: string[] = [];
  text.split('\n').forEach((line, index) => {
    const bare = line.replace(URL, '');
    for (const { name, pattern } of OUTSIDE_REFERENCES)
      if (pattern.test(bare) && !allowed?.includes(name))
        found.push(`${file}:${index + 1}: ${name}: ${line.trim().slice(0, 160)}`);
  });
  return found;
}

function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\0').filter((file) => file !== '' && existsSync(path.join(ROOT, file)));
}

describe('self-contained repository', () => {
  it('no tracked file refers to a document outside the repository', () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) => {
      const bytes = readFileSync(path.join(ROOT, file));
      // Binary fixtures (audio) hold no prose; any letter pair in them is chance.
      return bytes.includes(0) ? [] : outsideReferences(file, bytes.toString('utf8'));
    });
    expect(found).toEqual([]);
  });

  it.each([
    ['// The lifetime close (protocol.md §2.8).', ['a background note', 'a section tag']],
    ['// read design.md first', ['a background note']],
    // Assembled, so that this file itself names no folder beside the repository.
    [`// see ${'../'.repeat(2)}${'shared'}/notes.txt`, ['a sibling folder']],
    ['// from shared/ephemeral-tokens-guide.txt', ['a sibling folder']],
    ['// copied from /work/notes/x', ['a machine path']],
    ['// a resume is refused (F4)', ['a field-report code']],
    ["describe('F3: the goAway lead'", ['a field-report code']],
    ['// fixed by issue 19 item 3', ['a tracker tag']],
    ['// Issue 10: bounded', ['a tracker tag']],
    ['// see issue #42', ['a tracker tag']],
  ])('finds %j', (line, names) => {
    const found = outsideReferences('src/x.ts', line);
    expect(found.map((entry) => entry.split(': ')[1])).toEqual(names);
  });

  it.each([
    '// https://github.com/googleapis/js-genai/issues/1492 and https://example.com/§4/F1/design.md',
    '// quirk `one-socket-per-session`: a resume while the old socket is open is refused',
    '// the fence of src/emulator/shared/json.ts, 0xF1, F10 and F0, RFC 6455 section 7.4.1',
    '// (docs/architecture.md, "Ports"); see docs/emulator.md',
  ])('lets %j pass', (line) => {
    expect(outsideReferences('src/x.ts', line)).toEqual([]);
  });

  it('a data entry exempts only its file', () => {
    expect(outsideReferences('package-lock.json', '"integrity": "sha512-+F1/x"')).toEqual([]);
    expect(outsideReferences('README.md', '| quirk | F1 | issue 13 |')).toHaveLength(2);
  });
});
