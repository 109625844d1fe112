// `gemtoken mint --tools`: a token that locks function declarations, and a talk session on it that
// gets the model's calls (talk is given the same --tools: only declared functions run its handler). The emulator's key is the canary: it must
// reach no output, no file and no handler. Built binary against the spawned emulator.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';
import { expectOneLineFailure, requestCount, resetEmulator, storedToken } from './mint-helpers.js';
import { baseEnv, events } from './talk-helpers.js';

let emu: EmulatorHandle;
const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-mint-tools-'));
const DECLARATIONS = [
  {
    name: 'get_time',
    description: 'the current time',
    parameters: { type: 'object', properties: { tz: { type: 'string' } } },
  },
];

beforeAll(async () => {
  emu = await spawnEmulator(['--api-key', CANARY_KEY]);
  writeFileSync(path.join(dir, 'tools.json'), JSON.stringify(DECLARATIONS));
  writeFileSync(
    path.join(dir, 'handler.sh'),
    '#!/bin/sh\ncat > handler.stdin\nenv > handler.env\necho \'{"time":"09:30"}\'\n',
  );
  chmodSync(path.join(dir, 'handler.sh'), 0o755);
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(() => resetEmulator(emu));

const mint = (args: string[]) =>
  runCli(['mint', ...args], { env: baseEnv(emu, { GEMINI_API_KEY: CANARY_KEY }), cwd: dir });

describe('mint --tools', () => {
  it('locks the declarations (field mask "tools"); talk on that token answers the call, given the same --tools for its handler', async () => {
    const minted = await mint(['--model', 'gemini-3.8-live', '--tools', 'tools.json', '--lock-set-only']);
    expect(minted.stderr).toBe('');
    expect(minted.code).toBe(0);
    const record = JSON.parse(minted.stdout) as { name: string; locked: { mode: string; fields: string[] } };
    expect(record.locked).toEqual({ mode: 'fields', fields: expect.arrayContaining(['model', 'tools']) });
    const stored = await storedToken(emu, record.name);
    expect(stored.setup?.tools).toEqual([
      {
        functionDeclarations: [
          { ...DECLARATIONS[0], parameters: { type: 'OBJECT', properties: { tz: { type: 'STRING' } } } },
        ],
      },
    ]);
    expect(String(stored.fieldMask)).toMatch(/(^|,)tools(,|$)/);

    const talk = await runCli(
      [
        'talk',
        '--token',
        '-',
        '--text',
        'please call get_time {"tz":"UTC"}',
        '--tools',
        'tools.json',
        '--tool-command',
        './handler.sh',
        '--no-speaker',
        '--once',
        '--events',
      ],
      { env: baseEnv(emu), input: minted.stdout, cwd: dir, timeoutMs: 30_000 },
    );
    expect(talk.stderr).toBe('');
    expect(talk.code).toBe(0);
    const log = events(talk.stdout);
    expect(log.find((e) => e.type === 'toolCall')).toMatchObject({ name: 'get_time', args: { tz: 'UTC' } });
    expect(log.find((e) => e.type === 'turn')?.model).toContain('get_time returned {"time":"09:30"}');
    expect(JSON.parse(readFileSync(path.join(dir, 'handler.stdin'), 'utf8'))).toMatchObject({
      name: 'get_time',
      args: { tz: 'UTC' },
    });
    expectNoCanary({
      mintOut: minted.stdout,
      mintErr: minted.stderr,
      talkOut: talk.stdout,
      talkErr: talk.stderr,
      handlerEnv: readFileSync(path.join(dir, 'handler.env'), 'utf8'),
    });
  });

  it('--dry-run shows the tools in the request body with the mask, and sends nothing', async () => {
    const result = await mint([
      '--tools',
      '[{"name":"get_time","behavior":"NON_BLOCKING"}]',
      '--lock-set-only',
      '--dry-run',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      '"tools":[{"functionDeclarations":[{"name":"get_time","behavior":"NON_BLOCKING"}]}]',
    );
    expect(result.stdout).toContain('"fieldMask":"tools"');
    expect(await requestCount(emu)).toBe(0);
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });

  it.each([
    [['--tools', '[{"name":"get_time","paramters":{}}]'], /^gemtoken: --tools: unknown key "\[0\]\.paramters"/],
    [['--tools', '@nope.json'], /^gemtoken: --tools: no such file: nope\.json$/],
    [
      ['--tools', '{"functionDeclarations":[{"name":"a b"}]}'],
      /^gemtoken: --tools: "\[0\]\.functionDeclarations\[0\]\.name" must be a function name/,
    ],
  ])('bad %j: exit 2, one line, nothing sent', async (args, message) => {
    const result = await mint(args);
    expectOneLineFailure(result, 2, message);
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(hasStackTrace(result)).toBe(false);
    expect(await requestCount(emu)).toBe(0);
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });
});
