// `gemtoken completion` from the built binary: the script it prints is valid and completes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-completion-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gemtoken completion', () => {
  it('bash: valid, and completes `gemtoken m` → mint and `gemtoken mint --u` → --uses', async () => {
    const result = await runCli(['completion', 'bash']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const file = path.join(dir, 'gemtoken.bash');
    writeFileSync(file, result.stdout);
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
    const complete = (cword: number, ...words: string[]): string =>
      execFileSync(
        'bash',
        [
          '-c',
          'source "$1"; COMP_CWORD=$2; shift 2; COMP_WORDS=("$@"); _gemtoken; echo "${COMPREPLY[*]}"',
          '_',
          file,
          String(cword),
          ...words,
        ],
        { encoding: 'utf8' },
      ).trim();
    expect(complete(1, 'gemtoken', 'm')).toBe('mint');
    expect(complete(2, 'gemtoken', 'mint', '--u')).toBe('--uses');
    // The script registers itself for the command name.
    expect(
      execFileSync('bash', ['-c', 'source "$1"; complete -p gemtoken', '_', file], { encoding: 'utf8' }).trim(),
    ).toBe('complete -o default -F _gemtoken gemtoken');
  });

  it.each(['zsh', 'fish'])('%s: prints a script for the same commands', async (shell) => {
    const result = await runCli(['completion', shell]);
    expect(result.code).toBe(0);
    for (const command of ['mint', 'talk', 'emulator', 'doctor', 'devices', 'completion'])
      expect(result.stdout).toContain(`'${command}`);
    expect(result.stdout).toContain('uses');
  });

  it('an unknown shell is one usage line and its hint, exit 2', async () => {
    const result = await runCli(['completion', 'powershell']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    // The hint line README promises for every failure (this one once had none).
    expect(result.stderr.trim().split('\n')).toHaveLength(2);
    expect(result.stderr).toMatch(
      /^gemtoken: .*powershell.*bash, zsh, fish\.?\nhint: see 'gemtoken completion --help'\n$/,
    );
    expect(hasStackTrace(result)).toBe(false);
  });
});
