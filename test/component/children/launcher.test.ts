// The one place children start (src/children/launcher.ts), with real processes: every way of
// starting one — spawn, the shell, run() to the end, and during() for a package that spawns on its
// own — gives the child the allow-listed environment, the --pass-env names and what gemtoken sets.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { childLauncher } from '../../../src/children/launcher.js';

const PARENT = {
  PATH: process.env.PATH!,
  HOME: '/home/x',
  LANG: 'C.UTF-8',
  DB_PASS: 'db-pass-canary',
  AUTH: 'auth-canary',
  PASSED_ONE: 'yes',
};
const launcher = childLauncher(PARENT, ['PASSED_ONE']);
const EXPECTED = { PATH: PARENT.PATH, HOME: '/home/x', LANG: 'C.UTF-8', PASSED_ONE: 'yes' };

/** `env -0` of a child, as a map (PWD and the like a shell adds are dropped). */
function parse(text: string): Record<string, string> {
  const entries = text
    .split('\0')
    .filter(Boolean)
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
  return Object.fromEntries(entries.filter(([name]) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(name!)));
}

function output(child: ReturnType<typeof launcher.spawn>): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (text += d));
    child.on('error', reject).on('close', () => resolve(text));
  });
}

describe('childLauncher', () => {
  it('spawn(): the allow-list, --pass-env and set, nothing else', async () => {
    expect(parse(await output(launcher.spawn('env', ['-0'], { set: { GEMTOKEN_TOOL_NAME: 'f' } })))).toEqual({
      ...EXPECTED,
      GEMTOKEN_TOOL_NAME: 'f',
    });
  });

  it('shell(): the same through /bin/sh', async () => {
    expect(parse(await output(launcher.shell('env -0')))).toEqual(EXPECTED);
  });

  it('run(): the same; a non-zero exit is an answer, a program that is not there rejects', async () => {
    expect(parse((await launcher.run('env', ['-0'])).stdout)).toEqual(EXPECTED);
    expect(await launcher.run('sh', ['-c', 'exit 3'])).toMatchObject({ code: 3 });
    await expect(launcher.run('definitely-not-a-program-xyz', [])).rejects.toThrow(/ENOENT/);
  });

  it('during(): a package spawning with no env of its own gets the child environment; process.env is ours again after', async () => {
    const before = process.env;
    const child = launcher.during(() => void spawn('env', ['-0'], { stdio: ['ignore', 'pipe', 'ignore'] }));
    expect(process.env).toBe(before);
    // Narrows for the next line; what is asserted is the child's environment.
    expect(child).toBeDefined();
    expect(parse(await output(child!))).toEqual(EXPECTED);
  });
});
