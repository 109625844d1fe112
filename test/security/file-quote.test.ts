// An error about a file the user named says where it breaks, never what it holds. The
// file given by mistake is often the key file itself (`--tools @key.txt`): V8's JSON.parse message quotes
// its first characters. Each case names the key file (or a file holding the key) where a JSON file was
// expected and checks the built binary's stderr.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { CANARY_KEY, expectNoCanary } from './hostile.js';

let dir: string;
let keyFile: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-quote-'));
  keyFile = path.join(dir, 'key.txt');
  // Not the key of the run (no GEMINI_API_KEY is set): nothing knows it is a secret, so only not quoting keeps it out.
  writeFileSync(keyFile, `${CANARY_KEY}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a parse error quotes no content of the file', () => {
  it.each<[string, () => string[], RegExp]>([
    [
      'mint --tools @file',
      () => ['mint', '--dry-run', '--tools', `@${keyFile}`],
      /^gemtoken: --tools .*key\.txt is not valid JSON at line 1, column 1$/m,
    ],
    [
      'talk --tools @file',
      () => ['talk', '--text', 'hi', '--no-speaker', '--token', 'auth_tokens/abc', '--tools', `@${keyFile}`],
      /is not valid JSON at line 1, column 1$/m,
    ],
    [
      'mint --config @file',
      () => ['mint', '--dry-run', '--config', `@${keyFile}`],
      /is not valid JSON at line 1, column 1$/m,
    ],
    [
      'emulator --scenario file.json',
      () => {
        const file = path.join(dir, 'scenario.json');
        writeFileSync(file, `{"turns": ${CANARY_KEY}}`);
        return ['emulator', '--scenario', file, '--port', '0'];
      },
      /not valid JSON at line 1, column 11;/,
    ],
    [
      'emulator --replay with a line that is not JSON',
      () => {
        const replay = mkdtempSync(path.join(dir, 'replay-'));
        writeFileSync(path.join(replay, 'rest.ndjson'), `${CANARY_KEY}\n`);
        return ['emulator', '--replay', replay, '--port', '0'];
      },
      /rest\.ndjson line 1 is not a cassette line \(not valid JSON at column 1\)/,
    ],
  ])('%s', async (_label, args, expected) => {
    const result = await runCli(args(), { env: {}, timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(expected);
    expect(hasStackTrace(result)).toBe(false);
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });

  it('a structural error naming a key from the file: the key in the environment is known before any flag is read', async () => {
    const file = path.join(dir, 'tools.json');
    writeFileSync(file, JSON.stringify([{ name: 'get_time', [CANARY_KEY]: 1 }]));
    const result = await runCli(['mint', '--dry-run', '--tools', `@${file}`], { env: { GEMINI_API_KEY: CANARY_KEY } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown key "\[0\]\.\[REDACTED\]"/);
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });
});
