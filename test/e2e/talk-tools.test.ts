// Function calling end to end: the built `gemtoken talk` against the spawned emulator, whose
// model calls a declared function a user turn names. The handler is a real shell script; what it saw
// (stdin, environment) is kept in files and checked, as is what the emulator recorded per call.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, hasStackTrace, runCli, scrubbedEnv } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';
import { renderScreen } from '../helpers/screen.js';
import { requirePty } from '../helpers/tools.js';
import { requestCount } from './mint-helpers.js';
import { baseEnv, emulatorSessions, events, wavFixture, type Event } from './talk-helpers.js';

let emu: EmulatorHandle;
let key: string;
const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-talk-tools-'));

beforeAll(async () => {
  emu = await spawnEmulator();
  key = emu.apiKeys[0]!;
  writeFileSync(path.join(dir, 'tools.json'), JSON.stringify([{ name: 'get_time', description: 'the current time' }]));
});
afterAll(async () => {
  await emu.stop();
});

function script(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return `./${name}`;
}
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const TALK = ['--text', 'please call get_time', '--tools', 'tools.json', '--no-speaker', '--events'];
// GEMINI_API_KEY is the emulator's (talk mints with it); the canary rides in another secret-named
// variable. Neither may reach a handler, and the canary no output.
const env = () => baseEnv(emu, { GEMINI_API_KEY: key, ACME_API_KEY: CANARY_KEY });
const talk = (args: string[], timeoutMs = 30_000) =>
  runCli(['talk', ...TALK, ...args], { env: env(), cwd: dir, timeoutMs });
const ofType = (log: Event[], type: string) => log.filter((e) => e.type === type);
const modelSaid = (log: Event[]) =>
  ofType(log, 'turn')
    .map((t) => t.model)
    .join(' | ');
const lastCalls = async () =>
  ((await emulatorSessions(emu)) as unknown as { sessions: { toolCalls: Record<string, unknown>[] }[] }).sessions.at(
    -1,
  )!.toolCalls;

