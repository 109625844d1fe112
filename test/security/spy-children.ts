// Spy children for the security suite: a real-ALSA sandbox (test/helpers/alsa.ts) whose `arecord`
// and `aplay` on PATH write their argv and environment to a file, then exec the real program (so
// pv, behind the pacing wrapper, gets the same environment); node children (the playback probe)
// are caught by a NODE_OPTIONS --require hook doing the same — which gemtoken passes on only when
// told to (--pass-env NODE_OPTIONS): NODE_OPTIONS is not on the children's allow-list.

import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createAlsaSandbox, type AlsaSandbox } from '../helpers/alsa.js';
import { expectNoProcessLeft } from '../helpers/processes.js';
import { commandPath } from '../helpers/tools.js';
import { CANARY_KEY } from './hostile.js';

export const OTHER_SECRET = 'ghp_CanaryGithubToken0123456789abcdefABCD';

export interface Dump {
  readonly file: string;
  readonly argv: string;
  readonly env: string;
}

export interface SpyBox {
  readonly box: AlsaSandbox;
  readonly env: Record<string, string | undefined>;
  /** Where spies (and test handlers) write their dumps. */
  readonly dumpDir: string;
  dumps(): Dump[];
}

const boxes: AlsaSandbox[] = [];
afterEach(async () => {
  for (const box of boxes.splice(0)) {
    await expectNoProcessLeft(box.home);
    box.cleanup();
  }
});

/** A sandbox with spies; the environment holds the canary key and a GitHub-looking token. */
export function spyBox(capture: Buffer, paced: boolean): SpyBox {
  const box = createAlsaSandbox(capture, { paced: false });
  boxes.push(box);
  const dumpDir = path.join(box.home, 'dumps');
  mkdirSync(dumpDir);
  const spy = (program: string, exec: string): void => {
    const file = path.join(box.binDir, program);
    writeFileSync(
      file,
      `#!/usr/bin/env bash\n{ printf 'argv:'; printf ' %q' "$@"; printf '\\n'; env; } > "${dumpDir}/${program}-$$"\n${exec}\n`,
    );
    chmodSync(file, 0o755);
  };
  const arecord = commandPath('arecord') ?? '/usr/bin/arecord';
  spy('arecord', paced ? `exec ${arecord} "$@" > >(exec pv -qL 32000)` : `exec ${arecord} "$@"`);
  spy('aplay', `exec ${commandPath('aplay') ?? '/usr/bin/aplay'} "$@"`);
  const hook = path.join(box.home, 'dump-node.cjs');
  writeFileSync(
    hook,
    `require('fs').writeFileSync(${JSON.stringify(dumpDir)} + '/node-' + process.pid, 'argv: ' + JSON.stringify(process.argv) + '\\n' + Object.entries(process.env).map(([k, v]) => k + '=' + v).join('\\n'));\n`,
  );
  return {
    box,
    dumpDir,
    env: {
      ...box.env,
      NODE_OPTIONS: `--require ${hook}`,
      GEMINI_API_KEY: CANARY_KEY,
      GOOGLE_API_KEY: CANARY_KEY,
      GITHUB_TOKEN: OTHER_SECRET,
    },
    dumps: () =>
      readdirSync(dumpDir).map((name) => {
        const text = readFileSync(path.join(dumpDir, name), 'utf8');
        const newline = text.indexOf('\n');
        return { file: name, argv: text.slice(0, newline), env: text.slice(newline + 1) };
      }),
  };
}

/** Every child's argv and environment; the top-level gemtoken (argv `doctor --json` etc.) holds the key by design. */
export function childOutputs(spy: SpyBox, topLevel: (argv: string) => boolean): Record<string, string> {
  const children = spy.dumps().filter((d) => !(d.file.startsWith('node-') && topLevel(d.argv)));
  return Object.fromEntries(
    children.flatMap((d) => [
      [`${d.file} argv`, d.argv],
      [`${d.file} env`, d.env],
    ]),
  );
}
