// What a user's file or flag holds is checked whole before anything runs. A hand-edited
// cassette line (close code 5000, a close reason over 123 bytes, REST status 99, a header value with
// CRLF) killed the replayer when play reached it: now exit 2 naming file:line before it listens.
// `--tools` nested 1,000 levels was exit 1 "internal error" in mint and talk: now exit 2, one line
// naming the position, never quoting the file. A scenario nested too deep is exit 2 as well.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasStackTrace, runCli, type RunResult } from '../helpers/cli.js';
import { KEY_PATH } from '../helpers/live-client.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-hostile-files-'));
const ndjson = (lines: readonly unknown[]): string => `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
const OPEN = { t: 0, dir: 'client', kind: 'open', path: `${KEY_PATH}?key=<redacted>`, headers: {} };
const SETUP = { t: 5, dir: 'client', kind: 'frame', json: { setup: { model: 'models/gemini-3.8-live' } } };
const REQUEST = {
  t: 0,
  dir: 'client',
  kind: 'rest-request',
  id: 1,
  method: 'POST',
  path: '/v1alpha/auth_tokens',
  headers: {},
  body: {},
};

function cassetteDir(name: string, files: Record<string, readonly unknown[]>): string {
  const made = mkdtempSync(path.join(dir, `${name}-`));
  for (const [file, lines] of Object.entries(files)) writeFileSync(path.join(made, file), ndjson(lines));
  return made;
}

function expectOneLine(result: RunResult, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(hasStackTrace(result)).toBe(false);
  expect(result.stdout).toBe('');
  // One error line (and the usual hint line).
  const [first, ...rest] = result.stderr.trimEnd().split('\n');
  expect(first).toMatch(message);
  expect(rest.filter((line) => !line.startsWith('hint: '))).toEqual([]);
}

describe('emulator --replay with a hand-edited cassette line: exit 2 naming file:line, before it listens', () => {
  it.each([
    [
      'close code 5000',
      'live-0001.ndjson',
      [OPEN, SETUP, { t: 9, dir: 'server', kind: 'close', code: 5000, reason: '' }],
      /live-0001\.ndjson line 3 .*"code" must be a close code/,
    ],
    [
      'close code 1004',
      'live-0001.ndjson',
      [OPEN, SETUP, { t: 9, dir: 'server', kind: 'close', code: 1004, reason: '' }],
      /live-0001\.ndjson line 3 .*"code"/,
    ],
    [
      'a close reason of 124 bytes',
      'live-0001.ndjson',
      [OPEN, SETUP, { t: 9, dir: 'server', kind: 'close', code: 1000, reason: 'é'.repeat(62) }],
      /live-0001\.ndjson line 3 .*"reason" is longer than the 123 bytes/,
    ],
    [
      'REST status 99',
      'rest.ndjson',
      [REQUEST, { t: 1, dir: 'server', kind: 'rest-response', id: 1, status: 99, headers: {}, body: {} }],
      /rest\.ndjson line 2 .*"status" must be an HTTP status from 100 to 599/,
    ],
    [
      'a header value with CRLF',
      'rest.ndjson',
      [
        REQUEST,
        {
          t: 1,
          dir: 'server',
          kind: 'rest-response',
          id: 1,
          status: 200,
          headers: { 'content-type': 'a\r\nx-evil: 1' },
          body: {},
        },
      ],
      /rest\.ndjson line 2 .*header value/,
    ],
    [
      'a header name that is not a token',
      'live-0001.ndjson',
      [OPEN, { t: 1, dir: 'server', kind: 'refused', status: 429, headers: { 'bad name': 'x' } }],
      /live-0001\.ndjson line 2 .*header name/,
    ],
    [
      'a frame with no payload',
      'live-0001.ndjson',
      [OPEN, SETUP, { t: 9, dir: 'server', kind: 'frame' }],
      /live-0001\.ndjson line 3 .*exactly one of "json", "text" or "base64"/,
    ],
    [
      'a line nested 50,000 levels deep',
      'live-0001.ndjson',
      [OPEN, SETUP],
      /live-0001\.ndjson line 3 .*nested deeper than/,
    ],
  ])('%s', async (name, file, lines, message) => {
    const cassettes = cassetteDir(name.replace(/\W+/g, '-'), { [file]: lines });
    if (name.includes('50,000'))
      writeFileSync(path.join(cassettes, file), `${ndjson(lines)}${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    const result = await runCli(['emulator', '--port', '0', '--replay', cassettes]);
    expectOneLine(result, new RegExp(`^gemtoken: --replay: ${message.source}`));
    // Position and rule only: nothing of the line itself.
    expect(result.stderr).not.toMatch(/x-evil|éé|\[\[\[/);
  });
});

