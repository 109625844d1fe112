// The shell stays cheap and honest: --help/--version load no command code, usage errors are one
// line with exit 2.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, hasStackTrace, runCli, scrubbedEnv } from '../helpers/cli.js';

/**
 * Lists the modules a run of the binary resolved, via a module.register() resolve hook that
 * reports each URL on stderr (the hook runs on the loader thread, so it writes synchronously).
 */
function loadedModules(args: string[]): string[] {
  const hooks = `
    import { writeSync } from 'node:fs';
    export async function resolve(spec, ctx, next) {
      const r = await next(spec, ctx);
      writeSync(2, 'LOADED ' + r.url + '\\n');
      return r;
    }
  `;
  const register = `
    import { register } from 'node:module';
    register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});
  `;
  const result = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, BIN, ...args],
    {
      env: scrubbedEnv(),
      encoding: 'utf8',
    },
  );
  return result.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED '))
    .map((l) => l.slice('LOADED '.length));
}

describe('start-up', () => {
  it('--help and --version load neither @google/genai, audio, nor prompts', () => {
    for (const args of [['--help'], ['--version'], ['mint', '--help'], ['talk', '--help']]) {
      const modules = loadedModules(args);
      expect(modules.length).toBeGreaterThan(0);
      const heavy = modules.filter((m) => /@google\/genai|node_modules\/(mic|speaker|@inquirer|ora)\//.test(m));
      expect(heavy, `gemtoken ${args.join(' ')}`).toEqual([]);
    }
  });

  it('prints the version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('answers an unknown option with one line and exit 2', async () => {
    const result = await runCli(['--no-such-flag']);
    expect(result.code).toBe(2);
    // One line, and the hint line every failure has (README Exit codes).
    expect(result.stderr.trim().split('\n')).toHaveLength(2);
    expect(result.stderr).toMatch(/^gemtoken: unknown option.*\nhint: see 'gemtoken --help'\n$/);
    expect(hasStackTrace(result)).toBe(false);
  });

  it('answers an unknown command with exit 2', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(hasStackTrace(result)).toBe(false);
  });
});

describe('subcommand usage errors', () => {
  it('use the same one-line format as the top level', async () => {
    const result = await runCli(['mint', '--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe("gemtoken: unknown option '--no-such-flag'\nhint: see 'gemtoken mint --help'");
  });
});

describe('a reader that goes away (gemtoken … | head)', () => {
  it('ends quietly: exit 0, no EPIPE stack trace', () => {
    // `| true` closes the pipe before gemtoken writes: the first write fails with EPIPE.
    const script = `"${process.execPath}" "${BIN}" mint --help | true; echo "rc=\${PIPESTATUS[0]}" >&2`;
    const result = spawnSync('bash', ['-c', script], { env: scrubbedEnv(), encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(result.stderr.trim()).toBe('rc=0');
  });
});
