// One signal is enough. Under systemd, `docker stop` or a cancelled CI job a
// process gets ONE SIGTERM (a closed terminal: one SIGHUP). Each case spawns the built binary, waits
// until it is blocked on a FIFO or a silent stdin (a kernel-visible condition, not a sleep), sends
// one signal and expects the documented code (130/143/129), one line on stderr, no stack trace and
// no key anywhere — well before the bound after which the test SIGKILLs and reports a hang.

import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary, hostileHttp, type HostilePeer } from './hostile.js';
import {
  blockedOn,
  closeQuietly,
  connectSilentWriter,
  hasStack,
  start,
  stopLines,
  stopOnce,
  waitUntil,
  type Running,
  type Stopped,
} from './stop-once.js';

const CODE = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
const LINE = {
  SIGINT: 'gemtoken: interrupted',
  SIGTERM: 'gemtoken: stopped by SIGTERM',
  SIGHUP: 'gemtoken: stopped by SIGHUP',
} as const;
type StopSignal = keyof typeof CODE;

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-signals-'));
let serial = 0;
function fifo(): string {
  const file = path.join(dir, `fifo-${++serial}`);
  // Owner-only, as a key file should be: a wider mode gets mint's key-file permission warning.
  execFileSync('mkfifo', ['-m', '600', file]);
  return file;
}

const TOKEN = 'auth_tokens/signal-test-token';
// Never contacted: every talk case below blocks before it connects.
const NOWHERE = 'http://127.0.0.1:9';
const env = { GEMINI_API_KEY: CANARY_KEY };
const writers: (number | undefined)[] = [];
afterEach(() => writers.splice(0).forEach(closeQuietly));

function expectStopped(result: Stopped, signal: StopSignal): void {
  expect(result.hung, `still running after one ${signal}; stderr: ${result.stderr}`).toBe(false);
  expect({ code: result.code, signal: result.signal }).toEqual({ code: CODE[signal], signal: null });
  expect(stopLines(result.stderr)).toEqual([LINE[signal]]);
  expect(hasStack(result.stderr) || hasStack(result.stdout)).toBe(false);
  expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
}

/** Reader cases: with no writer at all, or a writer that connects and never writes. */
async function readerBlocked(run: Running, file: string, writer: 'none' | 'silent'): Promise<void> {
  if (writer === 'silent') {
    await waitUntil(
      run,
      () => writers.push(connectSilentWriter(file)) > 0 && writers.at(-1) !== undefined,
      `a reader opens ${file}`,
    );
  }
  await waitUntil(run, () => blockedOn(run.pid, file), `blocked reading ${file}`);
}

