// Completion scripts generated from commander programs: the spec walk, and each shell's script
// run for real (bash always; zsh and fish when installed) — `gemtoken m` → mint, `mint --u` → --uses.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Argument, Command, Option } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli.js';
import type { Context } from '../../../src/context.js';
import { bashScript } from '../../../src/commands/completion/bash.js';
import { fishScript } from '../../../src/commands/completion/fish.js';
import { describeCommand, type CommandSpec } from '../../../src/commands/completion/spec.js';
import { zshScript } from '../../../src/commands/completion/zsh.js';
import { MODEL_CATALOGUE } from '../../../src/emulator/models.js';
import { requireTools } from '../../helpers/tools.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Without zsh or fish, only that shell's script content is checked (a failure under GEMTOKEN_REQUIRE_TOOLS=1).
const NO_ZSH = requireTools(['zsh'], 'apt-get install zsh');
const NO_FISH = requireTools(['fish'], 'apt-get install fish');

let files = 0;
function save(text: string): string {
  const file = path.join(dir, `script-${files++}`);
  writeFileSync(file, text);
  return file;
}

/** Runs the bash completion function the way bash does for `words` with the cursor on word `cword`. */
function bashComplete(script: string, words: readonly string[], cword = words.length - 1): string[] {
  const out = execFileSync(
    'bash',
    [
      '-c',
      'source "$1"; COMP_CWORD=$2; shift 2; COMP_WORDS=("$@"); _gemtoken; printf "%s\\n" "${COMPREPLY[@]}"',
      '_',
      save(script),
      String(cword),
      ...words,
    ],
    { encoding: 'utf8' },
  );
  return out.split('\n').filter(Boolean);
}

/**
 * zsh's own completion engine: an interactive zsh in a pseudo-terminal (zpty) with the script in
 * $fpath types `line` + TAB; a compadd wrapper prints each match, a post-function marks the end.
 */
const ZSH_CAPTURE = `
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT=''; fpath=($1 \\$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' insert-tab false"
zpty -w z 'compadd() { if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "$@"; return; fi; typeset -a __hits; builtin compadd -A __hits "$@"; local h; for h in $__hits; do print -r -- "HI""T:$h"; done }'
zpty -w z 'comppostfuncs=( _capture_done ); _capture_done() { print -r -- "COMP""DONE" }'
zpty -w z "bindkey '^I' complete-word"
zpty -w -n z "$2"$'\\t'
zpty -r z out '*COMPDONE*'
print -r -- $out | tr -d '\\r' | grep -ao 'HIT:.*' | sed 's/^HIT://'
zpty -d z
`;

function zshComplete(script: string, line: string): string[] {
  const fpath = mkdtempSync(path.join(dir, 'fpath-'));
  writeFileSync(path.join(fpath, '_gemtoken'), script);
  const out = execFileSync('zsh', ['-f', save(ZSH_CAPTURE), fpath, line], { encoding: 'utf8', timeout: 20_000 });
  return out.split('\n').filter(Boolean);
}

/** fish's own completion engine on a command line. */
function fishComplete(script: string, line: string): string[] {
  const out = execFileSync('fish', ['-c', 'source $argv[1]; complete -C $argv[2]', save(script), line], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.split('\t')[0]!);
}

const gemtoken = describeCommand(buildProgram(async () => undefined));

/** A program with every awkward case: quotes, brackets, colons, choices, hidden flags. */
function oddProgram(): CommandSpec {
  const program = new Command('gemtoken').option('--verbose', 'it\'s [odd]: "x" $HOME `id` \\n');
  program.addCommand(
    new Command('mint')
      .description("mint: it's a [token]")
      .option('-u, --uses <n>', 'uses; 0 = unlimited [default 1]')
      .addOption(new Option('-o, --output <format>', 'format').choices(['json', 'name', 'env']))
      .addOption(new Option('--secret-flag').hideHelp())
      .option('--dry-run', 'print only'),
  );
  program.addCommand(
    new Command('completion')
      .description('scripts')
      .addArgument(new Argument('<shell>').choices(['bash', 'zsh', 'fish'])),
  );
  return describeCommand(program);
}

describe('gemtoken completion <shell>', () => {
  it.each([
    ['bash', bashScript],
    ['zsh', zshScript],
    ['fish', fishScript],
  ] as const)('%s: prints the script of the program that runs it', async (shell, script) => {
    let printed = '';
    const ctx = { stdout: { write: (text: string) => (printed += text) } } as unknown as Context;
    const codes: (number | void)[] = [];
    const program = buildProgram(async (action) => void codes.push(await action(ctx)));
    await program.parseAsync(['completion', shell], { from: 'user' });
    expect(codes).toEqual([0]);
    expect(printed).toBe(script(gemtoken));
  });
});