describe('talk --tools --tool-command against the emulator', () => {
  it("the issue's run: a toolCall event, the handler ran once with the call on stdin, the reply carries its output", async () => {
    const handler = script(
      'handler.sh',
      'cat >> handler.stdin; echo "$GEMTOKEN_TOOL_NAME" >> handler.names; env > handler.env; echo \'{"time":"12:00"}\'',
    );
    const result = await talk(['--tool-command', handler, '--once']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const log = events(result.stdout);
    const [call] = ofType(log, 'toolCall');
    expect(call).toMatchObject({ name: 'get_time', args: {} });
    expect(ofType(log, 'toolResult')).toEqual([
      {
        type: 'toolResult',
        id: call!.id,
        name: 'get_time',
        response: { time: '12:00' },
        durationMs: expect.any(Number),
      },
    ]);
    expect(Number.isInteger(ofType(log, 'toolResult')[0]!.durationMs)).toBe(true);
    expect(readFileSync(path.join(dir, 'handler.stdin'), 'utf8')).toBe(
      `${JSON.stringify({ id: call!.id, name: 'get_time', args: {} })}\n`,
    );
    expect(readFileSync(path.join(dir, 'handler.names'), 'utf8')).toBe('get_time\n');
    expect(modelSaid(log)).toContain('get_time returned {"time":"12:00"}');
    const handlerEnv = readFileSync(path.join(dir, 'handler.env'), 'utf8');
    expect(handlerEnv).not.toMatch(/API_KEY|auth_tokens\//);
    expect(handlerEnv).not.toContain(key);
    expectNoCanary({
      stdout: result.stdout,
      stderr: result.stderr,
      handlerEnv,
      handlerStdin: readFileSync(path.join(dir, 'handler.stdin'), 'utf8'),
    });
    expect(await lastCalls()).toEqual([
      expect.objectContaining({
        id: call!.id,
        name: 'get_time',
        response: { time: '12:00' },
        responses: 1,
        cancelled: false,
      }),
    ]);
  });

  it('the text transcript shows the call as one line; --transcript records it', async () => {
    const handler = script('weather.sh', 'echo \'{"temp":3}\'');
    const file = path.join(dir, 't.jsonl');
    const result = await runCli(
      [
        'talk',
        '--text',
        'please call get_time',
        '--tools',
        'tools.json',
        '--no-speaker',
        '--once',
        '--tool-command',
        handler,
        '--transcript',
        file,
      ],
      { env: env(), cwd: dir, timeoutMs: 30_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\[tool get_time\(\{\}\) → \{"temp":3\} \d+ ms\]$/m);
    const records = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records[0]).toMatchObject({
      tool: 'get_time',
      args: {},
      response: { temp: 3 },
      durationMs: expect.any(Number),
    });
    expect(records[1]).toMatchObject({ turn: 1, model: 'get_time returned {"temp":3}' });
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr, transcript: readFileSync(file, 'utf8') });
  });

  it('a failing handler: the model hears the error, talk goes on and exits 0', async () => {
    const result = await talk(['--tool-command', script('fail.sh', 'echo \'{"time":"x"}\'; exit 3'), '--once']);
    expect(result.code, result.stderr).toBe(0);
    const log = events(result.stdout);
    expect(ofType(log, 'toolResult')[0]).toMatchObject({
      response: { error: 'the tool handler failed (exit 3)' },
      error: true,
    });
    expect(modelSaid(log)).toContain('get_time returned {"error":"the tool handler failed (exit 3)"}');
  });

  it('a hanging handler: --tool-timeout answers with an error and kills it', async () => {
    const handler = script('hang.sh', 'sleep 60 & echo $! > hang.pid; wait');
    const result = await talk(['--tool-command', handler, '--tool-timeout', '1s', '--once']);
    expect(result.code, result.stderr).toBe(0);
    const log = events(result.stdout);
    expect(ofType(log, 'toolResult')[0]).toMatchObject({
      response: { error: 'the tool handler did not finish within 1 s' },
      error: true,
    });
    expect(modelSaid(log)).toContain('did not finish within 1 s');
    await expect
      .poll(() => alive(Number(readFileSync(path.join(dir, 'hang.pid'), 'utf8'))), { timeout: 5000 })
      .toBe(false);
  });

  it('barge-in cancels the call: toolCancelled, the handler is killed, nothing is answered for it', async () => {
    const handler = script('slow.sh', 'sleep 60 & echo $! > slow.pid; wait');
    const { file } = wavFixture('barge.wav', [
      ['silence', 1500],
      ['tone', 800],
      ['silence', 1500],
    ]);
    const result = await talk(['--tool-command', handler, '--input', file, '--echo', 'headphones']);
    expect(result.code, result.stderr).toBe(0);
    const log = events(result.stdout);
    const [call] = ofType(log, 'toolCall');
    expect(ofType(log, 'toolCancelled')).toEqual([
      { type: 'toolCancelled', id: call!.id, name: 'get_time', durationMs: expect.any(Number) },
    ]);
    expect(ofType(log, 'toolResult')).toEqual([]);
    await expect
      .poll(() => alive(Number(readFileSync(path.join(dir, 'slow.pid'), 'utf8'))), { timeout: 5000 })
      .toBe(false);
    expect(await lastCalls()).toEqual([expect.objectContaining({ id: call!.id, cancelled: true, responses: 0 })]);
  });

  it('NON_BLOCKING: the declaration reaches the model, the handler\'s "scheduling" rides on the response', async () => {
    const handler = script('async.sh', 'echo \'{"result":"done","scheduling":"WHEN_IDLE"}\'');
    const tools = JSON.stringify([{ name: 'get_time', behavior: 'NON_BLOCKING' }]);
    const result = await runCli(
      [
        'talk',
        '--text',
        'please call get_time',
        '--tools',
        tools,
        '--tool-command',
        handler,
        '--no-speaker',
        '--events',
      ],
      { env: env(), cwd: dir, timeoutMs: 30_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const log = events(result.stdout);
    expect(ofType(log, 'toolResult')[0]).toMatchObject({ response: { result: 'done' }, scheduling: 'WHEN_IDLE' });
    expect(modelSaid(log)).toContain('Working on it.');
    expect(modelSaid(log)).toContain('get_time returned {"result":"done"}');
    expect(await lastCalls()).toEqual([
      expect.objectContaining({
        behavior: 'NON_BLOCKING',
        response: { result: 'done' },
        scheduling: 'WHEN_IDLE',
        responses: 1,
      }),
    ]);
  });

  it('no --tool-command in a script: {"error":"no tool handler"} and one warning line', async () => {
    const result = await talk(['--once']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'warning: the model called get_time, but talk has no --tool-command: answered {"error":"no tool handler"}\n',
    );
    expect(modelSaid(events(result.stdout))).toContain('get_time returned {"error":"no tool handler"}');
  });

  it.each([
    [
      ['--tools', '[{"name":"get_time","behaviour":"NON_BLOCKING"}]'],
      /^gemtoken: --tools: unknown key "\[0\]\.behaviour" \(did you mean behavior\?\)$/,
    ],
    [['--tools', 'missing.json'], /^gemtoken: --tools: no such file: missing\.json$/],
    [['--tools', 'tools.json', '--tool-timeout', 'soon'], /--tool-timeout/],
  ])('bad input %j: exit 2, one line, nothing sent', async (args, message) => {
    const before = await requestCount(emu);
    const result = await runCli(['talk', '--text', 'hi', '--no-speaker', ...args], { env: env(), cwd: dir });
    expect(result.code).toBe(2);
    expect(hasStackTrace(result)).toBe(false);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(await requestCount(emu)).toBe(before);
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });
});

describe.skipIf(requirePty() !== undefined)('at a terminal without --tool-command', () => {
  it('asks for the answer (JSON, Enter sends) and sends it', async () => {
    const args = [BIN, 'talk', '--text', 'please call get_time', '--tools', 'tools.json', '--no-speaker', '--once'];
    const quoted = [process.execPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('script', ['-qefc', `stty cols 100 rows 40; exec ${quoted}`, '/dev/null'], {
      env: scrubbedEnv({ ...env(), TERM: 'xterm-256color' }),
      cwd: dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await expect.poll(() => screen.includes('tool get_time({}) result (JSON):'), { timeout: 15_000 }).toBe(true);
    child.stdin.write('{"t":1}\r');
    expect(await closed, screen).toBe(0);
    expect(screen).toMatch(/\[tool get_time\(\{\}\) → \{"t":1\} \d+ ms\]/);
    // The reply grows on its row as it arrives: the screen shows it whole.
    expect(renderScreen(screen, 100)).toContain('gemini: get_time returned {"t":1}');
    expectNoCanary({ screen });
  });
});

describe('a toolCall across a resume', () => {
  let short: EmulatorHandle;
  beforeAll(async () => {
    short = await spawnEmulator(['--connection-lifetime', '2s']);
  });
  afterAll(async () => {
    await short.stop();
  });

  it('the answer goes out on the resumed socket, once; nothing lost', async () => {
    // The handler answers only once the test has seen the resume, so the call spans it for certain.
    const handler = script('wait.sh', 'while [ ! -f go ]; do sleep 0.05; done; echo \'{"time":"after resume"}\'');
    const child = spawn(
      process.execPath,
      [BIN, 'talk', ...TALK, '--tool-command', handler, '--once', '--tool-timeout', '20s'],
      {
        env: scrubbedEnv(baseEnv(short, { GEMINI_API_KEY: short.apiKeys[0]! })),
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await expect.poll(() => events(stdout).some((e) => e.type === 'resumed'), { timeout: 15_000 }).toBe(true);
    expect(events(stdout).some((e) => e.type === 'toolCall')).toBe(true);
    writeFileSync(path.join(dir, 'go'), '');
    expect(await closed, stderr).toBe(0);
    const log = events(stdout);
    expect(ofType(log, 'toolCall')).toHaveLength(1);
    expect(ofType(log, 'toolResult')).toEqual([expect.objectContaining({ response: { time: 'after resume' } })]);
    expect(modelSaid(log)).toContain('get_time returned {"time":"after resume"}');
    const { sessions } = (await emulatorSessions(short)) as unknown as {
      sessions: { resumed: boolean; toolCalls: Record<string, unknown>[] }[];
    };
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    const calls = sessions.flatMap((s) => s.toolCalls);
    expect(calls.filter((c) => c.responses === 1 && !c.cancelled)).toHaveLength(1);
    expect(existsSync(path.join(dir, 'go'))).toBe(true);
  });
});
