// Help that reads like gh's, built binary: options and the prose after them wrapped to the terminal
// (80 columns into a pipe, the terminal's width at one) with no line wider and no word cut, Examples
// where a person looks first, `demo` listed, --verbose on every command, and a hint line after every
// usage failure.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, hasStackTrace, runCli, scrubbedEnv } from '../helpers/cli.js';
import { requirePty } from '../helpers/tools.js';

const COMMANDS = ['mint', 'talk', 'serve', 'emulator', 'conformance', 'doctor', 'devices', 'completion', 'demo'];

/** Words of the help's prose: a word cut in two by a hard wrap would show up as two unknown halves. */
function prose(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/**
 * The words a person reads, in order: wrapping adds only line breaks, a ` \\` to an example command
 * (it pastes as one) and a `#` to a comment's next line.
 */
const words = (text: string): string[] =>
  text
    .replace(/ \\\n/g, '\n')
    .split(/\s+/)
    .filter((word) => word !== '' && word !== '#');
const tooWide = (text: string, width: number): string[] => text.split('\n').filter((line) => [...line].length > width);

/** `gemtoken <args>` at a pseudo-terminal `columns` wide; resolves with what the terminal showed. */
function atTerminal(args: string[], columns: number): Promise<string> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qefc', `stty cols ${columns} rows 40; exec ${command}`, '/dev/null'], {
    env: scrubbedEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`timed out: ${out}`))), 20_000);
    child.on('close', () => (clearTimeout(timer), resolve(out.replace(/\r\n/g, '\n'))));
  });
}

describe('help text', () => {
  it.each(['', ...COMMANDS])('`%s --help` into a pipe: no line wider than 80 columns', async (command) => {
    const result = await runCli([...(command ? [command] : []), '--help']);
    expect(result.code).toBe(0);
    expect(tooWide(result.stdout, 80)).toEqual([]);
  });

  // The width reaches commander from the terminal itself (stdout's columns), as a person meets it.
  it.skipIf(requirePty()).each(['', ...COMMANDS])(
    '`%s --help` at a 40-, 80- and 120-column terminal: no line wider, the words of the piped help',
    async (command) => {
      const args = [...(command ? [command] : []), '--help'];
      const piped = words((await runCli(args)).stdout);
      for (const columns of [40, 80, 120]) {
        const shown = await atTerminal(args, columns);
        expect(tooWide(shown, columns), `at ${columns} columns`).toEqual([]);
        expect(words(shown), `at ${columns} columns`).toEqual(piped);
      }
    },
    60_000,
  );

  it.each(['', 'mint', 'talk', 'emulator'])('`%s --help` has an Examples section of real commands', async (command) => {
    const result = await runCli([...(command ? [command] : []), '--help']);
    const examples = result.stdout.split('\nExamples:\n')[1];
    expect(examples, result.stdout).toBeDefined();
    const lines = examples!
      .split('\n\n')[0]!
      .split('\n')
      .filter((line) => !line.trim().startsWith('#'));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(/^ {2}(gemtoken|TOKEN=\$\(gemtoken) /);
  });

  it('lists demo in gemtoken --help', async () => {
    const result = await runCli(['--help']);
    expect(result.stdout).toMatch(/\n {2}demo \[options\] +a keyless end-to-end demo/);
  });

  it.skipIf(requirePty())('wraps to a 60-column terminal without breaking a word', async () => {
    const shown = await atTerminal(['mint', '--help'], 60);
    // Ours is the text after the option list (commander lays out the options, and stops wrapping them this narrow).
    const after = shown.slice(shown.indexOf('\n\n', shown.indexOf('Options:')));
    const lines = after.trimEnd().split('\n');
    for (const line of lines)
      if ([...line].length > 60) expect(line.trim().split(/\s+/).length, line).toBeLessThanOrEqual(2);
    // The sentences a hard wrap at ~100 columns used to cut: intact, and the wrap is the terminal's.
    expect(prose(shown)).toContain(
      'Exit codes: 0 ok, 2 bad input or no key, 3 key rejected, 4 request rejected or quota, 5 network/service unavailable after retries, 130 interrupted.',
    );
    expect(lines.some((line) => [...line].length > 50)).toBe(true);
    expect(shown).toContain('\nExit codes: 0 ok, 2 bad input or no key, 3 key rejected, 4\n');
  });
});

describe('every command', () => {
  it.each(COMMANDS)('%s accepts --verbose after the command name', async (command) => {
    // An unknown option after --verbose: commander names the first one it does not know.
    const result = await runCli([command, '--verbose', '--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-flag'");
  });
});

describe('a usage failure is one line and a hint line', () => {
  it.each([
    [['mint', '--no-such-flag'], /^gemtoken: unknown option '--no-such-flag'$/, 'gemtoken mint'],
    [['mint', '--dry-run', '--uses', 'abc'], /^gemtoken: --uses 'abc' must be a whole number/, 'gemtoken mint'],
    [
      ['mint', '--dry-run', '--output', 'yaml'],
      /^gemtoken: --output 'yaml' is not one of json, name, env, github$/,
      'gemtoken mint',
    ],
    [['mint', 'extra'], /^gemtoken: too many arguments for 'mint'/, 'gemtoken mint'],
    [['completion', 'powershell'], /^gemtoken: .*'powershell' is invalid.*bash, zsh, fish/, 'gemtoken completion'],
    [['frobnicate'], /^gemtoken: unknown command 'frobnicate'$/, 'gemtoken'],
  ])('%j', async (args, message, path) => {
    const result = await runCli(args, { env: { GEMINI_API_KEY: 'AIzaFAKEKEYFORTESTS0000000000000000000' } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(hasStackTrace(result)).toBe(false);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines, result.stderr).toHaveLength(2);
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toBe(`hint: see '${path} --help'`);
  });
});
