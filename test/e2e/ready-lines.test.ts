// `gemtoken emulator` and `gemtoken serve` ready, as a person meets them: at a terminal (util-linux
// `script`; stdout to a file, so the screen is stderr alone) they also say where they listen and the
// exact lines to paste, and those lines work; into pipes, stdout is the one JSON line and stderr only
// the log, as scripts parse them. Run `npm run build` first.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli, scrubbedEnv } from '../helpers/cli.js';
import { requirePty, requireTools } from '../helpers/tools.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-ready-'));
const q = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;
const running: { stop: () => void; closed: Promise<unknown> }[] = [];
afterAll(async () => {
  for (const server of running) server.stop();
  await Promise.all(running.map((server) => server.closed));
});

interface Started {
  /** What stdout got: the JSON line. */
  json: Record<string, unknown>;
  /** What the terminal (or stderr's pipe) showed when the server was ready. */
  screen: string;
  /** Stops it (Ctrl-C at the terminal, else SIGINT); resolves with all stderr showed. */
  stop: () => Promise<string>;
}

/** A server at a 100-column pseudo-terminal (`tty`) or with piped stdio, until its ready lines are out. */
async function start(args: string[], tty: boolean, env: Record<string, string> = {}): Promise<Started> {
  const out = path.join(dir, `${running.length}.json`);
  const command = [process.execPath, BIN, ...args].map(q).join(' ');
  const child = tty
    ? spawn('script', ['-qefc', `stty cols 100 rows 40; exec ${command} > ${q(out)}`, '/dev/null'], {
        env: scrubbedEnv({ TERM: 'xterm-256color', ...env }),
        stdio: ['pipe', 'pipe', 'pipe'],
      })
    : spawn(process.execPath, [BIN, ...args], { env: scrubbedEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (tty ? (screen += d) : (stdout += d)));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
  const closed = new Promise((resolve) => child.on('close', resolve));
  // Ctrl-C typed at the terminal, or SIGINT: either way the server's own stop.
  const stop = (): unknown => (tty ? child.stdin.write('\x03') : child.kill('SIGINT'));
  running.push({ stop, closed });
  const json = (): string => (tty ? readText(out) : stdout);
  // Ready: the JSON line is whole and, at a terminal, the lines after it are out (the last says how to stop).
  const block = tty && !args.includes('json');
  await expect
    .poll(() => json().endsWith('\n') && (!block || /Ctrl-C stops it\./.test(screen)), { timeout: 20_000 })
    .toBe(true);
  const shown = (): string => screen.replace(/\r\n/g, '\n');
  return {
    json: JSON.parse(json()) as Record<string, unknown>,
    screen: shown(),
    stop: async () => (stop(), await closed, shown()),
  };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** `export NAME=value` lines as the shell would read them (values here need no unquoting but '…'). */
function exportsOf(screen: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [, name, value] of screen.matchAll(/^ {2}export (\w+)=(\S+)$/gm))
    found[name!] = value!.replace(/^'(.*)'$/, '$1');
  return found;
}

describe.skipIf(requirePty())('at a terminal', () => {
  it('emulator: the URL and the two exports, which work pasted; stdout is the same JSON line', async () => {
    const { json, screen } = await start(['emulator'], true);
    expect(Object.keys(json)).toEqual(['baseUrl', 'apiKeys', 'profile', 'quirks']);
    expect(screen).toContain(`Emulator ready at ${String(json.baseUrl)}. In another terminal, paste:\n`);
    const exported = exportsOf(screen);
    expect(exported).toEqual({ GEMTOKEN_BASE_URL: json.baseUrl, GEMINI_API_KEY: (json.apiKeys as string[])[0] });
    expect(screen).toContain('\n  gemtoken talk --text "hello" --once --no-speaker\n');
    // Pasted into another shell, they are all mint and talk need.
    const talk = await runCli(['talk', '--text', 'hello', '--once', '--no-speaker'], { env: exported });
    expect(talk.code, talk.stderr).toBe(0);
    expect(talk.stdout).toMatch(/^gemini: /m);
  });

  it('emulator: a key the environment already holds is not shown again', async () => {
    const key = 'AIzaSyUserKeyGivenToTheEmulator0123456';
    const { json, screen } = await start(['emulator', '--api-key', key], true, { GEMINI_API_KEY: key });
    expect(json.apiKeys).toEqual([key]);
    expect(screen).not.toContain(key);
    expect(screen).toContain('\n  (GEMINI_API_KEY already holds the key it accepts)\n');
    expect(exportsOf(screen)).toEqual({ GEMTOKEN_BASE_URL: json.baseUrl });
  });

  it('emulator --log json: stderr stays NDJSON, as asked', async () => {
    const { stop } = await start(['emulator', '--log', 'json'], true);
    // The terminal echoes the Ctrl-C that stops it as ^C.
    const lines = (await stop()).replace(/\^C/g, '').trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
  });

  it('emulator --record: clients keep their own key', async () => {
    const { json, screen } = await start(
      ['emulator', '--record', path.join(dir, 'cassettes'), '--upstream', 'http://127.0.0.1:9'],
      true,
    );
    expect(screen).toContain(`Recording proxy ready at ${String(json.baseUrl)}.`);
    expect(exportsOf(screen)).toEqual({ GEMTOKEN_BASE_URL: json.baseUrl });
    expect(screen).toContain('keep your own GEMINI_API_KEY');
  });

  it('serve --emulator: the page, POST /token and a curl line that mints', async () => {
    const { json, screen } = await start(['serve', '--emulator', '--port', '0'], true);
    const url = String(json.url);
    expect(screen).toContain(`\n  page:    ${url}/   (open it in a browser)\n`);
    expect(screen).toContain(`\n  tokens:  POST ${url}/token\n`);
    expect(screen).toContain(`\ntry:  curl -s -X POST ${url}/token\n`);
    const minted = await fetch(`${url}/token`, { method: 'POST' });
    expect(minted.status).toBe(200);
  });

  it('serve --auth bearer:NAME: curl sends the variable, never its value', async () => {
    const secret = 'a-shared-secret-of-the-token-server-0123';
    const { json, screen } = await start(
      ['serve', '--emulator', '--port', '0', '--auth', 'bearer:TOKEN_SECRET'],
      true,
      {
        TOKEN_SECRET: secret,
      },
    );
    expect(screen).toContain(`curl -s -X POST --oauth2-bearer "$TOKEN_SECRET" ${String(json.url)}/token`);
    expect(screen).not.toContain(secret);
  });

  it.skipIf(requireTools(['bash', 'curl'], 'apt-get install bash curl'))(
    'serve: the curl line, pasted, mints',
    async () => {
      const secret = 'another-shared-secret-of-the-server-4567';
      const { screen } = await start(['serve', '--emulator', '--port', '0', '--auth', 'bearer:TOKEN_SECRET'], true, {
        TOKEN_SECRET: secret,
      });
      const line = /^try: {2}(curl .*)$/m.exec(screen)![1]!;
      const curl = spawnSync('bash', ['-c', line], { env: scrubbedEnv({ TOKEN_SECRET: secret }), encoding: 'utf8' });
      expect(curl.stdout).toMatch(/^\{"name":"auth_tokens\//);
    },
  );
});

describe('into pipes: what scripts parse, unchanged', () => {
  it('emulator: stdout is the JSON line alone, stderr only its log', async () => {
    const { json, stop } = await start(['emulator'], false);
    expect(Object.keys(json)).toEqual(['baseUrl', 'apiKeys', 'profile', 'quirks']);
    const log = (await stop()).trimEnd().split('\n');
    expect(log.map((line) => line.replace(/^\S+Z (\w+).*$/, '$1'))).toEqual(['listening', 'stopped']);
  });

  it('serve: stdout is {"url"} alone, stderr says nothing', async () => {
    const { json, stop } = await start(['serve', '--emulator', '--port', '0'], false);
    expect(Object.keys(json)).toEqual(['url', 'baseUrl']);
    expect(await stop()).toBe('');
  });
});