describe('--tools nested 1,000 levels deep', () => {
  let deep = '{"type":"STRING"}';
  for (let i = 0; i < 1000; i++) deep = `{"type":"OBJECT","properties":{"a":${deep}}}`;
  const tools = `[{"name":"f","parameters":${deep}}]`;
  writeFileSync(path.join(dir, 'deep-tools.json'), tools);
  const env = { GEMINI_API_KEY: 'AIzaSyD-not-a-real-key-0000000000000000', GEMTOKEN_BASE_URL: 'http://127.0.0.1:1' };

  it.each([
    [
      'mint, inline',
      ['mint', '--tools', tools],
      /^gemtoken: --tools is nested deeper than 64 levels at line 1, column \d+$/m,
    ],
    [
      'mint, @file',
      ['mint', '--tools', `@${path.join(dir, 'deep-tools.json')}`],
      /^gemtoken: --tools .*deep-tools\.json is nested deeper than 64 levels at line 1, column \d+$/m,
    ],
    [
      'talk',
      ['talk', '--text', 'hi', '--no-speaker', '--tools', path.join(dir, 'deep-tools.json')],
      /^gemtoken: --tools .*deep-tools\.json is nested deeper than 64 levels at line 1, column \d+$/m,
    ],
    [
      'mint --config',
      ['mint', '--config', `{"tools":${tools}}`],
      /^gemtoken: --config is nested deeper than 64 levels at line 1, column \d+$/m,
    ],
  ])('%s: exit 2, one line naming the position (was exit 1 "internal error")', async (_name, args, message) => {
    const result = await runCli(args, { env });
    expect(result.code).toBe(2);
    expect(hasStackTrace(result)).toBe(false);
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stderr).not.toContain('"OBJECT"');
  });
});

describe('a key file named by mistake as --tools or --config', () => {
  it.each([['--tools'], ['--config']])(
    "%s @file: exit 2 naming the position, never the file's first characters",
    async (flag) => {
      const key = 'AIzaSyD-this-is-the-secret-0123456789abc';
      writeFileSync(path.join(dir, 'key.txt'), `${key}\n`);
      const result = await runCli(['mint', flag, `@${path.join(dir, 'key.txt')}`], {
        env: { GEMINI_API_KEY: 'AIzaSyD-not-a-real-key-0000000000000000', GEMTOKEN_BASE_URL: 'http://127.0.0.1:1' },
      });
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toMatch(/is not valid JSON at line 1, column 1$/);
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/AIzaSyD-this|secret/);
    },
  );
});

describe('emulator --scenario nested too deep', () => {
  it.each([
    [
      'deep.yaml',
      `turns:\n  - expect: anything\n    model: { toolCall: { name: f, args: ${'['.repeat(50_000)}${']'.repeat(50_000)} } }\n`,
    ],
    [
      'deep-block.yaml',
      `turns:\n  - expect: anything\n    model:\n      toolCall:\n        name: f\n        args:\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(10 + 2 * i)}k${i}:`).join('\n')} 1\n`,
    ],
    [
      'deep.json',
      `{"turns":[{"model":{"toolCall":{"name":"f","args":{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}}}}]}`,
    ],
    // The property suite's file: 2,125 compact block sequences, then a flow sequence back
    // at column 1 closing them all at once; the YAML parser's unwinding recursed once per level.
    ['deep-dedent.yaml', `${'- '.repeat(2125)}QZX7MARK\n${'['.repeat(2125)}`],
  ])('%s: exit 2, one line naming the line and column', async (name, text) => {
    writeFileSync(path.join(dir, name), text);
    const result = await runCli(['emulator', '--port', '0', '--scenario', path.join(dir, name)]);
    const where =
      /(line \d+, column \d+: nested deeper than 100 levels|nested deeper than 100 levels at line \d+, column \d+)$/;
    expectOneLine(result, new RegExp(`^gemtoken: --scenario ${name.replace('.', '\\.')}: .*${where.source}`));
  });
});
