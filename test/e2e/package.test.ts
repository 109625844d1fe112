// Packaging: `npm pack` the built repo, install the tarball into an empty folder the way a
// user would (optional deps included, so `speaker` really builds there), then run the installed
// binary and import the installed package: proof that `files`, `bin`, `exports`, `types` and the
// dependencies are right. Needs `npm run build` first and the npm registry (or a warm npm cache).
// One sequential file: the install compiles the speaker addon, so it is the heaviest e2e test.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alsaAvailable, createAlsaSandbox, testPcm } from '../helpers/alsa.js';
import { ROOT, scrubbedEnv } from '../helpers/cli.js';

const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'gemtoken-package-'));
const app = path.join(work, 'app');
const bin = path.join(app, 'node_modules', '.bin', 'gemtoken');
let packed: { filename: string; version: string; files: { path: string }[] };
/** Why the real-ALSA doctor check cannot run here (a failure, not a skip, under GEMTOKEN_REQUIRE_TOOLS=1). */
const noAlsa = alsaAvailable();

/** node-gyp (speaker) must not download headers: use the running Node's own when it ships them. */
function npmEnv(): NodeJS.ProcessEnv {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const nodedir = existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? { npm_config_nodedir: prefix } : {};
  return { ...process.env, ...nodedir, npm_config_update_notifier: 'false' };
}

