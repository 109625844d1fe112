// "Every code block in README.md and docs/*.md runs verbatim in a test" (the project standard), and
// the data blocks match what the program really prints. Each ```sh block runs as ONE bash script in a
// sandbox (test/helpers/readme-script.ts): cwd a fresh, empty folder (a block makes the files it
// uses, as a reader would), `gemtoken` on PATH as the built binary, HOME an ALSA file-plugin sandbox
// whose microphone speaks the demo's question, and (unless the block starts its own) an emulator
// behind GEMTOKEN_BASE_URL and GEMINI_API_KEY. A `talk` that listens until Ctrl-C gets Ctrl-C once
// the model's reply is printed. Lines not run here: test/helpers/doc-exemptions.ts.
// Needs `npm run build` first (this test does not rebuild: other e2e tests share dist/).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { questionPcm } from '../../src/commands/demo/question-audio.js';
import { alsaAvailable, createAlsaSandbox, type AlsaSandbox } from '../helpers/alsa.js';
import { BIN, ROOT, runCli, scrubbedEnv } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { expectNoProcessLeft } from '../helpers/processes.js';
import { NOT_RUN_HERE, exemption, runElsewhere, staleRunElsewhere } from '../helpers/doc-exemptions.js';
import {
  FENCE_LANGUAGES,
  commandLines,
  docBlocks,
  isInteractiveTalk,
  startsOwnEmulator,
  type Block,
} from '../helpers/readme-blocks.js';
import { checkActionsBlock, checkJsonBlock, checkLibraryBlock, checkTestingBlock } from '../helpers/readme-checks.js';
import { loadScenario } from '../../src/emulator/scenario/load.js';
import { parseScenario } from '../../src/emulator/scenario/schema.js';
import { runBlock, type BlockRun, type LineResult, type ScriptLine } from '../helpers/readme-script.js';
import { requireTools } from '../helpers/tools.js';

const LINE_TIMEOUT_MS = 60_000;
const skip = alsaAvailable() ?? requireTools(['jq'], 'the docs pipe mint into jq: apt-get install jq');
const NO_SHELLS = requireTools(
  ['zsh', 'fish'],
  'the README installs zsh and fish completion: apt-get install zsh fish',
);
const NO_FFMPEG = requireTools(['ffmpeg'], 'the recipes stream audio through ffmpeg: apt-get install ffmpeg');
const blocks = docBlocks();
// Blocks a test of their own runs verbatim (a web runtime's server) are only checked for their fence here.
const ours = blocks.filter((b) => runElsewhere(b) === undefined);
const shBlocks = ours.filter((b) => b.lang === 'sh');
const where = (block: Block): string => `${block.file}:${block.line}`;

describe('README.md and docs/*.md fences', () => {
  it('are sh (run), json/yaml/ts (checked) or text (not a command)', () => {
    const unknown = blocks
      .filter((b) => !(FENCE_LANGUAGES as readonly string[]).includes(b.lang))
      .map((b) => `${where(b)} \`\`\`${b.lang}`);
    expect(unknown, 'mark each block as sh, json, yaml, ts or text').toEqual([]);
  });

  it('every exemption still matches a line of its page (no stale entries)', () => {
    const commands = new Set(shBlocks.flatMap((b) => commandLines(b).map((l) => `${b.file}\0${l.command}`)));
    const stale = Object.entries(NOT_RUN_HERE).flatMap(([file, entries]) =>
      Object.keys(entries)
        .filter((command) => !commands.has(`${file}\0${command}`))
        .map((command) => `${file}: ${command}`),
    );
    expect(stale).toEqual([]);
    expect(staleRunElsewhere(blocks)).toEqual([]);
  });

  it('a server started in the background sends its log to a file, so it never writes over talk', () => {
    const noisy = shBlocks.flatMap((b) =>
      commandLines(b)
        .filter((l) => /gemtoken(\.js)?\s+(emulator|serve)\b.*&$/.test(l.command) && !/\s2>\s*\S/.test(l.command))
        .map((l) => `${b.file}:${l.line} ${l.command}`),
    );
    expect(noisy).toEqual([]);
  });

  it('a usage synopsis (```text `gemtoken CMD [...]`) names only flags CMD --help lists', async () => {
    const synopses = blocks.filter((b) => b.lang === 'text' && /^gemtoken \w+ /.test(b.body));
    expect(synopses.length).toBeGreaterThan(0);
    for (const block of synopses) {
      const command = /^gemtoken (\w+)/.exec(block.body)![1]!;
      const help = await runCli([command, '--help']);
      const unknown = [...new Set(block.body.match(/--[a-z][a-z-]*/g))].filter(
        (flag) => !new RegExp(`${flag}\\b`).test(help.stdout),
      );
      expect(unknown, `${where(block)}: flags missing from gemtoken ${command} --help`).toEqual([]);
    }
  });

  it('are read as the shell reads them: comments, quotes, continuations, which talk waits for Ctrl-C', () => {
    const body = [
      '# a note',
      'echo "a # b" x # c',
      'gemtoken talk --token "$T" \\',
      '  --echo headphones',
      '',
      'gemtoken mint | gemtoken talk --token - --once',
    ].join('\n');
    const lines = commandLines({ file: 'README.md', lang: 'sh', line: 10, body });
    expect(lines.map((l) => [l.line, l.command])).toEqual([
      [12, 'echo "a # b" x'],
      [13, 'gemtoken talk --token "$T" \\\n  --echo headphones'],
      [16, 'gemtoken mint | gemtoken talk --token - --once'],
    ]);
    expect(lines.map((l) => isInteractiveTalk(l.command))).toEqual([false, true, false]);
    expect(isInteractiveTalk('node bin/gemtoken.js talk')).toBe(true);
    expect(
      startsOwnEmulator(
        commandLines({
          file: 'README.md',
          lang: 'sh',
          line: 1,
          body: 'node bin/gemtoken.js emulator > "$EMU" &   # ready line',
        }),
      ),
    ).toBe(true);
  });
});