describe.skipIf(process.platform !== 'linux')('one signal is enough (built binary, Linux /proc)', () => {
  describe('reading a FIFO', () => {
    const cases: { name: string; args: (file: string) => string[]; writer: 'none' | 'silent'; signal: StopSignal }[] = [
      {
        name: 'mint --api-key-file <fifo>, no writer',
        args: (f) => ['mint', '--dry-run', '--api-key-file', f],
        writer: 'none',
        signal: 'SIGTERM',
      },
      {
        name: 'mint --api-key-file <fifo>, a silent writer',
        args: (f) => ['mint', '--dry-run', '--api-key-file', f],
        writer: 'silent',
        signal: 'SIGINT',
      },
      {
        name: 'mint --config @<fifo>, a silent writer',
        args: (f) => ['mint', '--dry-run', '--config', `@${f}`],
        writer: 'silent',
        signal: 'SIGHUP',
      },
      {
        name: 'mint --system-instruction @<fifo>, no writer',
        args: (f) => ['mint', '--dry-run', '--system-instruction', `@${f}`],
        writer: 'none',
        signal: 'SIGTERM',
      },
      {
        name: 'talk --api-key-file <fifo>, no writer',
        args: (f) => ['talk', '--api-key-file', f, '--no-speaker', '--text', 'hi', '--base-url', NOWHERE],
        writer: 'none',
        signal: 'SIGTERM',
      },
      {
        name: 'talk --image <fifo>, no writer',
        args: (f) => ['talk', '--token', TOKEN, '--no-speaker', '--image', f, '--text', 'hi', '--base-url', NOWHERE],
        writer: 'none',
        signal: 'SIGTERM',
      },
      {
        name: 'talk --image <fifo>, a silent writer',
        args: (f) => ['talk', '--token', TOKEN, '--no-speaker', '--image', f, '--text', 'hi', '--base-url', NOWHERE],
        writer: 'silent',
        signal: 'SIGINT',
      },
      {
        name: 'talk --input <fifo> (raw PCM), a silent writer',
        args: (f) => [
          'talk',
          '--token',
          TOKEN,
          '--no-speaker',
          '--input',
          f,
          '--input-format',
          's16le:16000:1',
          '--base-url',
          NOWHERE,
        ],
        writer: 'silent',
        signal: 'SIGTERM',
      },
    ];
    it('a FIFO that does deliver is read whole: mint --api-key-file <fifo>, exit 0', async () => {
      const file = fifo();
      const run = start(['mint', '--dry-run', '--api-key-file', file], { env: {} });
      let fd: number | undefined;
      await waitUntil(run, () => (fd = connectSilentWriter(file)) !== undefined, `a reader opens ${file}`);
      writeSync(fd!, `${CANARY_KEY}\n`);
      closeSync(fd!);
      const code = await new Promise((resolve) => run.child.once('close', resolve));
      expect({ code, stderr: run.stderr() }).toEqual({ code: 0, stderr: '' });
      expect(run.stdout()).toContain('x-goog-api-key');
      expectNoCanary({ stdout: run.stdout(), stderr: run.stderr() });
    });

    for (const c of cases) {
      it(`${c.name}: one ${c.signal} → ${CODE[c.signal]}`, async () => {
        const file = fifo();
        const run = start(c.args(file), { env });
        await readerBlocked(run, file, c.writer);
        expectStopped(await stopOnce(run, c.signal), c.signal);
      });
    }
  });

  describe('writing to a FIFO nobody reads', () => {
    let peer: HostilePeer;
    let emulator: EmulatorHandle;
    beforeAll(async () => {
      emulator = await spawnEmulator();
      peer = await hostileHttp((_req, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            name: TOKEN,
            expireTime: '2099-01-01T00:00:00Z',
            newSessionExpireTime: '2099-01-01T00:00:00Z',
          }),
        ),
      );
    });
    afterAll(async () => {
      peer.close();
      await emulator.stop();
    });

    const cases: { name: string; run: (file: string) => Running; signal: StopSignal }[] = [
      {
        name: 'talk --output <fifo>',
        run: (f) =>
          start(['talk', '--token', TOKEN, '--no-speaker', '--text', 'hi', '--output', f, '--base-url', NOWHERE], {
            env,
          }),
        signal: 'SIGTERM',
      },
      {
        name: 'talk --transcript <fifo>',
        run: (f) =>
          start(['talk', '--token', TOKEN, '--no-speaker', '--text', 'hi', '--transcript', f, '--base-url', NOWHERE], {
            env,
          }),
        signal: 'SIGINT',
      },
      {
        name: 'mint --output github, $GITHUB_OUTPUT a FIFO',
        run: (f) =>
          start(['mint', '--output', 'github', '--base-url', peer.baseUrl], { env: { ...env, GITHUB_OUTPUT: f } }),
        signal: 'SIGTERM',
      },
    ];
    it('a FIFO with a reader still gets the outputs: $GITHUB_OUTPUT, exit 0', async () => {
      const file = fifo();
      const reader = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
      writers.push(reader);
      const run = start(['mint', '--output', 'github', '--base-url', peer.baseUrl], {
        env: { ...env, GITHUB_OUTPUT: file },
        stdin: 'ignore',
      });
      const code = await new Promise((resolve) => run.child.once('close', resolve));
      const got = Buffer.alloc(4096);
      const text = got.subarray(0, readSync(reader, got)).toString('utf8');
      expect({ code, stderr: run.stderr() }).toEqual({
        code: 0,
        stderr: expect.not.stringMatching(/waiting for a reader/),
      });
      expect(text).toContain(TOKEN);
      expectNoCanary({ stdout: run.stdout(), stderr: run.stderr(), githubOutput: text });
    });

    for (const c of cases) {
      it(`${c.name}: one ${c.signal} → ${CODE[c.signal]}`, async () => {
        const file = fifo();
        const run = c.run(file);
        // Blocked in open() (the defect), or saying it waits for a reader (interruptibly).
        await waitUntil(
          run,
          () => blockedOn(run.pid, file) || /waiting for a reader/.test(run.stderr()),
          `blocked writing ${file}`,
        );
        const result = await stopOnce(run, c.signal);
        expectStopped(result, c.signal);
        expect(result.stderr).toMatch(/waiting for a reader on .*fifo-\d+ \(a FIFO\)/);
      });
    }

    it('conformance --write-profile <fifo>, after its probes: one SIGHUP → 129, no report printed', async () => {
      const file = fifo();
      const run = start(['conformance', '--yes', '--only', 'mask:top-level', '--write-profile', file], {
        env: { GEMINI_API_KEY: emulator.apiKeys[0]!, GEMTOKEN_BASE_URL: emulator.baseUrl },
      });
      await waitUntil(run, () => /waiting for a reader on .*fifo-\d+ \(a FIFO\)/.test(run.stderr()), 'waiting');
      const result = await stopOnce(run, 'SIGHUP');
      expect(result.hung, result.stderr).toBe(false);
      expect(result.code).toBe(CODE.SIGHUP);
      // conformance says what it probes on stderr; the stop is the last line, and no report went out.
      expect(stopLines(result.stderr).at(-1)).toBe(LINE.SIGHUP);
      expect(result.stdout).toBe('');
      expect(hasStack(result.stderr)).toBe(false);
    });
  });

  describe('a silent stdin', () => {
    const cases: { name: string; args: string[]; signal: StopSignal }[] = [
      {
        name: 'sleep 99 | gemtoken mint --api-key-stdin',
        args: ['mint', '--dry-run', '--api-key-stdin'],
        signal: 'SIGTERM',
      },
      { name: 'sleep 99 | gemtoken mint --config -', args: ['mint', '--dry-run', '--config', '-'], signal: 'SIGINT' },
      {
        name: 'sleep 99 | gemtoken talk --token -',
        args: ['talk', '--token', '-', '--no-speaker', '--text', 'hi', '--base-url', NOWHERE],
        signal: 'SIGHUP',
      },
      {
        name: 'sleep 99 | gemtoken talk --input - (raw PCM)',
        args: [
          'talk',
          '--token',
          TOKEN,
          '--no-speaker',
          '--input',
          '-',
          '--input-format',
          's16le:16000:1',
          '--base-url',
          NOWHERE,
        ],
        signal: 'SIGTERM',
      },
    ];
    for (const c of cases) {
      it(`${c.name}: one ${c.signal} → ${CODE[c.signal]}`, async () => {
        const run = start(c.args, { env });
        await waitUntil(run, () => blockedOn(run.pid, 'stdin'), 'blocked reading stdin');
        expectStopped(await stopOnce(run, c.signal), c.signal);
      });
    }
  });

  describe('a live session finishes what it was writing', () => {
    let emu: EmulatorHandle;
    beforeAll(async () => {
      emu = await spawnEmulator();
    });
    afterAll(() => emu.stop());

    it('talk --output reply.wav --transcript t.jsonl: one SIGTERM → 143, WAV sizes patched, whole transcript lines', async () => {
      const wav = path.join(dir, 'reply.wav');
      const transcript = path.join(dir, 'turns.jsonl');
      const key = emu.apiKeys[0]!;
      const run = start(
        [
          'talk',
          '--text',
          'hello there',
          '--no-speaker',
          '--events',
          '--output',
          wav,
          '--transcript',
          transcript,
          '--base-url',
          emu.baseUrl,
        ],
        { env: { GEMINI_API_KEY: key } },
      );
      // A finished turn: its transcript line and its audio have been handed to the writers.
      await waitUntil(run, () => /"type":"turn"/.test(run.stdout()), 'a finished turn');
      const result = await stopOnce(run, 'SIGTERM');
      expectStopped(result, 'SIGTERM');
      const bytes = readFileSync(wav);
      expect(bytes.length).toBeGreaterThan(44);
      expect({ riff: bytes.readUInt32LE(4), data: bytes.readUInt32LE(40) }).toEqual({
        riff: bytes.length - 8,
        data: bytes.length - 44,
      });
      const text = readFileSync(transcript, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      const lines = text.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expectNoCanary({ stdout: result.stdout, stderr: result.stderr, wav: bytes, transcript: text }, key);
    });

    it('talk --output <fifo> whose reader never reads: the unwind cannot flush, one SIGTERM still → 143', async () => {
      const file = fifo();
      // A reader that opens and never reads: our writes fill the pipe and then wait forever.
      const reader = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
      writers.push(reader);
      const key = emu.apiKeys[0]!;
      const run = start(
        [
          'talk',
          '--text',
          'hello there how are you today',
          '--no-speaker',
          '--events',
          '--output',
          file,
          '--base-url',
          emu.baseUrl,
        ],
        { env: { GEMINI_API_KEY: key } },
      );
      await waitUntil(run, () => /"type":"turn"/.test(run.stdout()), 'a finished turn');
      const result = await stopOnce(run, 'SIGTERM');
      expectStopped(result, 'SIGTERM');
      expectNoCanary({ stdout: result.stdout, stderr: result.stderr }, key);
    });

    it('serve stopped by one SIGTERM while it still reads its key from a FIFO: exit 0, as a server stopped once listening', async () => {
      const file = fifo();
      const run = start(['serve', '--port', '0', '--api-key-file', file], { env: {}, stdin: 'ignore' });
      await readerBlocked(run, file, 'none');
      const result = await stopOnce(run, 'SIGTERM');
      expect({ hung: result.hung, code: result.code, signal: result.signal }).toEqual({
        hung: false,
        code: 0,
        signal: null,
      });
      expect(stopLines(result.stderr)).toEqual([]);
      expect(hasStack(result.stderr)).toBe(false);
    });

    it('the emulator stops cleanly on one SIGHUP, as on SIGINT/SIGTERM (exit 0)', async () => {
      const run = start(['emulator', '--port', '0'], { stdin: 'ignore' });
      await waitUntil(run, () => /"baseUrl"/.test(run.stdout()), 'the ready line');
      const result = await stopOnce(run, 'SIGHUP');
      expect({ hung: result.hung, code: result.code, signal: result.signal }).toEqual({
        hung: false,
        code: 0,
        signal: null,
      });
      expect(hasStack(result.stderr)).toBe(false);
    });
  });
});
