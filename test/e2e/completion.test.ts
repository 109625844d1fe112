// `gemtoken completion` from the built binary: the script it prints is valid and completes, and
// `--install` puts it where each real shell (bash, zsh, fish) loads it, with one rc line, once.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, hasStackTrace, runCli } from '../helpers/cli.js';
import { requireTools } from '../helpers/tools.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-completion-e2e-'));
const homes = mkdtempSync(path.join(tmpdir(), 'gemtoken-completion-homes-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(homes, { recursive: true, force: true });
});

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

describe('gemtoken completion <shell> --install', () => {
  const NO_ZSH = requireTools(['zsh'], 'apt-get install zsh');
  const NO_FISH = requireTools(['fish'], 'apt-get install fish');
  /** A fresh home with `gemtoken` on PATH (the built binary), as a user's shell would find it. */
  function home(): { dir: string; env: Record<string, string> } {
    const dir = mkdtempSync(path.join(homes, 'home-'));
    mkdirSync(path.join(dir, 'bin'));
    writeFileSync(path.join(dir, 'bin', 'gemtoken'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`, {
      mode: 0o755,
    });
    return { dir, env: { HOME: dir, PATH: `${path.join(dir, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}` } };
  }
  const install = async (shell: string, env: Record<string, string>) => {
    const result = await runCli(['completion', shell, '--install'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    return result.stderr;
  };

  it('bash: the script in ~/.config/gemtoken, one line in ~/.bashrc however often it runs; an interactive bash completes', async () => {
    const { dir, env } = home();
    writeFileSync(path.join(dir, '.bashrc'), 'alias ll="ls -l"'); // no final newline
    expect(await install('bash', env)).toMatch(/added one line to .*\.bashrc/);
    expect(await install('bash', env)).toMatch(/\.bashrc already loads it/);
    const rc = readFileSync(path.join(dir, '.bashrc'), 'utf8').split('\n');
    expect(rc[0]).toBe('alias ll="ls -l"');
    expect(rc.filter((line) => line.includes('gemtoken'))).toEqual([
      `[ -f '${dir}/.config/gemtoken/completion.bash' ] && . '${dir}/.config/gemtoken/completion.bash'  # gemtoken completion`,
    ]);
    expect(rc).toHaveLength(3);
    const out = execFileSync(
      'bash',
      ['-i', '-c', 'COMP_WORDS=(gemtoken dem); COMP_CWORD=1; _gemtoken; echo "${COMPREPLY[*]}"'],
      { encoding: 'utf8', env: { ...env, TERM: 'dumb' }, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    expect(out.trim()).toBe('demo');
  });

  it('bash: an rc file holding a copy appended the old way gets a warning', async () => {
    const { dir, env } = home();
    const old = await runCli(['completion', 'bash']);
    writeFileSync(path.join(dir, '.bashrc'), old.stdout);
    expect(await install('bash', env)).toMatch(/^warning: .*\.bashrc also holds a copy of the script/m);
  });

  it.skipIf(NO_ZSH)('zsh: one line in ~/.zshrc ($ZDOTDIR); an interactive zsh registers _gemtoken', async () => {
    const { dir, env } = home();
    const zdot = path.join(dir, 'zdot');
    mkdirSync(zdot);
    await install('zsh', { ...env, ZDOTDIR: zdot });
    await install('zsh', { ...env, ZDOTDIR: zdot });
    const rc = readFileSync(path.join(zdot, '.zshrc'), 'utf8');
    expect(rc.trimEnd().split('\n')).toHaveLength(1);
    const out = execFileSync('zsh', ['-i', '-c', 'print -r -- $_comps[gemtoken]'], {
      encoding: 'utf8',
      env: { ...env, ZDOTDIR: zdot, TERM: 'dumb' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(out.trim()).toBe('_gemtoken');
  });

  it.skipIf(NO_FISH)('fish: its completions folder, no rc line; fish completes `gemtoken talk --model`', async () => {
    const { dir, env } = home();
    expect(await install('fish', env)).toContain(`${dir}/.config/fish/completions/gemtoken.fish`);
    const out = execFileSync('fish', ['-c', 'complete -C "gemtoken talk --model gemini-3.8-l"'], {
      encoding: 'utf8',
      env,
    });
    expect(out.split('\n').map((line) => line.split('\t')[0])).toContain('gemini-3.8-live');
  });
});