describe('describeCommand', () => {
  it('walks the real program: every command, with its flags, hidden ones left out', () => {
    expect(gemtoken.name).toBe('gemtoken');
    // `demo` too (what `npm run demo` runs); commander's implicit `help` comes last.
    expect(gemtoken.subcommands.map((c) => c.name)).toEqual([
      'mint',
      'talk',
      'serve',
      'emulator',
      'conformance',
      'doctor',
      'devices',
      'completion',
      'demo',
      'help',
    ]);
    const mint = gemtoken.subcommands.find((c) => c.name === 'mint')!;
    expect(mint.options).toContainEqual({
      short: '-u',
      long: '--uses',
      takesValue: true,
      valueName: 'n',
      description: expect.any(String),
    });
    // serve's limits: --trust-proxy takes an address or a range, never a file.
    const serve = gemtoken.subcommands.find((c) => c.name === 'serve')!;
    expect(serve.options).toContainEqual({
      long: '--trust-proxy',
      takesValue: true,
      valueName: 'address',
      description: expect.stringContaining('X-Forwarded-For'),
    });
    const doctor = gemtoken.subcommands.find((c) => c.name === 'doctor')!;
    expect(doctor.options.map((o) => o.long)).toEqual(expect.arrayContaining(['--online', '--json']));
    expect(doctor.options.map((o) => o.long)).not.toContain('--probe-playback');
    expect(gemtoken.subcommands.find((c) => c.name === 'completion')!.arguments).toEqual([
      { name: 'shell', choices: ['bash', 'zsh', 'fish'] },
    ]);
    expect(gemtoken.subcommands.find((c) => c.name === 'help')!.arguments[0]!.choices).toContain('mint');
  });

  it('keeps choices and drops hidden options', () => {
    const mint = oddProgram().subcommands.find((c) => c.name === 'mint')!;
    expect(mint.options.find((o) => o.long === '--output')).toMatchObject({
      takesValue: true,
      choices: ['json', 'name', 'env'],
    });
    expect(mint.options.find((o) => o.long === '--dry-run')).toMatchObject({ takesValue: false });
    expect(mint.options.some((o) => o.long === '--secret-flag')).toBe(false);
  });
});

describe('bash', () => {
  const script = bashScript(gemtoken);
  it('is valid bash', () => {
    expect(spawnSync('bash', ['-n', save(script)]).status).toBe(0);
    expect(spawnSync('bash', ['-n', save(bashScript(oddProgram()))]).status).toBe(0);
  });

  it.each([
    [['gemtoken', 'm'], ['mint']],
    [['gemtoken', 'mint', '--u'], ['--uses']],
    [
      ['gemtoken', 'd'],
      ['doctor', 'devices', 'demo'],
    ],
    [['gemtoken', 'dem'], ['demo']],
    [['gemtoken', '--verbose', 'em'], ['emulator']],
    [
      ['gemtoken', '--ver'],
      ['--version', '--verbose'],
    ],
    [['gemtoken', 'doctor', '--o'], ['--online']],
    [
      ['gemtoken', 'completion', ''],
      ['bash', 'zsh', 'fish'],
    ],
    [['gemtoken', 'completion', 'f'], ['fish']],
    [['gemtoken', 'help', 'mi'], ['mint']],
    [['gemtoken', 'mint', '--uses', ''], []],
    [['gemtoken', 'zzz'], []],
  ])('%j → %j', (words, expected) => {
    expect(bashComplete(script, words)).toEqual(expected);
  });

  it('completes a value option from its choices, with awkward help texts around', () => {
    const odd = bashScript(oddProgram());
    expect(bashComplete(odd, ['gemtoken', 'mint', '-o', 'j'])).toEqual(['json']);
    expect(bashComplete(odd, ['gemtoken', 'mint', '--output', ''])).toEqual(['json', 'name', 'env']);
    expect(bashComplete(odd, ['gemtoken', 'mint', '--'])).toEqual(['--uses', '--output', '--dry-run', '--help']);
  });
});

