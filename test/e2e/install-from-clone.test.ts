// The README's install from a clone, run verbatim: its block (`npm ci && npm run build`,
// `npm install -g .`, `gemtoken --version`) as one bash script in a copy of this checkout (the files
// git tracks, as they are in the working tree), with npm's global prefix a temporary folder so
// nothing outside it changes. Then `gemtoken` is on PATH from that prefix and prints the version.
// Slow (a whole `npm ci`, the speaker addon's compile, a build); it needs the npm registry or a warm
// npm cache, as test/e2e/package.test.ts does.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, scrubbedEnv } from '../helpers/cli.js';
import { commandLines, fileBlocks } from '../helpers/readme-blocks.js';
import { runBlock } from '../helpers/readme-script.js';
import { requireTools, skipUnlessRequired } from '../helpers/tools.js';

const INSTALL_LINE = 'npm install -g .';
const tracked = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
const skip =
  requireTools(['git'], 'apt-get install git') ??
  skipUnlessRequired(tracked.status === 0 ? undefined : 'not a git checkout: no tracked files to copy');
const work = mkdtempSync(path.join(tmpdir(), 'gemtoken-clone-'));
// The clone holds a whole node_modules (with the web-runtime dev dependencies, ~1 GB): its removal
// outlasts the default hook timeout on a loaded machine.
afterAll(() => rmSync(work, { recursive: true, force: true }), 300_000);

/** node-gyp (speaker) must not download headers: the running Node's own, when it ships them. */
function nodedir(): Record<string, string> {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? { npm_config_nodedir: prefix } : {};
}

/**
 * npm's global config (a registry CA file, a proxy) normally lives under npm's prefix, which this
 * test moves: keep reading the machine's own, as a user's `npm install -g` would.
 */
function globalConfig(): Record<string, string> {
  const got = spawnSync('npm', ['config', 'get', 'globalconfig'], { encoding: 'utf8' });
  const file = got.status === 0 ? got.stdout.trim() : '';
  return file !== '' && existsSync(file) ? { npm_config_globalconfig: file } : {};
}

describe.skipIf(skip !== undefined)("the README's install from a clone", () => {
  it('runs verbatim into a temporary npm prefix and leaves gemtoken on PATH', async () => {
    const block = fileBlocks('README.md').find(
      (b) => b.lang === 'sh' && commandLines(b).some((l) => l.command === INSTALL_LINE),
    );
    expect(block, `a README block runs \`${INSTALL_LINE}\``).toBeDefined();
    const clone = path.join(work, 'gemtoken');
    for (const file of tracked.stdout.split('\0').filter(Boolean)) {
      const from = path.join(ROOT, file);
      if (!existsSync(from)) continue; // deleted in the working tree, not yet committed
      mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
      copyFileSync(from, path.join(clone, file));
    }
    const prefix = path.join(work, 'prefix');
    const run = await runBlock(
      commandLines(block!).map((line) => ({ line, mode: 'run' as const })),
      {
        cwd: clone,
        env: scrubbedEnv({
          PATH: `${path.join(prefix, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
          npm_config_prefix: prefix,
          // The repository's own install warmed the cache: mostly local work.
          npm_config_prefer_offline: 'true',
          npm_config_update_notifier: 'false',
          npm_config_fund: 'false',
          npm_config_audit: 'false',
          ...nodedir(),
          ...globalConfig(),
        }),
        dir: mkdtempSync(path.join(work, 'run-')),
        lineTimeoutMs: 480_000,
        ready: () => false,
      },
    );
    for (const line of run.lines)
      expect(line.status, `README.md:${line.line.line} \`${line.line.text}\`\n${line.stderr}`).toBe(0);
    expect(run.code, run.shellStderr).toBe(0);
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const versionLine = run.lines.find((l) => l.line.command === 'gemtoken --version');
    expect(versionLine?.stdout.trim(), 'the block ends with `gemtoken --version`').toBe(version);
    // The gemtoken that ran is the prefix's link to the clone, not one found elsewhere on PATH.
    expect(realpathSync(path.join(prefix, 'bin', 'gemtoken'))).toBe(realpathSync(path.join(clone, 'bin/gemtoken.js')));
  }, 900_000);
});
