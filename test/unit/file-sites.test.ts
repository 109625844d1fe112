// "Bounded reads live in one place that every path goes through": a file a user names is opened only
// by src/bounded-read.ts (to read) and src/file-streams.ts (to write). Everywhere else a plain open(),
// readFile() or writeFile() of such a path is the bug this guards against: a FIFO with no peer blocks
// a threadpool thread, so one SIGTERM no longer ends the process, and /dev/zero reads until memory
// runs out. `talk --image <fifo>` and `conformance --write-profile <fifo>` were such sites. The files
// listed below open only the machine's, the package's or their own files, and each says which.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { sourceFiles } from '../helpers/import-graph.js';

const SRC = path.join(ROOT, 'src');

const MECHANISM = ['src/bounded-read.ts', 'src/file-streams.ts'];
const OWN_FILES: Record<string, string> = {
  'src/audio/system/platform.ts': '/etc/os-release, for install hints',
  'src/children/tree.ts': "/proc/<pid>/stat and environ, to find our children's children",
  'src/commands/demo/run.ts': 'writes its question WAV and reads the reply WAV talk just wrote, both in its own --dir',
  'src/commands/devices/run.ts': "/etc/os-release and /sys/class/video4linux's device names",
  'src/commands/doctor/system-probes.ts': '/etc/os-release',
  'src/emulator/quirks.ts': "the package's own quirk profiles",
  'src/emulator/record/record-dir.ts': 'creates its own probe file in the --record folder it has checked',
  'src/emulator/record/writer.ts': 'creates its own cassette files in that checked --record folder',
  'src/commands/completion/install.ts':
    "writes the completion script and one line in the shell's rc file, both under $HOME",
  'src/serve/page.ts': "the package's own page assets",
  'src/audio/devices/wav-file-output.ts': 'reopens the regular WAV file it wrote, to patch its sizes',
};

const OPENS = new Set([
  ...['open', 'openSync', 'readFile', 'readFileSync', 'createReadStream', 'read', 'readSync'],
  ...['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream'],
]);

/** The file-opening functions `source` imports at runtime from node:fs or node:fs/promises ('*' for the whole module). */
export function fileOpens(source: string): string[] {
  const found: string[] = [];
  const declarations = /(?:^|\n)\s*import\s+(?!type\b)([^;]*?)\s+from\s*['"](?:node:)?fs(?:\/promises)?['"]/g;
  for (const [, clause] of source.matchAll(declarations)) {
    const named = /\{([^}]*)\}/.exec(clause!);
    if (
      clause!
        .replace(/\{[^}]*\}/, '')
        .replace(/,/g, '')
        .trim() !== ''
    )
      found.push('*');
    for (const spec of named?.[1]?.split(',') ?? []) {
      const [name] = spec
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/);
      if (!spec.trim().startsWith('type ') && OPENS.has(name!)) found.push(name!);
    }
  }
  if (/(?:import|require)\(\s*['"](?:node:)?fs(?:\/promises)?['"]\s*\)/.test(source)) found.push('*');
  return found;
}

describe('file sites', () => {
  it('only the bounded reader and file-streams open files, apart from a listed few that open their own', () => {
    const openers = sourceFiles(SRC)
      .map((file) => path.relative(ROOT, file))
      .filter((file) => fileOpens(readFileSync(path.join(ROOT, file), 'utf8')).length > 0);
    expect(openers.filter((file) => !MECHANISM.includes(file) && !(file in OWN_FILES))).toEqual([]);
    // A listed file that stops reading leaves the list, so the list stays the truth.
    expect(Object.keys(OWN_FILES).filter((file) => !openers.includes(file))).toEqual([]);
  });

  it.each([
    ["import { open } from 'node:fs/promises';", ['open']],
    ["import { access, constants } from 'node:fs';", []],
    ["import { readFile as read, stat } from 'fs/promises';", ['readFile']],
    ["import { type Stats, createReadStream } from 'node:fs';", ['createReadStream']],
    ["import type { ReadStream } from 'node:fs';", []],
    ["import fs from 'node:fs';", ['*']],
    ["import * as fs from 'node:fs/promises';", ['*']],
    ["const fs = await import('node:fs');", ['*']],
    ["import { open } from 'node:net';", []],
    ["import { appendFile, mkdir } from 'node:fs/promises';", ['appendFile']],
  ])('reads %s', (line, expected) => expect(fileOpens(line)).toEqual(expected));
});
