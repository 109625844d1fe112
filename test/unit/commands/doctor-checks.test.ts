// The doctor's verdicts with fake probes: each failing probe → ✘ with this platform's fix,
// dependent checks not run, exit-code precedence, and the JSON shape.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { formatCheck, formatSummary } from '../../../src/terminal/check-list.js';
import { doctorExitCode, toJsonReport } from '../../../src/commands/doctor/run.js';
import type { CheckResult } from '../../../src/terminal/check-types.js';
import type {
  CaptureOutcome,
  DoctorProbes,
  HttpOutcome,
  PlaybackOutcome,
} from '../../../src/commands/doctor/probes.js';
import { runDoctor } from '../../../src/commands/doctor/run-checks.js';

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';
const UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n';
const FEDORA = 'NAME="Fedora Linux"\nID=fedora\n';

interface FakeMachine {
  nodeVersion?: string;
  osRelease?: string;
  onPath?: readonly string[];
  capture?: CaptureOutcome;
  playback?: PlaybackOutcome;
  http?: HttpOutcome;
}

function fakeProbes(machine: FakeMachine = {}): DoctorProbes & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    nodeVersion: machine.nodeVersion ?? '20.11.1',
    osRelease: async () => machine.osRelease ?? DEBIAN,
    findOnPath: async (program) =>
      (machine.onPath ?? ['arecord', 'rec', 'sox', 'ffmpeg']).includes(program) ? `/usr/bin/${program}` : undefined,
    capture: async (device, windowMs) => {
      calls.push(`capture ${device} ${windowMs}`);
      return machine.capture ?? { kind: 'audio', bytes: 32000, peak: 0.25 };
    },
    playback: async () => {
      calls.push('playback');
      return machine.playback ?? { kind: 'ok' };
    },
    http: async (url, timeoutMs) => {
      calls.push(`http ${url} ${timeoutMs}`);
      return machine.http ?? { kind: 'answered', status: 404 };
    },
  };
}

const KEY_ENV = { GEMINI_API_KEY: 'AIzaSy-test-key-0123456789' };

async function doctor(
  machine: FakeMachine,
  platform: NodeJS.Platform = 'linux',
  env: Record<string, string> = KEY_ENV,
  onlineUrl?: string,
) {
  const probes = fakeProbes(machine);
  const results = await runDoctor(probes, { platform, env, ...(onlineUrl ? { onlineUrl } : {}) });
  const byName = (name: string): CheckResult => {
    const found = results.find((r) => r.name === name);
    if (!found) throw new Error(`no ${name} check`);
    return found;
  };
  return { results, byName, calls: probes.calls, exit: doctorExitCode(results) };
}