async function installed(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd: app,
      env: scrubbedEnv(env),
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeAll(async () => {
  mkdirSync(app);
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: ROOT,
    env: npmEnv(),
    timeout: 60_000,
  });
  packed = (JSON.parse(stdout) as (typeof packed)[])[0]!;
  // --prefer-offline: the repo's own install warmed the cache, so this is mostly local work.
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', path.join(work, packed.filename)],
    {
      cwd: app,
      env: npmEnv(),
      timeout: 240_000,
    },
  );
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.sequential('the installed tarball', () => {
  it('ships bin, dist (JS and .d.ts), README and the docs/ pages it links to, and no sources or tests', () => {
    const files = packed.files.map((f) => f.path);
    for (const file of [
      'package.json',
      'README.md',
      'docs/mint.md',
      'docs/talk.md',
      'bin/gemtoken.js',
      'bin/package.json',
      'dist/cli.cjs',
      'dist/playback-probe.cjs',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/emulator/profiles/observed.json',
      'dist/emulator/profiles/documented.json',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => /^(src|test|\.ci)\//.test(f) || f.endsWith('.test.js'))).toEqual([]);
  });

  it('gemtoken --version and mint --dry-run run from node_modules/.bin', async () => {
    const version = await installed(['--version']);
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const dry = await installed(['mint', '--dry-run', '--model', 'gemini-3.8-live', '--uses', '2']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^POST https:\/\/generativelanguage\.googleapis\.com\/v1alpha\/auth_tokens$/m);
    expect(dry.stdout).toMatch(/^x-goog-api-key: \[REDACTED\]$/m);
    expect(dry.stdout).toContain('"uses":2');
  });

  it.skipIf(noAlsa)(
    'gemtoken doctor --json: one JSON document, all green on real ALSA (the installed speaker addon loads)',
    async () => {
      const box = createAlsaSandbox(testPcm(32_000), { paced: false });
      try {
        const result = await installed(['doctor', '--json'], {
          GEMINI_API_KEY: 'AIzaSyPackageTest-0123456789',
          ...box.env,
        });
        const report = JSON.parse(result.stdout) as { ok: boolean; checks: { name: string; ok: boolean }[] };
        expect(report.checks.map((c) => c.name)).toEqual([
          'node',
          'api-key',
          'capture-program',
          'speaker-addon',
          'capture-device',
          'playback-device',
          'ffmpeg',
        ]);
        expect(result.stdout).not.toContain('AIzaSyPackageTest');
        expect(report.checks.filter((c) => !c.ok)).toEqual([]);
        expect(report.ok).toBe(true);
        expect(result.code).toBe(0);
      } finally {
        box.cleanup();
      }
    },
  );

  it('gemtoken demo runs from the installed package: no key, transcript and reply WAV', async () => {
    const result = await installed(['demo', '--dir', path.join(work, 'demo')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^you: \(\d\.\d s of speech\)$/m);
    expect(result.stdout).toMatch(/^gemini: Turn 1\. I heard \d\.\d seconds of speech\.$/m);
    expect(result.stdout).toContain(`reply audio: ${path.join(work, 'demo', 'reply.wav')} (`);
  });

  // The README's `npm install -g --allow-scripts=speaker gemtoken` for when it is published, on the
  // tarball that would be: a global install into a prefix of its own (nothing outside it changes)
  // builds speaker's addon, puts gemtoken on PATH, and npm's only notice is the one the README
  // explains (the two install scripts gemtoken does not need).
  it('npm install -g --allow-scripts=speaker of the tarball: speaker built, gemtoken on PATH, only the explained notice', async () => {
    const prefix = path.join(work, 'global');
    const install = await run(
      'npm',
      [
        'install',
        '-g',
        '--allow-scripts=speaker',
        '--prefix',
        prefix,
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        path.join(work, packed.filename),
      ],
      { cwd: work, env: npmEnv(), timeout: 240_000 },
    );
    const notices = install.stderr.split('\n').filter((line) => line.startsWith('npm warn'));
    const named = notices.flatMap((line) => /^npm warn install-scripts {3}(\S+)@/.exec(line)?.[1] ?? []);
    expect(named.sort(), install.stderr).toEqual(['@google/genai', 'protobufjs']);
    expect(
      notices.filter((line) => !line.startsWith('npm warn install-scripts')),
      install.stderr,
    ).toEqual([]);
    const installed = path.join(prefix, 'lib', 'node_modules', 'gemtoken', 'node_modules');
    expect(existsSync(path.join(installed, 'speaker', 'build', 'Release', 'binding.node'))).toBe(true);
    const { stdout, stderr } = await run(path.join(prefix, 'bin', 'gemtoken'), ['--version'], {
      env: scrubbedEnv({ PATH: `${path.join(prefix, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}` }),
      timeout: 30_000,
    });
    expect(stderr).toBe('');
    expect(stdout.trim()).toBe(packed.version);
  }, 300_000);

  it('npm ci in this repository leaves no install script unreviewed (allowScripts covers every one)', async () => {
    const { stdout } = await run('npm', ['install-scripts', 'ls'], { cwd: ROOT, env: npmEnv(), timeout: 60_000 });
    expect(stdout.trim()).toBe('No packages with unreviewed install scripts.');
  });

  it("import { mintToken, startEmulator } from 'gemtoken' mints against an emulator started through the API", async () => {
    writeFileSync(
      path.join(app, 'check.mjs'),
      `import { execFile } from 'node:child_process';
       import { createRequire } from 'node:module';
       import { promisify } from 'node:util';
       import { ExitCode, UsageError, mintToken, startEmulator } from 'gemtoken';
       const pkg = createRequire(import.meta.url)('gemtoken/package.json');
       const emu = await startEmulator({ apiKeys: ['installed-key-0123456789'] });
       try {
         const token = await mintToken({ apiKey: emu.apiKeys[0], baseUrl: emu.baseUrl, uses: 2, model: 'gemini-3.8-live' });
         const usage = await mintToken({ apiKey: 'k', ttl: 'nope' }).catch((e) => e instanceof UsageError && e.exitCode === ExitCode.usage);
         // Async: the emulator answers from this process's event loop.
         const { stdout: cli } = await promisify(execFile)(process.execPath, [${JSON.stringify(bin)}, 'mint', '--base-url', emu.baseUrl, '--output', 'name'],
           { env: { PATH: process.env.PATH, GEMINI_API_KEY: emu.apiKeys[0] }, encoding: 'utf8' });
         const tokens = await (await fetch(emu.baseUrl + '/emulator/tokens', { headers: { 'x-goog-api-key': emu.apiKeys[0] } })).json();
         console.log(JSON.stringify({ version: pkg.version, token, usage, cli: cli.trim(), stored: tokens.tokens.map((t) => t.name) }));
       } finally {
         await emu.close();
       }
      `,
    );
    // No timeout kill needed to end it: a handle left open by close() would make this run hang and fail.
    const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: app, env: scrubbedEnv(), timeout: 30_000 });
    const out = JSON.parse(stdout) as {
      version: string;
      token: Record<string, unknown>;
      usage: boolean;
      cli: string;
      stored: string[];
    };
    expect(out.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(out.token).toMatchObject({ uses: 2, model: 'models/gemini-3.8-live', apiVersion: 'v1alpha' });
    expect(out.usage).toBe(true);
    expect(out.cli).toMatch(/^auth_tokens\/./);
    expect(out.stored.sort()).toEqual([out.token.name, out.cli].sort());
  });

  it("import('gemtoken/testing') from the installed tarball: env set while running, reset() forgets tokens, stop() restores env", async () => {
    expect(packed.files.map((f) => f.path)).toEqual(expect.arrayContaining(['dist/testing.js', 'dist/testing.d.ts']));
    writeFileSync(
      path.join(app, 'testing.mjs'),
      `const { startTestEmulator } = await import('gemtoken/testing');
       const { mintToken } = await import('gemtoken');
       process.env.GEMINI_API_KEY = 'before-key';
       const emu = await startTestEmulator();
       const during = { base: process.env.GEMTOKEN_BASE_URL, sdk: process.env.GOOGLE_GEMINI_BASE_URL, key: process.env.GEMINI_API_KEY };
       const count = async () => (await (await fetch(emu.baseUrl + '/emulator/tokens', { headers: { 'x-goog-api-key': emu.apiKey } })).json()).tokens.length;
       await mintToken({ apiKey: emu.apiKey, baseUrl: emu.baseUrl });
       const beforeReset = await count();
       await emu.reset();
       const afterReset = await count();
       await emu.stop();
       const after = { base: process.env.GEMTOKEN_BASE_URL ?? null, key: process.env.GEMINI_API_KEY };
       console.log(JSON.stringify({ emu: { baseUrl: emu.baseUrl, apiKey: emu.apiKey }, during, beforeReset, afterReset, after }));
      `,
    );
    const { stdout } = await run(process.execPath, ['testing.mjs'], { cwd: app, env: scrubbedEnv(), timeout: 30_000 });
    const out = JSON.parse(stdout) as Record<string, Record<string, unknown> | number>;
    const emu = out.emu as { baseUrl: string; apiKey: string };
    expect(out.during).toEqual({ base: emu.baseUrl, sdk: emu.baseUrl, key: emu.apiKey });
    expect([out.beforeReset, out.afterReset]).toEqual([1, 0]);
    expect(out.after).toEqual({ base: null, key: 'before-key' });
  });

  it('the published types resolve through `exports` and are checked, not any', async () => {
    writeFileSync(
      path.join(app, 'check.ts'),
      `import { mintToken, startEmulator, AuthError, type MintTokenOptions, type MintedToken } from 'gemtoken';
       const options: MintTokenOptions = { apiKey: 'k', ttl: '30m', lock: [] };
       const minted: Promise<MintedToken> = mintToken(options);
       const expire: Promise<string> = minted.then((t) => t.expireTime);
       // @ts-expect-error uses is a number
       void mintToken({ apiKey: 'k', uses: 'two' });
       // @ts-expect-error apiKey is required
       void mintToken({});
       void startEmulator({ port: 0, faults: ['rest:503'] }).then((e) => e.close());
       void expire; void AuthError;
       import { startTestEmulator, type TestEmulator } from 'gemtoken/testing';
       const helper: Promise<TestEmulator> = startTestEmulator({ apiKeys: ['k'] });
       void helper.then(async (e) => { const url: string = e.baseUrl; void url; await e.reset(); await e.stop(); });
       // @ts-expect-error env values are strings
       void helper.then((e) => { const n: number = e.env.GEMINI_API_KEY; void n; });
       const replaying: Promise<TestEmulator> = startTestEmulator({ replay: { dir: 'cassettes', speed: 0 } });
       void replaying; void startTestEmulator({ record: { dir: 'cassettes', upstream: 'http://127.0.0.1:1', audio: false }, apiKeys: ['k'] });
       // @ts-expect-error the replay speed is a number
       void startTestEmulator({ replay: { dir: 'cassettes', speed: 'fast' } });
      `,
    );
    writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [path.join(ROOT, 'node_modules', '@types')],
        },
        files: ['check.ts'],
      }),
    );
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app, timeout: 110_000 }).catch(
      (e: { stdout: string }) => e,
    );
    expect(result.stdout).toBe('');
    // tsc with the library checks (skipLibCheck off) took over 30 s on a loaded 2-core machine.
  }, 120_000);
});
