// runDoctorCommand with a fake Context and fake probes: what reaches stdout, colour rules, JSON,
// exit codes and that no secret is ever printed.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDoctorCommand, type DoctorFlags } from '../../../src/commands/doctor/run.js';
import type { Context } from '../../../src/context.js';
import type { DoctorProbes } from '../../../src/commands/doctor/probes.js';
import { UsageError } from '../../../src/errors.js';
import { SecretRegistry } from '../../../src/redact.js';
import { systemClock } from '../../../src/clock.js';

const SECRET = 'AIzaSyNeverShowThis0123456789';

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

function fakeContext(env: Record<string, string>, ttyStdout: boolean) {
  const out = collector();
  const err = collector();
  const ctx: Context = {
    env,
    stdin: new PassThrough(),
    stdout: out.stream,
    stderr: err.stream,
    isTTY: { stdin: false, stdout: ttyStdout, stderr: ttyStdout },
    cwd: '/',
    platform: 'linux',
    fetch: () => Promise.reject(new Error('no network in unit tests')),
    clock: systemClock,
    signal: new AbortController().signal,
    secrets: new SecretRegistry(),
    devices: {
      microphone: () => Promise.reject(new Error('unused')),
      speaker: () => Promise.reject(new Error('unused')),
    },
    verbose: false,
  };
  return { ctx, stdout: out.text, stderr: err.text };
}

function probes(over: Partial<DoctorProbes> = {}): DoctorProbes & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    nodeVersion: '20.11.1',
    osRelease: async () => 'ID=debian\n',
    // A probe that echoes the key would be a bug elsewhere; the command must still never print it.
    findOnPath: async (program) => (program === 'arecord' ? undefined : `/usr/bin/${program}`),
    capture: async () => ({ kind: 'audio', bytes: 3200, peak: 0.5 }),
    playback: async () => ({ kind: 'device', message: `device failed near ${SECRET}` }),
    http: async (url) => {
      urls.push(url);
      return { kind: 'answered', status: 404 };
    },
    ...over,
  };
}

async function run(
  flags: DoctorFlags,
  env: Record<string, string> = { GEMINI_API_KEY: SECRET },
  tty = false,
  p = probes(),
) {
  const { ctx, stdout, stderr } = fakeContext(env, tty);
  const code = await runDoctorCommand(ctx, flags, p);
  return { code, stdout: stdout(), stderr: stderr(), probes: p };
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);

describe('gemtoken doctor (command)', () => {
  it('prints one line per check with ✔/✘, the fix under a failure, a summary; no colour off a TTY', async () => {
    const { code, stdout, stderr } = await run({});
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^✔ Node\.js +v20\.11\.1$/);
    expect(lines[1]).toMatch(/^✔ API key +API key from GEMINI_API_KEY$/);
    expect(lines[2]).toMatch(/^✘ capture program +arecord is not on PATH/);
    expect(lines[3]).toMatch(/^ +fix: sudo apt-get install alsa-utils$/);
    expect(lines.at(-1)).toBe('3 of 7 checks failed: fix the lines marked ✘ before using gemtoken talk.');
    expect(stdout).not.toMatch(ANSI);
    expect(stderr).toBe('');
    expect(code).toBe(6);
  });

  it('never prints the key, even when a probe message contains it', async () => {
    for (const flags of [{}, { json: true }]) {
      const { stdout, stderr } = await run(flags);
      expect(stdout + stderr).not.toContain(SECRET);
      expect(stdout).toContain('[REDACTED]');
    }
  });

  it.each([
    [{}, true],
    [{ NO_COLOR: '1' }, false],
    [{ CI: 'true' }, false],
    [{ TERM: 'dumb' }, false],
  ])('on a TTY with %o colour is %s', async (env, coloured) => {
    const { stdout } = await run({}, { GEMINI_API_KEY: SECRET, ...env }, true);
    expect(ANSI.test(stdout)).toBe(coloured);
    expect(stdout).toContain('✘');
  });

  it('--json prints exactly one JSON document and nothing else', async () => {
    const { code, stdout } = await run({ json: true });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!) as {
      ok: boolean;
      checks: { name: string; ok: boolean; detail: string; fix?: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => c.name)).toEqual([
      'node',
      'api-key',
      'capture-program',
      'speaker-addon',
      'capture-device',
      'playback-device',
      'ffmpeg',
    ]);
    expect(code).toBe(6);
  });

  it('all green → exit 0 and the success summary', async () => {
    const green = probes({ findOnPath: async (p) => `/usr/bin/${p}`, playback: async () => ({ kind: 'ok' }) });
    const { code, stdout } = await run({}, { GEMINI_API_KEY: SECRET }, false, green);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('All checks passed: gemtoken talk should work here.');
    expect(code).toBe(0);
  });

  it('--online and --base-url pick the URL like mint does; --base-url implies --online', async () => {
    const a = await run({ online: true }, { GEMINI_API_KEY: SECRET, GEMTOKEN_BASE_URL: 'http://127.0.0.1:4000/' });
    expect(a.probes.urls).toEqual(['http://127.0.0.1:4000']);
    const b = await run(
      { baseUrl: 'http://127.0.0.1:5000' },
      { GEMINI_API_KEY: SECRET, GOOGLE_GEMINI_BASE_URL: 'http://127.0.0.1:6000' },
    );
    expect(b.probes.urls).toEqual(['http://127.0.0.1:5000']);
    const c = await run({ online: true }, { GEMINI_API_KEY: SECRET });
    expect(c.probes.urls).toEqual(['https://generativelanguage.googleapis.com']);
    const d = await run({}, { GEMINI_API_KEY: SECRET, GEMTOKEN_BASE_URL: 'http://127.0.0.1:4000' });
    expect(d.probes.urls).toEqual([]);
  });

  it('a malformed --base-url is a usage error before any check runs', async () => {
    await expect(run({ online: true, baseUrl: 'not a url' })).rejects.toBeInstanceOf(UsageError);
  });
});