describe('runDoctor', () => {
  it('passes everything on a healthy machine, in the documented order', async () => {
    const { results, exit, calls } = await doctor({});
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['node', true],
      ['api-key', true],
      ['capture-program', true],
      ['speaker-addon', true],
      ['capture-device', true],
      ['playback-device', true],
      ['ffmpeg', true],
    ]);
    expect(exit).toBe(0);
    expect(calls).toContain('capture default 1500');
    expect(calls.some((c) => c.startsWith('http'))).toBe(false);
  });

  it.each([
    ['linux', DEBIAN, 'arecord', 'sudo apt-get install alsa-utils'],
    ['linux', UBUNTU, 'arecord', 'sudo apt-get install alsa-utils'],
    ['linux', FEDORA, 'arecord', 'sudo dnf install alsa-utils'],
    ['darwin', undefined, 'rec', 'brew install sox'],
    [
      'win32',
      undefined,
      'sox',
      'install SoX (https://sourceforge.net/projects/sox/) and add the folder with sox.exe to PATH',
    ],
  ] as const)(
    '%s (%s): missing %s → ✘ with "%s", capture not tried, exit 6',
    async (platform, osRelease, program, fix) => {
      const { byName, calls, exit } = await doctor({ onPath: [], ...(osRelease ? { osRelease } : {}) }, platform);
      expect(byName('capture-program')).toMatchObject({ ok: false, fix });
      expect(byName('capture-program').detail).toContain(`${program} is not on PATH`);
      expect(byName('capture-device')).toMatchObject({
        ok: false,
        detail: `not checked: capture device "default" needs ${program}`,
      });
      expect(calls.some((c) => c.startsWith('capture'))).toBe(false);
      expect(exit).toBe(6);
    },
  );

  it.each([
    ['linux', DEBIAN, 'sudo apt-get install libasound2-dev && npm rebuild speaker'],
    ['linux', FEDORA, 'sudo dnf install alsa-lib-devel && npm rebuild speaker'],
    ['darwin', undefined, 'xcode-select --install && npm rebuild speaker'],
  ] as const)(
    '%s: speaker addon that does not load → ✘ "%s", playback not checked',
    async (platform, osRelease, fix) => {
      const message = 'cannot play audio: the `speaker` audio addon is not built for this machine';
      const { byName, exit } = await doctor(
        { playback: { kind: 'addon', message }, ...(osRelease ? { osRelease } : {}) },
        platform,
      );
      expect(byName('speaker-addon')).toEqual({
        name: 'speaker-addon',
        kind: 'audio',
        ok: false,
        detail: message,
        fix,
      });
      expect(byName('playback-device')).toMatchObject({
        ok: false,
        detail: 'not checked: the speaker addon does not load',
      });
      expect(byName('playback-device').fix).toBeUndefined();
      expect(exit).toBe(6);
    },
  );

  it('playback device that does not open → addon ✔, device ✘ with a fix', async () => {
    const message =
      'the speaker addon crashed (SIGABRT) on the default playback device: error: cannot open device default';
    const { byName, exit } = await doctor({ playback: { kind: 'device', message } });
    expect(byName('speaker-addon').ok).toBe(true);
    expect(byName('playback-device')).toMatchObject({ ok: false, detail: message });
    expect(byName('playback-device').fix).toMatch(
      /^`aplay -l` lists the sound cards: .*talk --output-device NAME .*talk --no-speaker/,
    );
    expect(exit).toBe(6);
  });

  it.each([
    ['darwin', /Privacy & Security → Microphone.*tccutil reset Microphone/],
    ['linux', /amixer sset Capture 80% cap/],
    ['win32', /Privacy & security → Microphone/],
  ] as const)('%s: all-zero capture → ✘ silence with the permission/mute fix', async (platform, fix) => {
    const { byName, exit } = await doctor({ capture: { kind: 'audio', bytes: 48000, peak: 0 } }, platform);
    const check = byName('capture-device');
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/only silence \(all-zero samples\)/);
    expect(check.fix).toMatch(fix);
    expect(exit).toBe(6);
  });

  it.each([
    [{ kind: 'audio', bytes: 0, peak: 0 } as const, /delivered no audio within 1.5 s/],
    [
      { kind: 'error', message: 'cannot open audio input device "default": Device or resource busy' } as const,
      /Device or resource busy/,
    ],
  ])('capture %o → ✘ with the device-choice fix', async (capture, detail) => {
    const { byName } = await doctor({ capture });
    // Not only "see gemtoken devices" (with no card it lists only `null`): a card, or no microphone at all.
    expect(byName('capture-device')).toMatchObject({
      ok: false,
      fix: expect.stringMatching(
        /^`arecord -l` lists the sound cards: if none, connect or enable one .*talk --input-device NAME .*--text "…" needs no microphone$/,
      ),
    });
    expect(byName('capture-device').detail).toMatch(detail);
  });

  it('a quiet but not silent input passes (one LSB of noise is not "muted")', async () => {
    const { byName } = await doctor({ capture: { kind: 'audio', bytes: 3200, peak: 3 / 32768 } });
    expect(byName('capture-device').ok).toBe(true);
  });

  it.each([
    ['linux', DEBIAN, /deb\.nodesource\.com\/setup_lts\.x .*apt-get install -y nodejs/],
    ['linux', FEDORA, /^sudo dnf install nodejs$/],
    ['darwin', undefined, /^brew install node$/],
    ['win32', undefined, /^winget install OpenJS\.NodeJS\.LTS$/],
  ] as const)('%s: Node 18 → ✘ with the upgrade command, exit 2', async (platform, osRelease, fix) => {
    const { byName, exit } = await doctor({ nodeVersion: '18.19.0', ...(osRelease ? { osRelease } : {}) }, platform);
    expect(byName('node')).toMatchObject({ ok: false, detail: 'v18.19.0 is too old; gemtoken needs 20 or newer' });
    expect(byName('node').fix).toMatch(fix);
    expect(exit).toBe(2);
  });

  it.each(['20.0.0', '22.3.1', '24.21.0'])('Node %s passes', async (nodeVersion) => {
    const { byName } = await doctor({ nodeVersion });
    expect(byName('node')).toMatchObject({ ok: true, detail: `v${nodeVersion}` });
  });

  it('--online: any HTTP answer is reachable; a failure is ✘ with exit 5 when it is the only problem', async () => {
    const url = 'https://generativelanguage.googleapis.com';
    const up = await doctor({ http: { kind: 'answered', status: 404 } }, 'linux', KEY_ENV, url);
    expect(up.byName('api-host')).toMatchObject({ ok: true, detail: `${url} answers (HTTP 404)` });
    expect(up.calls).toContain(`http ${url} 5000`);
    expect(up.exit).toBe(0);
    const down = await doctor(
      { http: { kind: 'failed', message: 'getaddrinfo ENOTFOUND generativelanguage.googleapis.com' } },
      'linux',
      KEY_ENV,
      url,
    );
    expect(down.byName('api-host')).toMatchObject({ ok: false, fix: `check the network or proxy: curl -sI ${url}` });
    expect(down.byName('api-host').detail).toContain('ENOTFOUND');
    expect(down.exit).toBe(5);
  });
});

