// It failed before the secrets redactor (one filter at every sink) landed; it guards it now.
//
// Talk against arbitrary Live frames: no form of the key in stdout (text or
// --events), stderr or the --transcript file, whatever the server sends back.

import { describe, expect } from 'vitest';
import { fuzzIt } from './harness.js';
import { leaks } from './key-forms.js';
import { talkCase, talkPeer } from './talk-cases.js';

describe('talk against arbitrary Live frames: secrets', () => {
  const talk = talkPeer();
  fuzzIt(
    'talk: no form of the key in stdout, stderr or the transcript',
    talkCase,
    async (value) => {
      const result = await talk(value);
      expect(leaks({ stdout: result.stdout, stderr: result.stderr, transcript: result.transcript })).toEqual([]);
    },
    { caseMs: 20_000 },
  );
});
