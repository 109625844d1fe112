// Generated at the cassette sink: whatever key a client sends (query string, x-goog-api-key
// or Bearer) and however the upstream echoes it afterwards (base64/base64url at any alignment, re-cased,
// split by separators, URL-encoded, inside any text of a reply or a frame), no line the recorder writes
// holds any form of it. Seeded: FC_SEED=<seed> replays a failure.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { CassetteLine } from '../../../src/emulator/record/cassette.js';
import { newRedactionState, redactLine } from '../../../src/emulator/record/redact.js';
import { expectNoCanary } from '../../security/hostile.js';

const SEED = Number(process.env['FC_SEED'] ?? 19_013);
const RUNS = Number(process.env['FC_RUNS'] ?? 200);

const keyArb = fc.stringMatching(/^[A-Za-z0-9_-]{20,40}$/).map((tail) => `AIza${tail}`);

function echoArb(key: string): fc.Arbitrary<string> {
  const b64 = fc
    .tuple(fc.uint8Array({ maxLength: 4 }), fc.uint8Array({ maxLength: 4 }), fc.boolean())
    .map(([pre, post, url]) =>
      Buffer.concat([Buffer.from(pre), Buffer.from(key), Buffer.from(post)]).toString(url ? 'base64url' : 'base64'),
    );
  // Separators that JSON does not escape, so the written line can be checked as text.
  const split = fc
    .array(fc.constantFrom(' ', '-', '.', ':', ' / ', '_'), { minLength: key.length, maxLength: key.length })
    .map((seps) => [...key].map((c, i) => c + seps[i]).join(''));
  return fc.oneof(
    fc.constant(key),
    fc.constant(key.toLowerCase()),
    fc.constant(key.toUpperCase()),
    fc.constant(encodeURIComponent(key)),
    b64,
    split,
  );
}

describe('redactLine, generated', () => {
  it('no form of the client key reaches any cassette line', () => {
    const cases = keyArb.chain((key) =>
      fc.record({
        key: fc.constant(key),
        how: fc.constantFrom('query', 'header', 'bearer'),
        echoes: fc.array(fc.tuple(echoArb(key), fc.string({ unit: 'grapheme-ascii', maxLength: 20 })), {
          minLength: 1,
          maxLength: 3,
        }),
      }),
    );
    fc.assert(
      fc.property(cases, ({ key, how, echoes }) => {
        const state = newRedactionState();
        const headers =
          how === 'header' ? { 'x-goog-api-key': key } : how === 'bearer' ? { authorization: `Bearer ${key}` } : {};
        const request: CassetteLine = {
          t: 0,
          dir: 'client',
          kind: 'rest-request',
          id: 1,
          method: 'POST',
          path: `/v1alpha/auth_tokens${how === 'query' ? `?key=${key}` : ''}`,
          headers,
          body: {},
        };
        const text = echoes.map(([echo, around]) => `${around}${echo}${around}`).join(' ');
        const reply: CassetteLine = {
          t: 1,
          dir: 'server',
          kind: 'rest-response',
          id: 1,
          status: 400,
          headers: {},
          body: { error: { message: text, details: [{ echo: text }] } },
        };
        const frame: CassetteLine = {
          t: 2,
          dir: 'server',
          kind: 'frame',
          json: { serverContent: { outputTranscription: { text } } },
        };
        const written = [request, reply, frame].map((line) => JSON.stringify(redactLine(line, state))).join('\n');
        expectNoCanary({ cassette: written }, key);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