describe('api-key check', () => {
  const SECRET = 'AIzaSyDoNotPrintMe0123456789';
  it.each([
    [{ GEMINI_API_KEY: SECRET }, true, 'API key from GEMINI_API_KEY'],
    [{ GOOGLE_API_KEY: SECRET }, true, 'API key from GOOGLE_API_KEY'],
    [
      { GEMINI_API_KEY: SECRET, GOOGLE_API_KEY: `${SECRET}x` },
      true,
      'API key from GEMINI_API_KEY (GOOGLE_API_KEY is also set and differs; GEMINI_API_KEY wins)',
    ],
    [{ GEMTOKEN_TOKEN: `auth_tokens/${SECRET}` }, true, 'no API key set; talk will use the token in GEMTOKEN_TOKEN'],
    [{}, false, 'no API key: GEMINI_API_KEY and GOOGLE_API_KEY are not set'],
    [{ GEMINI_API_KEY: '  ' }, false, 'GEMINI_API_KEY is set but empty'],
    [
      { GOOGLE_API_KEY: 'has a space in it' },
      false,
      'the API key from GOOGLE_API_KEY contains spaces or control characters',
    ],
  ])('%o → ok=%s "%s", never the key', async (env, ok, detail) => {
    const { byName, results, exit } = await doctor({}, 'linux', env);
    expect(byName('api-key')).toMatchObject({ ok, detail });
    if (!ok) expect(byName('api-key').fix).toMatch(/^export GEMINI_API_KEY=<your key>/);
    expect(exit).toBe(ok ? 0 : 2);
    const text = JSON.stringify(toJsonReport(results));
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SECRET.slice(0, 10));
  });

  it('on Windows the fix is PowerShell syntax', async () => {
    const { byName } = await doctor({}, 'win32', {});
    expect(byName('api-key').fix).toMatch(/^\$env:GEMINI_API_KEY = "<your key>"/);
  });
});

describe('doctorExitCode', () => {
  const result = (kind: CheckResult['kind'], ok: boolean): CheckResult => ({ name: 'node', kind, ok, detail: '' });
  it.each([
    [[], 0],
    [[result('local', true), result('audio', true), result('network', true)], 0],
    [[result('audio', false)], 6],
    [[result('local', false)], 2],
    [[result('network', false)], 5],
    [[result('local', false), result('audio', false)], 6],
    [[result('network', false), result('local', false)], 2],
    [[result('network', false), result('audio', false), result('local', false)], 6],
  ])('%# → %d', (results, code) => {
    expect(doctorExitCode(results)).toBe(code);
  });
});

describe('toJsonReport', () => {
  it('is {ok, checks:[{name, ok, detail, fix?}]} with no internal fields', async () => {
    const { results } = await doctor({ onPath: [] });
    const report = toJsonReport(results);
    expect(report.ok).toBe(false);
    for (const check of report.checks) {
      const keys = check.fix === undefined ? ['detail', 'name', 'ok'] : ['detail', 'fix', 'name', 'ok'];
      expect(Object.keys(check).sort()).toEqual(check.advisory ? [...keys, 'advisory'].sort() : keys);
    }
    expect(report.checks.find((c) => c.name === 'capture-program')).toEqual({
      name: 'capture-program',
      ok: false,
      detail: 'arecord is not on PATH (the microphone needs it)',
      fix: 'sudo apt-get install alsa-utils',
    });
    expect(toJsonReport((await doctor({})).results).ok).toBe(true);
  });
});

describe('ffmpeg is advisory: voice works without it', () => {
  it('missing alone: listed with its fix and marked !, but exit 0, the report ok, and the summary says why', async () => {
    const { results, byName, exit } = await doctor({ onPath: ['arecord'] });
    expect(byName('ffmpeg')).toMatchObject({ ok: false, kind: 'video' });
    expect(exit).toBe(0);
    const report = toJsonReport(results);
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.name === 'ffmpeg')).toMatchObject({ ok: false, advisory: true });
    const plain = new Chalk({ level: 0 });
    expect(formatCheck(byName('ffmpeg'), plain)[0]).toMatch(/^! ffmpeg \(video\)/);
    expect(formatSummary(results, plain)).toMatch(
      /^Voice checks passed: .*\(ffmpeg \(video\)\) are only for pictures and video\.$/,
    );
  });

  it('never hides a real failure: with the microphone program missing too, exit 6 and ok false', async () => {
    const { results, exit } = await doctor({ onPath: [] });
    expect(exit).toBe(6);
    expect(toJsonReport(results).ok).toBe(false);
    expect(formatSummary(results, new Chalk({ level: 0 }))).toMatch(/^\d+ of \d+ checks failed/);
  });
});