describe.skipIf(skip !== undefined)('README.md and docs/*.md run verbatim', () => {
  let work: string;
  let box: AlsaSandbox;
  let emu: EmulatorHandle;
  let wrapperDir: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'gemtoken-readme-'));
    // The microphone says the demo's question once, then silence (the file plugin's behaviour).
    box = createAlsaSandbox(questionPcm());
    wrapperDir = path.join(work, 'bin');
    mkdirSync(wrapperDir);
    writeFileSync(
      path.join(wrapperDir, 'gemtoken'),
      `#!/usr/bin/env bash\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`,
    );
    chmodSync(path.join(wrapperDir, 'gemtoken'), 0o755);
    mkdirSync(path.join(work, 'tmp'));
    emu = await spawnEmulator();
  });
  afterAll(async () => {
    await emu?.stop();
    box?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /**
   * A fresh cwd per block, holding only `bin/` as in a checkout (`node bin/gemtoken.js`): every file
   * a block uses (question.wav, key.txt, session.json, …) it makes itself, as a reader would.
   */
  function sandboxDir(name: string): string {
    const dir = path.join(work, name.replace(/[^A-Za-z0-9.-]+/g, '-'));
    mkdirSync(path.join(dir, '.run'), { recursive: true });
    symlinkSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'));
    return dir;
  }

  function blockEnv(ownEmulator: boolean): Record<string, string> {
    const service = ownEmulator ? {} : { GEMTOKEN_BASE_URL: emu.baseUrl, GEMINI_API_KEY: emu.apiKeys[0]! };
    return scrubbedEnv({
      HOME: box.home,
      PATH: `${wrapperDir}:${box.binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      TMPDIR: path.join(work, 'tmp'),
      ...service,
    });
  }

  it.for(shBlocks.map((b) => [where(b), b] as const))(
    '%s: every line exits 0 (an interactive talk: 130 after a reply)',
    { timeout: 300_000 },
    async ([name, block], context) => {
      if (NO_FFMPEG !== undefined && /\bffmpeg\b/.test(block.body)) context.skip(NO_FFMPEG);
      const lines = commandLines(block);
      const script: ScriptLine[] = lines.map((line) => ({
        line,
        mode: exemption(block.file, line.command) ? 'exempt' : isInteractiveTalk(line.command) ? 'interactive' : 'run',
      }));
      const cwd = sandboxDir(name);
      const run = await runBlock(script, {
        cwd,
        env: blockEnv(startsOwnEmulator(lines)),
        dir: path.join(cwd, '.run'),
        lineTimeoutMs: LINE_TIMEOUT_MS,
        ready: (stdout) => /^gemini: .+\n/m.test(stdout),
      });
      for (const line of run.lines) expectLine(run, line, block.file);
      expect(run.code, explain(run, `${name}: the script`)).toBe(0);
      const output = run.lines.map((l) => l.stdout + l.stderr).join('');
      expect(output).not.toContain(emu.apiKeys[0]);
      expect(output).not.toMatch(/emu-[A-Za-z0-9_-]{16,}/);
      expect(output, 'a stack trace').not.toMatch(/^\s+at .+[:(]/m);
      await expectNoProcessLeft(box.home);
    },
  );

  // The completion lines, run verbatim into a HOME of their own, must leave a NEW shell of each kind
  // completing gemtoken (once broken: on a fresh zsh `compdef` was not found; fish's folder did not exist).
  it.skipIf(NO_SHELLS !== undefined)(
    'the completion lines leave a fresh bash, zsh and fish completing gemtoken',
    async () => {
      const block = shBlocks.find((b) => /completion zsh/.test(b.body));
      expect(block, 'a block installs the zsh completion').toBeDefined();
      const lines = commandLines(block!).filter((l) => /\bcompletion (bash|zsh|fish)\b/.test(l.command));
      expect(lines.map((l) => /\bcompletion (\w+)/.exec(l.command)![1])).toEqual(['bash', 'zsh', 'fish']);
      const home = mkdtempSync(path.join(work, 'fresh-home-'));
      const cwd = sandboxDir('completion-fresh');
      const env: Record<string, string> = { ...blockEnv(false), HOME: home };
      const run = await runBlock(
        lines.map((line) => ({ line, mode: 'run' as const })),
        { cwd, env, dir: path.join(cwd, '.run'), lineTimeoutMs: LINE_TIMEOUT_MS, ready: () => false },
      );
      for (const line of run.lines) expectLine(run, line, block!.file);
      expect(run.code, explain(run, 'the completion lines')).toBe(0);
      // Only what a new login would have: HOME, PATH (gemtoken on it), no XDG overrides.
      const shellEnv = { HOME: home, PATH: env.PATH!, TERM: 'dumb', LANG: 'C.UTF-8' };
      const shell = (program: string, args: string[]) =>
        spawnSync(program, args, { cwd: home, env: shellEnv, encoding: 'utf8', timeout: 30_000 });
      const bash = shell('bash', ['-i', '-c', 'complete -p gemtoken']);
      expect(bash.stdout.trim(), bash.stderr).toBe('complete -o default -F _gemtoken gemtoken');
      const zsh = shell('zsh', ['-i', '-c', 'print -r -- "$_comps[gemtoken]"']);
      expect(zsh.stderr, 'zsh startup errors').not.toMatch(/command not found|compdef/);
      expect(zsh.stdout.trim(), zsh.stderr).toBe('_gemtoken');
      const fish = shell('fish', ['-c', "complete -C 'gemtoken '; complete -C 'gemtoken mint --output '"]);
      const words = fish.stdout.split('\n').map((entry) => entry.split('\t')[0]);
      expect(words, fish.stderr).toEqual(expect.arrayContaining(['mint', 'talk', 'github', 'json']));
    },
    120_000,
  );

  function expectLine(run: BlockRun, result: LineResult, file: string): void {
    if (result.mode === 'exempt') return;
    const name = explain(run, `${file}:${result.line.line} \`${result.line.text}\``, result);
    expect(result.started, name).toBe(true);
    if (result.mode === 'run') return expect(result.status, name).toBe(0);
    expect(result.interrupted, `${name}: no reply turn was printed`).toBe(true);
    expect(result.status, name).toBe(130);
    expect(result.stdout, name).toMatch(/^gemini: .+$/m);
    expect(result.stderr, name).toMatch(/^gemtoken: interrupted$/m);
  }

  it('the mint JSON example has the keys, order and value shapes of a real mint reply', async () => {
    await checkJsonBlock(onlyBlock('json'), (args) =>
      runCli(args, { env: { GEMTOKEN_BASE_URL: emu.baseUrl, GEMINI_API_KEY: emu.apiKeys[0]! } }),
    );
  });

  it('the GitHub Actions step writes the outputs the next step reads', async () => {
    await checkActionsBlock(
      onlyBlock('yaml', (b) => !b.body.includes('turns:')),
      { baseUrl: emu.baseUrl, apiKey: emu.apiKeys[0]!, dir: sandboxDir('actions'), env: blockEnv(true) },
    );
  });

  it('the library example runs as an ES module against the built package', async () => {
    await checkLibraryBlock(
      onlyBlock('ts', (b) => !b.body.includes('gemtoken/testing')),
      { dir: sandboxDir('library'), env: blockEnv(true) },
    );
    await expectNoProcessLeft(box.home);
  });

  it('the gemtoken/testing example passes under vitest against the built package', async () => {
    await checkTestingBlock(
      onlyBlock('ts', (b) => b.body.includes('gemtoken/testing')),
      { dir: sandboxDir('testing'), env: blockEnv(true) },
    );
    await expectNoProcessLeft(box.home);
  });

  it('the scenario example is a valid --scenario file, the same in JSON and in YAML', async () => {
    const block = onlyBlock('text', (b) => b.body.includes('"turns"'));
    const json = parseScenario(JSON.parse(block.body), 'README');
    expect(json.turns).toHaveLength(3);
    const yaml = onlyBlock('yaml', (b) => b.body.includes('turns:'));
    const file = path.join(work, 'readme-scenario.yaml');
    writeFileSync(file, yaml.body);
    expect({ ...(await loadScenario(file)), name: 'README' }).toEqual(json);
  });
});

function onlyBlock(lang: string, which: (b: Block) => boolean = () => true): Block {
  const found = ours.filter((b) => b.lang === lang && which(b));
  expect(found.map(where), `one \`\`\`${lang} block`).toHaveLength(1);
  return found[0]!;
}

/** Names the documentation line, how it ended, and its stderr (or bash's, for a syntax error). */
function explain(
  run: BlockRun,
  what: string,
  line: LineResult | undefined = run.lines.find((l) => l.started && l.status === undefined),
): string {
  const timedOut = run.timedOut && run.timedOut === line ? ` (ran over ${LINE_TIMEOUT_MS / 1000} s)` : '';
  const status = line
    ? ` ended with ${line.status ?? `no status (script exit ${run.code})`}${timedOut}`
    : ` (script exit ${run.code})`;
  const stderr = line?.stderr || run.shellStderr;
  return `${what}${status}\n--- stderr ---\n${stderr}\n--- stdout ---\n${line?.stdout ?? ''}`;
}
