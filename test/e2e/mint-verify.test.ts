// `gemtoken mint --verify` and `serve --verify` (built binary, emulator): a probe token of the same
// setup opens one Live session before the real token is minted (or before serve listens). A setup the service takes opens, closes 1000 and the token
// is printed; one it refuses at connect (an unknown model, TEXT on an audio-only model, a full lock
// without a modality) ends with talk's message and exit code and no token on stdout. The key and the
// probe token are never printed. Run `npm run build` first.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, hasStackTrace, runCli, scrubbedEnv, type RunResult } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { admin, expectOneLineFailure, resetEmulator } from './mint-helpers.js';
import { call, startServe } from './serve-helpers.js';

interface Session {
  auth: string;
  open: boolean;
  closeCode: number | null;
  closedBy: string | null;
  closeReason: string | null;
}
interface Token {
  name: string;
  uses: number;
  usesConsumed: number;
  expireTime: string;
  newSessionExpireTime: string;
}

let emu: EmulatorHandle;
let key: string;
const runs: RunResult[] = [];

beforeAll(async () => {
  emu = await spawnEmulator(['--api-key', 'e2e-mint-verify-key-0123456789']);
  key = emu.apiKeys[0]!;
});
afterAll(async () => {
  await emu.stop();
  for (const run of runs) expect(run.stdout + run.stderr).not.toContain(key);
});
beforeEach(() => resetEmulator(emu));

const sessions = async (): Promise<Session[]> =>
  ((await admin(emu, 'GET', 'sessions')) as { sessions: Session[] }).sessions;
const tokens = async (): Promise<Token[]> => ((await admin(emu, 'GET', 'tokens')) as { tokens: Token[] }).tokens;

async function mint(args: string[]): Promise<RunResult> {
  const result = await runCli(['mint', '--base-url', emu.baseUrl, ...args], { env: { GEMINI_API_KEY: key } });
  runs.push(result);
  expect(hasStackTrace(result)).toBe(false);
  return result;
}

/** The tokens and sessions this test adds (the emulator is shared by the file). */
async function added(
  run: () => Promise<RunResult>,
): Promise<{ result: RunResult; tokens: Token[]; sessions: Session[] }> {
  const [tokensBefore, sessionsBefore] = [(await tokens()).length, (await sessions()).length];
  const result = await run();
  return { result, tokens: (await tokens()).slice(tokensBefore), sessions: (await sessions()).slice(sessionsBefore) };
}

