// The built binary: `gemtoken emulator` as a child process (run `npm run build` first).
import { afterEach, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

const post = (path: string, body: string, key?: string): Promise<Response> =>
  fetch(`${emu!.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'x-goog-api-key': key } : {}) },
    body,
  });

describe('gemtoken emulator (built binary)', () => {
  it('prints one ready line, mints, logs NDJSON without secrets, and exits 0 on SIGTERM', async () => {
    emu = await spawnEmulator(['--log', 'json']);
    expect(emu.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.apiKeys).toHaveLength(1);
    const [key] = emu.apiKeys;
    const res = await post('/v1alpha/auth_tokens', '{"uses":1}', key);
    expect(res.status).toBe(200);
    const { name } = (await res.json()) as { name: string };
    await post('/v1alpha/auth_tokens?key=' + key!, '{}');
    await expect
      .poll(
        () =>
          emu!
            .log()
            .split('\n')
            .filter((l) => l.includes('"event":"request"')).length,
      )
      .toBe(2);
    expect(await emu.stop()).toBe(0);
    const log = emu.log();
    for (const line of log.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    expect(log).not.toContain(key);
    expect(log).not.toContain(name.slice('auth_tokens/'.length));
    expect(log).toContain('"stopped"');
  });

  it('stops on SIGINT with exit 0 and accepts the given keys', async () => {
    emu = await spawnEmulator(['--api-key', 'first-key-123456', '--api-key', 'second-key-123456']);
    expect(emu.apiKeys).toEqual(['first-key-123456', 'second-key-123456']);
    expect((await post('/v1beta/auth_tokens', '{}', 'second-key-123456')).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => emu!.process.once('exit', (code) => resolve(code)));
    emu.process.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(emu.log()).not.toContain('second-key-123456');
  });

  it('answers bad JSON, oversize, 405 and 404 with JSON errors and stays up', async () => {
    emu = await spawnEmulator();
    const [key] = emu.apiKeys;
    const cases: [Promise<Response>, number][] = [
      [post('/v1alpha/auth_tokens', '{bad json', key), 400],
      [post('/v1alpha/auth_tokens', JSON.stringify({ pad: 'x'.repeat(2_000_000) }), key), 413],
      [fetch(`${emu.baseUrl}/v1alpha/auth_tokens`), 405],
      [post('/v1alpha/nothing', '{}', key), 404],
      [post('/v1alpha/auth_tokens', '{"config":{}}', key), 400],
      // Nested 50,000 levels deep, with and without a key (the parse runs before the key check).
      [post('/v1alpha/auth_tokens', `{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}`, key), 400],
      [post('/v1alpha/auth_tokens', `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`, 'not-a-key'), 400],
    ];
    for (const [pending, status] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await res.json()) as { error: { code: number } }).error.code).toBe(status);
    }
    expect((await post('/v1alpha/auth_tokens', '{}', key)).status).toBe(200);
    expect(emu.process.exitCode).toBeNull();
    expect(hasStackTrace({ code: 0, signal: null, stdout: '', stderr: emu.log() })).toBe(false);
  });

  it('refuses a raw liveConnectConstraints body with the observed 400 before the key, and accepts it under --profile documented', async () => {
    const body = JSON.stringify({
      uses: 1,
      liveConnectConstraints: { model: 'gemini-3.8-live', config: { responseModalities: ['AUDIO'] } },
    });
    const message =
      'Invalid JSON payload received. Unknown name "liveConnectConstraints" at \'auth_token\': Cannot find field.';
    emu = await spawnEmulator();
    for (const key of [emu.apiKeys[0], 'not-a-key-123', undefined]) {
      const res = await post('/v1beta/auth_tokens', body, key);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: unknown }).error).toEqual({
        code: 400,
        message,
        status: 'INVALID_ARGUMENT',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.BadRequest',
            fieldViolations: [{ field: 'auth_token', description: message }],
          },
        ],
      });
    }
    await emu.stop();
    emu = await spawnEmulator(['--profile', 'documented']);
    const res = await post('/v1alpha/auth_tokens', body, emu.apiKeys[0]);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toMatch(/^auth_tokens\/[0-9a-f]{64}$/);
  });

  it('plays --fault flags and admin-scripted faults', async () => {
    emu = await spawnEmulator(['--fault', 'rest:429:3', '--fault', 'rest:503']);
    const [key] = emu.apiKeys;
    const limited = await post('/v1alpha/auth_tokens', '{}', key);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);
    expect((await post('/v1alpha/auth_tokens', '{}', key)).status).toBe(503);
    expect((await post('/v1alpha/auth_tokens', '{}', key)).status).toBe(200);
    const scripted = await fetch(`${emu.baseUrl}/emulator/faults`, {
      method: 'POST',
      headers: { 'x-goog-api-key': key! },
      body: JSON.stringify({ surface: 'rest', kind: 'status500', count: 2 }),
    });
    expect(scripted.status).toBe(200);
    expect((await post('/v1alpha/auth_tokens', '{}', key)).status).toBe(500);
    expect((await post('/v1alpha/auth_tokens', '{}', key)).status).toBe(500);
    expect((await post('/v1alpha/auth_tokens', '{}', key)).status).toBe(200);
    const counts = (await (await fetch(`${emu.baseUrl}/emulator/requests?key=${key!}`)).json()) as { total: number };
    expect(counts.total).toBe(6);
  });

  it.each([
    [['--port', 'abc'], /--port must be an integer/],
    [['--log', 'xml'], /--log must be "text" or "json"/],
    [['--fault', 'rest:418'], /unknown rest fault kind "418"/],
    [['--connection-lifetime', '5x'], /--connection-lifetime: invalid duration/],
  ])('rejects %j with exit 2 and one line', async (args, message) => {
    const result = await runCli(['emulator', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(hasStackTrace(result)).toBe(false);
  });

  it('warns before binding a non-loopback address (and fails cleanly when it is not local)', async () => {
    const result = await runCli(['emulator', '--host', '192.0.2.1', '--port', '0']);
    expect(result.stderr).toMatch(/warning: .*binding 192\.0\.2\.1 exposes the emulator/);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot bind to 192\.0\.2\.1/);
    expect(hasStackTrace(result)).toBe(false);
  });

  it('documents faults and the admin API in --help', async () => {
    const result = await runCli(['emulator', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('rest:429[:SECONDS][xN]');
    expect(result.stdout).toContain('/emulator/faults');
    expect(result.stdout).toContain('/emulator/requests');
    expect(result.stdout).toContain('/emulator/tokens');
    expect(result.stdout).toContain('/emulator/sessions');
  });
});
