// Files and devices named to the emulator go through the one bounded reader. Before,
// /dev/zero or a FIFO given as a cassette, a --scenario or inside a --record directory was read
// synchronously (gigabytes in seconds, the first SIGTERM ignored) and `--record /proc/self/x` looped.
// Now: exit 2 with one line naming the file and its cap, or an exit on the first SIGTERM.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAN_MEASURE, errorLines, RSS_BOUND_KB, spawnMeasured } from './rss.js';

const ZERO = '/dev/zero';
/** Reading up to a cassette's 128 MiB cap holds that much: the stated bound while starting is the cap plus ~100 MB. */
const CASSETTE_BOUND_KB = 300 * 1024;
const root = mkdtempSync(path.join(tmpdir(), 'gemtoken-files-'));

function dirWith(name: string, target: string | 'fifo'): string {
  const dir = mkdtempSync(path.join(root, 'd-'));
  if (target === 'fifo') execFileSync('mkfifo', [path.join(dir, name)]);
  else symlinkSync(target, path.join(dir, name));
  return dir;
}

/** Whether process `pid` holds `file` open (it is reading it). */
function holds(pid: number, file: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

function fifo(): string {
  const dir = mkdtempSync(path.join(root, 'f-'));
  execFileSync('mkfifo', [path.join(dir, 'scenario.yaml')]);
  return path.join(dir, 'scenario.yaml');
}

describe.skipIf(!CAN_MEASURE || !existsSync(ZERO) || process.platform === 'win32')(
  'emulator: endless files and FIFOs',
  () => {
    it.each([
      ['--scenario /dev/zero', () => ['--scenario', ZERO], /--scenario zero: larger than 4 MiB/, RSS_BOUND_KB],
      [
        '--replay with /dev/zero as a cassette',
        () => ['--replay', dirWith('live-0001.ndjson', ZERO)],
        /--replay: live-0001\.ndjson is larger than 128 MiB, the limit for a cassette file/,
        CASSETTE_BOUND_KB,
      ],
      // --record proves its directory before reading it: a cassette that is a link or not a
      // regular file is refused before a byte of it is read.
      [
        '--record into a directory whose rest.ndjson links to /dev/zero',
        () => ['--record', dirWith('rest.ndjson', ZERO)],
        /--record: ".*rest\.ndjson" is a symbolic link; cassettes are never written through one/,
        RSS_BOUND_KB,
      ],
      [
        '--record into a directory whose rest.ndjson is a FIFO',
        () => ['--record', dirWith('rest.ndjson', 'fifo')],
        /--record: ".*rest\.ndjson" is not a regular file/,
        RSS_BOUND_KB,
      ],
      [
        '--export-scenario of /dev/zero as a cassette',
        () => ['--export-scenario', dirWith('live-0001.ndjson', ZERO)],
        /--export-scenario: live-0001\.ndjson is larger than 128 MiB/,
        CASSETTE_BOUND_KB,
      ],
      [
        '--record /proc/self/x',
        () => ['--record', '/proc/self/x'],
        /--record: cannot write to "\/proc\/self\/x" \(ENOENT\)/,
        RSS_BOUND_KB,
      ],
    ])('%s → exit 2, one line, bounded memory', async (_name, args, message, boundKb) => {
      const run = spawnMeasured(['emulator', '--port', '0', ...args()], {});
      expect(await run.exited, run.stderr()).toBe(2);
      expect(errorLines(run.stderr())).toEqual([expect.stringMatching(message)]);
      expect(run.peakKb()).toBeLessThan(boundKb);
    });

    // A server stopped by its first signal exits 0 at whatever stage it was, listening or still loading
    // its files (README Exit codes; before, 143 while loading: the code depended on when the signal
    // came). --export-scenario is no server: stopped before it wrote its file, it exits 143.
    it.each([
      ['--scenario', 0, () => fifo()],
      ['--replay', 0, () => path.join(dirWith('live-0001.ndjson', 'fifo'), 'live-0001.ndjson')],
      ['--export-scenario', 143, () => path.join(dirWith('live-0001.ndjson', 'fifo'), 'live-0001.ndjson')],
    ])(
      'a FIFO nobody writes to, given to %s: the first SIGTERM ends the wait (exit %s)',
      async (flag, exitCode, made) => {
        const file = made();
        const run = spawnMeasured(
          ['emulator', '--port', '0', flag, flag === '--scenario' ? file : path.dirname(file)],
          {},
        );
        // It is waiting on the FIFO …
        await expect.poll(() => holds(run.child.pid!, file), { timeout: 10_000 }).toBe(true);
        run.child.kill('SIGTERM');
        // … and one signal ends it well before the servers' 30 s unwind, which a blocked read waited out.
        const code = await Promise.race([
          run.exited,
          new Promise<string>((resolve) => setTimeout(() => resolve('still running after 10 s'), 10_000)),
        ]);
        if (code === 'still running after 10 s') run.child.kill('SIGKILL');
        expect(code, run.stderr()).toBe(exitCode);
        expect(run.stdout()).toBe('');
        if (exitCode === 0) expect(errorLines(run.stderr())).toEqual([]);
      },
    );
  },
);