describe('zsh', () => {
  const script = zshScript(gemtoken);
  it('declares the commands and _arguments specs', () => {
    expect(script.startsWith('#compdef gemtoken\n')).toBe(true);
    expect(script).toMatch(/^ {4}'mint:mint a Gemini Live API ephemeral token from an API key'$/m);
    expect(script).toMatch(
      /^ {4}'\(-u --uses\)'\{-u,--uses\}'\[sessions the token may start; 0 = unlimited \(default 1\)\]:n: ' \\$/m,
    );
    expect(script).toMatch(/^ {4}'--transcript=\[[^\]]*\]:file\.jsonl:_files' \\$/m);
    expect(script).toMatch(/^ {4}'1:shell:\(bash zsh fish\)'$/m);
    expect(zshScript(oddProgram())).toContain(`'--verbose[it'\\''s \\[odd\\]\\: "x" $HOME \`id\` \\\\n]'`);
  });

  it.skipIf(NO_ZSH)('is valid zsh and registers _gemtoken for gemtoken after compinit', () => {
    for (const text of [script, zshScript(oddProgram())]) expect(spawnSync('zsh', ['-n', save(text)]).status).toBe(0);
    const out = execFileSync(
      'zsh',
      [
        '-f',
        '-c',
        'autoload -Uz compinit && compinit -u -D && source $1 && print -r -- $_comps[gemtoken]',
        '_',
        save(script),
      ],
      { encoding: 'utf8' },
    );
    expect(out.trim()).toBe('_gemtoken');
  });

  it.skipIf(NO_ZSH)('zsh completes from it (autoloaded from $fpath)', () => {
    expect(zshComplete(script, 'gemtoken m')).toEqual(['mint']);
    expect(zshComplete(script, 'gemtoken mint --u')).toEqual(['--uses']);
    expect(zshComplete(script, 'gemtoken completion ')).toEqual(['bash', 'zsh', 'fish']);
    expect(zshComplete(script, 'gemtoken dem')).toEqual(['demo']);
    expect(zshComplete(zshScript(oddProgram()), 'gemtoken mint --output ')).toEqual(['json', 'name', 'env']);
  });
});

describe('fish', () => {
  const script = fishScript(gemtoken);
  it('declares commands and options per subcommand', () => {
    expect(script).toMatch(
      /^complete -c gemtoken -n 'not __fish_seen_subcommand_from [^']*' -a 'mint' -d 'mint a Gemini Live API ephemeral token from an API key'$/m,
    );
    expect(script).toMatch(/^complete -c gemtoken -n '__fish_seen_subcommand_from mint' -s u -l uses -x -d '[^']+'$/m);
    expect(script).toMatch(
      /^complete -c gemtoken -n '__fish_seen_subcommand_from talk' -l transcript -r -F -d '[^']+'$/m,
    );
    expect(script).toMatch(/^complete -c gemtoken -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'$/m);
  });

  it.skipIf(NO_FISH)('is valid fish and fish completes from it', () => {
    for (const text of [script, fishScript(oddProgram())]) expect(spawnSync('fish', ['-n', save(text)]).status).toBe(0);
    expect(fishComplete(script, 'gemtoken m')).toEqual(['mint']);
    expect(fishComplete(script, 'gemtoken mint --u')).toEqual(['--uses']);
    expect(fishComplete(script, 'gemtoken completion ').sort()).toEqual(['bash', 'fish', 'zsh']);
    expect(fishComplete(script, 'gemtoken dem')).toEqual(['demo']);
    expect(fishComplete(fishScript(oddProgram()), 'gemtoken mint --output ').sort()).toEqual(['env', 'json', 'name']);
  });
});

/**
 * Option values: fixed sets come from the validators' own constants, and the
 * device options list this machine's devices through `gemtoken devices --names KIND`, here a stub on
 * PATH (names with colons and equals signs, as ALSA's are).
 */
