// A second recording into the same directory: what the existing cassettes have used up
// (REST ids, token placeholders) is read from their lines, and the new recording counts on after it;
// replay and export pair each REST request with its own answer, even in a directory appended to
// before ids carried on.
import { describe, expect, it } from 'vitest';
import { EmulatorOptionError } from '../../../src/emulator/durations.js';
import type { CassetteLine } from '../../../src/emulator/record/cassette.js';
import { pairRest, parseLines } from '../../../src/emulator/record/cassette-lines.js';
import { FRESH, continuation } from '../../../src/emulator/record/continuation.js';
import { newRedactionState, placeholderName, redactLine } from '../../../src/emulator/record/redact.js';

const request = (id: unknown, t = 0): CassetteLine => ({
  t,
  dir: 'client',
  kind: 'rest-request',
  id,
  method: 'POST',
  path: '/v1alpha/auth_tokens',
  headers: {},
  body: {},
});
const response = (id: unknown, status: number, name?: number): CassetteLine => ({
  t: 1,
  dir: 'server',
  kind: 'rest-response',
  id,
  status,
  headers: {},
  body: name === undefined ? { error: { code: status } } : { name: placeholderName(name) },
});
const open = (path: string, headers: Record<string, string> = {}): CassetteLine => ({
  t: 0,
  dir: 'client',
  kind: 'open',
  path,
  headers,
});

describe('continuation', () => {
  it('of an empty directory (or one with empty files) is nothing used', () => {
    expect(continuation([])).toEqual(FRESH);
    expect(continuation([[], []])).toEqual({ restId: 0, placeholder: 0 });
  });

  it('is the highest REST id and the highest placeholder across every file, in whatever order the files come', () => {
    const rest = [request(1), response(1, 200, 1), request(2), request(3), response(3, 200, 2), response(2, 429)];
    const live = [
      open('/ws/m?access_token=auth_tokens/<placeholder-2>'),
      { t: 3, dir: 'server', kind: 'close', code: 1000, reason: '' } as CassetteLine,
    ];
    expect(continuation([rest, live])).toEqual({ restId: 3, placeholder: 2 });
    expect(continuation([live, rest])).toEqual({ restId: 3, placeholder: 2 });
  });

  it('finds placeholders only a Live cassette holds (a token minted elsewhere), %2F-encoded or in a header', () => {
    expect(continuation([[open('/ws/m?access_token=auth_tokens%2F<placeholder-7>')]])).toEqual({
      restId: 0,
      placeholder: 7,
    });
    expect(continuation([[open('/ws/m', { authorization: 'Token auth_tokens/<placeholder-4>' })]])).toEqual({
      restId: 0,
      placeholder: 4,
    });
    expect(
      continuation([
        [
          {
            t: 0,
            dir: 'server',
            kind: 'frame',
            json: { echo: 'auth_tokens/<placeholder-12> and auth_tokens/<placeholder-3>' },
          },
        ],
      ]),
    ).toEqual({ restId: 0, placeholder: 12 });
  });

  it('ignores ids a recorder never writes (a hand-edited cassette: replay compares them exactly, so numbers cannot collide) and rounds a fraction up', () => {
    expect(continuation([[request('9'), request(null), response(undefined, 200), request(Number.NaN)]])).toEqual(FRESH);
    expect(continuation([[request(2.5)]])).toEqual({ restId: 3, placeholder: 0 });
    // An id on a line that is not a REST exchange is not one.
    expect(continuation([[{ t: 0, dir: 'client', kind: 'frame', json: {}, id: 40 }]])).toEqual(FRESH);
  });
});

describe('redaction after earlier recordings', () => {
  it("numbers this recording's tokens after the placeholders already used, still stable within it", () => {
    const state = newRedactionState(2);
    const named = redactLine({ ...response(4, 200), body: { name: 'auth_tokens/abcdef0123456789' } }, state);
    const session = redactLine(open('/ws/m?access_token=auth_tokens/abcdef0123456789'), state);
    const other = redactLine({ ...response(5, 200), body: { name: 'auth_tokens/fedcba9876543210' } }, state);
    expect([named['body'], session['path'], other['body']]).toEqual([
      { name: placeholderName(3) },
      '/ws/m?access_token=auth_tokens/<placeholder-3>',
      { name: placeholderName(4) },
    ]);
    // A placeholder an earlier recording wrote is left as it is, not renumbered.
    expect(redactLine(open('/ws/m?access_token=auth_tokens/<placeholder-1>'), state)['path']).toBe(
      '/ws/m?access_token=auth_tokens/<placeholder-1>',
    );
  });
});

describe('pairRest', () => {
  it('pairs each request with the answer of the same id, in request order, whatever order the answers came in', () => {
    const lines = [request(1), request(2), response(2, 200, 1), response(1, 429), request(3)];
    expect(pairRest(lines).map(({ request, response }) => [request['id'], response?.['status']])).toEqual([
      [1, 429],
      [2, 200],
      [3, undefined],
    ]);
  });

  it('pairs a directory appended to before ids carried on (each recording restarted them at 1) within each recording', () => {
    const lines = [request(1), response(1, 200, 1), request(1), response(1, 429), request(2), response(2, 200, 1)];
    expect(pairRest(lines).map(({ response }) => response?.['status'])).toEqual([200, 429, 200]);
  });

  it('leaves an answer without a request out', () => {
    expect(
      pairRest([response(1, 200), request(1), response(1, 503)]).map(({ response }) => response?.['status']),
    ).toEqual([503]);
  });
});

describe('parseLines', () => {
  it('skips blank lines and names the file and line of one that is not a cassette line', () => {
    expect(parseLines('{"t":0,"dir":"client","kind":"open"}\n\n', 'live-0001.ndjson', '--record')).toHaveLength(1);
    const bad = () =>
      parseLines(
        '{"t":0,"dir":"client","kind":"open"}\n{"t":1,"dir":"se',
        'rest.ndjson',
        '--record: cannot append to "d"',
      );
    expect(bad).toThrow(EmulatorOptionError);
    expect(bad).toThrow(/^--record: cannot append to "d": rest\.ndjson line 2 is not a cassette line \(/);
    expect(() => parseLines('{"dir":"client"}\n', 'rest.ndjson', '--replay')).toThrow(
      '--replay: rest.ndjson line 1 is not a cassette line (no "t" or "kind")',
    );
  });
});
