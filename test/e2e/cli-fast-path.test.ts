// The built binary answers --help and --version without commander (src/cli-fast-path.ts, help text
// rendered at build time): the answers must stay exactly what commander says.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { ROOT, runCli } from '../helpers/cli.js';

/** What commander prints for `gemtoken --help` into a pipe (80 columns). */
function commanderHelp(): string {
  const program = buildProgram(async () => undefined);
  let text = '';
  // outputHelp, not helpInformation: the text after the option list (Examples) is part of it.
  program.configureOutput({ getOutHelpWidth: () => 80, writeOut: (chunk) => void (text += chunk) });
  program.outputHelp();
  return text;
}

describe('start-up fast path', () => {
  it.each(['--help', '-h'])('%s prints commander’s help, exit 0', async (flag) => {
    const result = await runCli([flag]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(commanderHelp());
  });

  it.each(['--version', '-V'])('%s prints the package version, exit 0', async (flag) => {
    const result = await runCli([flag]);
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('leaves anything else to commander', async () => {
    const help = await runCli(['mint', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: gemtoken mint \[options\]/);
    const bad = await runCli(['--versionx']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^gemtoken: unknown option '--versionx'/);
  });
});
