// Talk against arbitrary Live frames (key forms in transcripts, tool calls, handles
// and close reasons; deep JSON; wrong types; garbage; any close code; a cut connection; a raw frame
// declaring a huge payload): the exit code is one the README's table gives, a failure is one line
// without a stack trace. (No form of the key in any output: talk-frames-secrets.test.ts.)

import { describe } from 'vitest';
import { fuzzIt } from './harness.js';
import { talkCase, talkPeer } from './talk-cases.js';
import { expectCleanExit, SERVER_FACING_CODES } from './watch.js';

describe('talk against arbitrary Live frames', () => {
  const talk = talkPeer();
  fuzzIt(
    'talk: any frames give a code from the table, one line, no stack',
    talkCase,
    async (value) => expectCleanExit(await talk(value), SERVER_FACING_CODES),
    { caseMs: 20_000 },
  );
});