describe('option values, in every shell', () => {
  const stubDir = mkdtempSync(path.join(dir, 'stub-'));
  writeFileSync(
    path.join(stubDir, 'gemtoken'),
    '#!/bin/sh\n[ "$1 $2" = "devices --names" ] || exit 3\nif [ "$3" = capture ]; then printf "default\\nmic1\\n"; else printf "default\\nspk1\\n"; fi\n',
    { mode: 0o755 },
  );
  const PATH = `${stubDir}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  const withStub = <T>(run: () => T): T => {
    const saved = process.env.PATH;
    process.env.PATH = PATH;
    try {
      return run();
    } finally {
      process.env.PATH = saved;
    }
  };
  const MODELS = MODEL_CATALOGUE.map((model) => model.id);
  const VALUES: ReadonlyArray<readonly [string, string, string[]]> = [
    ['mint', '--output', ['json', 'name', 'env', 'github']],
    ['mint', '--modality', ['audio', 'text']],
    ['mint', '--api-version', ['v1alpha', 'v1beta', 'v1']],
    ['talk', '--modality', ['audio', 'text']],
    ['talk', '--api-version', ['v1alpha', 'v1beta', 'v1']],
    ['talk', '--echo', ['headphones', 'half-duplex']],
    ['serve', '--modality', ['audio', 'text']],
    ['emulator', '--log', ['text', 'json']],
    ['emulator', '--profile', ['observed', 'documented']],
    // The known Live models, the same list in every shell (any other name is still accepted).
    ['talk', '--model', MODELS],
    ['mint', '--model', MODELS],
    ['serve', '--model', MODELS],
    ['talk', '--input-device', ['default', 'mic1']],
    ['talk', '--output-device', ['default', 'spk1']],
  ];
  const sorted = (list: string[]): string[] => [...list].sort();

  it('the spec carries each set (and talk --output stays a file)', () => {
    const option = (cmd: string, long: string) =>
      gemtoken.subcommands.find((c) => c.name === cmd)!.options.find((o) => o.long === long)!;
    for (const [cmd, long, values] of VALUES.filter(([, long]) => !long.endsWith('-device')))
      expect(sorted([...option(cmd, long).choices!]), `${cmd} ${long}`).toEqual(sorted(values));
    expect(option('talk', '--input-device').devices).toBe('capture');
    expect(option('talk', '--output-device').devices).toBe('playback');
    expect(option('talk', '--output').choices).toBeUndefined();
  });

  // Run from the repository root: README.md is a file that a file completion would offer.
  it('a value that is not a file name (a number, a URL) offers no files; a path still does', () => {
    // bash: `compopt +o default` turns off the `complete -o default` file fallback for this word only.
    expect(bashScript(gemtoken)).toMatch(
      /^ {8}-u\|--uses\) compopt \+o default 2>\/dev\/null; COMPREPLY=\(\); return 0 ;;$/m,
    );
    expect(bashScript(gemtoken)).toMatch(/^ {8}--transcript\) COMPREPLY=\(\); return 0 ;;$/m);
    if (!NO_FISH) {
      expect(fishComplete(fishScript(gemtoken), 'gemtoken mint --uses ')).toEqual([]);
      expect(fishComplete(fishScript(gemtoken), 'gemtoken mint --base-url ')).toEqual([]);
      expect(fishComplete(fishScript(gemtoken), 'gemtoken talk --transcript READ')).toContain('README.md');
    }
    if (!NO_ZSH) {
      expect(zshComplete(zshScript(gemtoken), 'gemtoken mint --uses ')).toEqual([]);
      expect(zshComplete(zshScript(gemtoken), 'gemtoken talk --transcript READ')).toContain('README.md');
    }
  });

  it.each(VALUES)('bash: %s %s <Tab>', (cmd, long, values) => {
    expect(sorted(withStub(() => bashComplete(bashScript(gemtoken), ['gemtoken', cmd, long, ''])))).toEqual(
      sorted(values),
    );
  });

  it.skipIf(NO_ZSH).each(VALUES)('zsh: %s %s <Tab>', (cmd, long, values) => {
    expect(sorted(withStub(() => zshComplete(zshScript(gemtoken), `gemtoken ${cmd} ${long} `)))).toEqual(
      sorted(values),
    );
  });

  it.skipIf(NO_FISH).each(VALUES)('fish: %s %s <Tab>', (cmd, long, values) => {
    expect(sorted(withStub(() => fishComplete(fishScript(gemtoken), `gemtoken ${cmd} ${long} `)))).toEqual(
      sorted(values),
    );
  });
});

/** --pass-env takes a variable's name: every shell offers its exported variables. */
describe('--pass-env NAME, in every shell', () => {
  const NAME = 'GEMTOKEN_PASS_ENV_COMPLETION_TEST';
  const withVariable = <T>(run: () => T): T => {
    process.env[NAME] = '1';
    try {
      return run();
    } finally {
      delete process.env[NAME];
    }
  };
  it.each(['talk', 'doctor', 'devices'])('%s: the spec marks it; bash offers the exported names', (cmd) => {
    expect(
      gemtoken.subcommands.find((c) => c.name === cmd)!.options.find((o) => o.long === '--pass-env'),
    ).toMatchObject({ takesValue: true, variables: true });
    expect(
      withVariable(() => bashComplete(bashScript(gemtoken), ['gemtoken', cmd, '--pass-env', 'GEMTOKEN_PASS_ENV_'])),
    ).toEqual([NAME]);
  });

  it.skipIf(NO_ZSH)('zsh offers the exported names', () => {
    expect(withVariable(() => zshComplete(zshScript(gemtoken), 'gemtoken talk --pass-env GEMTOKEN_PASS_ENV_'))).toEqual(
      [NAME],
    );
  });

  it.skipIf(NO_FISH)('fish offers the exported names', () => {
    expect(
      withVariable(() => fishComplete(fishScript(gemtoken), 'gemtoken talk --pass-env GEMTOKEN_PASS_ENV_')),
    ).toEqual([NAME]);
  });
});
