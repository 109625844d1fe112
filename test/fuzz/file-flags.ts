// Every file flag with arbitrary content, through the built binary: the run ends with a code the
// README's table gives (0 when the content is good, 2 when it is bad input; 5 when talk then cannot
// reach the nowhere server), a failure is one line with no stack trace, and the error never quotes
// the file (MARKER, which every content carries, is never on stderr; for a key file nowhere at all).

import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { CANARY_KEY } from '../security/hostile.js';
import { start } from '../security/stop-once.js';
import {
  contentPlanArb,
  MARKER,
  renderContent,
  renderWav,
  wavPlanArb,
  type ContentPlan,
  type WavPlan,
} from './file-contents.js';
import { exitWithin, expectCleanExit } from './watch.js';

const NOWHERE = 'http://127.0.0.1:9';
const TOKEN = `auth_tokens/${'a'.repeat(64)}`;

export interface FileFlag {
  readonly name: string;
  readonly args: (file: string) => string[];
  readonly codes: readonly number[];
  /** A key file: its content must appear in no output at all. */
  readonly secret?: boolean;
}

const mint = (flag: string, at = '@'): FileFlag => ({
  name: `mint ${flag} ${at}file`,
  args: (f) => ['mint', '--dry-run', flag, `${at}${f}`],
  codes: [0, 2],
});
const talk = (flag: string, at: string): FileFlag => ({
  name: `talk ${flag} ${at}file`,
  args: (f) => [
    'talk',
    '--token',
    TOKEN,
    '--no-speaker',
    '--text',
    'hi',
    '--once',
    '--connect-timeout',
    '2s',
    '--base-url',
    NOWHERE,
    flag,
    `${at}${f}`,
  ],
  codes: [2, 5],
});

export const FILE_FLAGS: Record<string, FileFlag> = {
  config: mint('--config'),
  mintTools: mint('--tools'),
  systemInstruction: mint('--system-instruction'),
  apiKeyFile: { ...mint('--api-key-file', ''), secret: true },
  talkTools: talk('--tools', '@'),
  talkInput: talk('--input', ''),
};

export type FileCase = { content?: ContentPlan; wav?: WavPlan };

/** Contents for a flag: any structure, and for `--input` WAV headers with arbitrary fields as well. */
export const fileCase = (flag: FileFlag): fc.Arbitrary<FileCase> =>
  flag === FILE_FLAGS.talkInput
    ? fc.oneof(fc.record({ content: contentPlanArb }), fc.record({ wav: wavPlanArb }))
    : fc.record({ content: contentPlanArb });

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-fuzz-files-'));
let serial = 0;

/** Runs one flag with one content; throws (expect) when a promise does not hold. */
export async function checkFileFlag(flag: FileFlag, value: FileCase): Promise<void> {
  const file = path.join(dir, `input-${++serial}`);
  writeFileSync(file, value.wav ? renderWav(value.wav) : renderContent(value.content!));
  chmodSync(file, 0o600);
  const env: Record<string, string> = flag.secret ? {} : { GEMINI_API_KEY: CANARY_KEY };
  const result = await exitWithin(start(flag.args(file), { env, stdin: 'ignore' }), 20_000);
  expectCleanExit(result, flag.codes);
  expect(result.stderr, 'the error quotes the file').not.toContain(MARKER);
  if (flag.secret) expect(result.stdout, 'the key file content is printed').not.toContain(MARKER);
}