describe('mint --verify', () => {
  it('a setup the service takes: the probe opens and closes 1000, then the real token is printed, unused', async () => {
    const {
      result,
      tokens: minted,
      sessions: opened,
    } = await added(() =>
      mint(['--model', 'gemini-3.8-live', '--modality', 'audio', '--lock-set-only', '--uses', '3', '--verify']),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("verified: a Live session with this token's setup opened (gemini-3.8-live, v1alpha)\n");
    const printed = JSON.parse(result.stdout) as { name: string; uses: number };
    expect(printed.uses).toBe(3);
    // The probe first (one use, spent), then the real one (untouched).
    expect(minted.map((t) => [t.uses, t.usesConsumed])).toEqual([
      [1, 1],
      [3, 0],
    ]);
    expect(minted[1]!.name).toBe(printed.name);
    expect(result.stdout).not.toContain(minted[0]!.name);
    await expect
      .poll(async () => (await sessions()).slice(-opened.length))
      .toEqual([expect.objectContaining({ auth: 'token', open: false, closeCode: 1000, closedBy: 'client' })]);
    // The probe lives a minute to start and two in all: a leaked probe is worth little.
    const probe = minted[0]!;
    expect(Date.parse(probe.expireTime) - Date.parse(probe.newSessionExpireTime)).toBeLessThanOrEqual(120_000);
  });

  it.each([
    [
      'an unknown model',
      ['--model', 'no-such-model'],
      /the model was refused: close 1008 "models\/no-such-model is not found/,
    ],
    ['TEXT replies from an audio-only model', ['--modality', 'text', '--lock-all'], /rejected the session: close 1007/],
    [
      'a full lock without a modality (the service then asks for TEXT)',
      ['--voice', 'Kore', '--lock-all'],
      /close 1007/,
    ],
  ])('%s: exit 4 with the close, no token printed, only the probe minted', async (_what, args, message) => {
    const { result, tokens: minted, sessions: opened } = await added(() => mint([...args, '--verify']));
    expectOneLineFailure(result, 4, /^gemtoken: --verify: no token minted: /);
    expect(result.stderr).toMatch(message);
    expect(minted).toHaveLength(1);
    expect(opened).toHaveLength(1);
    expect(result.stderr).not.toContain(minted[0]!.name);
  });

  it('a session setup that never completes: exit 5 after --timeout, no token printed', async () => {
    await admin(emu, 'POST', 'faults', { spec: 'live:stall' });
    const { result, tokens: minted } = await added(() => mint(['--timeout', '1s', '--verify']));
    expectOneLineFailure(
      result,
      5,
      /^gemtoken: --verify: no token minted: .*did not complete the session setup within 1 s$/,
    );
    expect(result.stderr).toMatch(/^hint: .*--timeout/m);
    expect(minted).toHaveLength(1);
  });

  it('--verify with --dry-run is exit 2 before anything is sent', async () => {
    const { result, tokens: minted } = await added(() => mint(['--verify', '--dry-run']));
    expectOneLineFailure(result, 2, /^gemtoken: --verify opens a Live session and --dry-run sends nothing: use one$/);
    expect(minted).toHaveLength(0);
  });

  it('one SIGINT while the probe waits for setupComplete: exit 130, one line, no token', async () => {
    await admin(emu, 'POST', 'faults', { spec: 'live:stall' });
    const before = (await sessions()).length;
    const child = spawn(process.execPath, [BIN, 'mint', '--base-url', emu.baseUrl, '--verify'], {
      cwd: ROOT,
      env: scrubbedEnv({ GEMINI_API_KEY: key }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let [stdout, stderr] = ['', ''];
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await expect.poll(async () => (await sessions()).slice(before).some((s) => s.open), { timeout: 20_000 }).toBe(true);
    child.kill('SIGINT');
    const code = await closed;
    clearTimeout(timer);
    expect({ code, stdout }).toEqual({ code: 130, stdout: '' });
    expect(stderr.split('\n').filter((line) => line.startsWith('gemtoken:'))).toEqual(['gemtoken: interrupted']);
    expect(stderr).not.toContain(key);
  });
});

describe('serve --verify', () => {
  it('a setup the service takes: the probe session closes 1000 before the ready line; tokens are served', async () => {
    const before = (await sessions()).length;
    const serve = await startServe(['--base-url', emu.baseUrl, '--model', 'gemini-3.8-live', '--verify'], {
      GEMINI_API_KEY: key,
    });
    try {
      // One session, the probe's, closed by serve with 1000 (the emulator records it as the close lands).
      await expect
        .poll(async () => (await sessions()).slice(before))
        .toEqual([expect.objectContaining({ auth: 'token', open: false, closeCode: 1000, closedBy: 'client' })]);
      expect(serve.stderr()).toContain(
        "verified: a Live session with this token's setup opened (gemini-3.8-live, v1alpha)",
      );
      const reply = await call(`${serve.url}/token`, { method: 'POST' });
      expect(reply.status).toBe(200);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    expect(serve.stdout() + serve.stderr()).not.toContain(key);
  });

  it('a setup the service refuses: exit 4, one line, nothing listens (no ready line)', async () => {
    const result = await runCli(['serve', '--emulator', '--port', '0', '--model', 'no-such-model', '--verify']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter((line) => line.startsWith('gemtoken:'))).toEqual([
      expect.stringMatching(/^gemtoken: --verify: not serving: the model was refused: close 1008 /),
    ]);
    expect(hasStackTrace(result)).toBe(false);
  });
});
