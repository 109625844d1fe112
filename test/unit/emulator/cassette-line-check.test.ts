// A cassette line is validated whole when read (line-check.ts via parseLines), so what the player
// would throw on (ws.close with 5000 or a 124-byte reason, writeHead with status 99 or CRLF in a
// header) is exit 2 naming file:line instead. Generated: the validator accepts exactly the legal
// values, judged by independent oracles (RFC 6455's list, Node's own header checks).
import { validateHeaderName, validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLines } from '../../../src/emulator/record/cassette-lines.js';
import { cassetteLineProblem, isCassetteCloseCode } from '../../../src/emulator/record/line-check.js';
import { EmulatorOptionError } from '../../../src/emulator/durations.js';

/** Seeded: a failure prints the seed and the shrunk case; FC_SEED replays another run. */
const RUNS = { seed: Number(process.env['FC_SEED'] ?? 19), numRuns: 400 };

/** RFC 6455 section 7.4.1 and the IANA registry: what an endpoint may send; plus the recorder's 1005/1006. */
const WIRE_CODES = new Set([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014]);
const legalCode = (code: number): boolean =>
  WIRE_CODES.has(code) || code === 1005 || code === 1006 || (code >= 3000 && code <= 4999);
const nodeAccepts = (check: () => void): boolean => {
  try {
    check();
    return true;
  } catch {
    return false;
  }
};

const close = (fields: Record<string, unknown>) => ({
  t: 1,
  dir: 'server',
  kind: 'close',
  code: 1000,
  reason: '',
  ...fields,
});
const response = (fields: Record<string, unknown>) => ({
  t: 1,
  dir: 'server',
  kind: 'rest-response',
  id: 1,
  status: 200,
  headers: {},
  body: {},
  ...fields,
});

describe('cassette lines', () => {
  it.each([
    ['close code 5000', close({ code: 5000 }), /"code" must be a close code/],
    ['close code 1015', close({ code: 1015 }), /"code"/],
    ['close code 999', close({ code: 999 }), /"code"/],
    ['a 124-byte reason', close({ reason: 'x'.repeat(124) }), /"reason" is longer than the 123 bytes/],
    ['REST status 99', response({ status: 99 }), /"status" must be an HTTP status from 100 to 599/],
    ['REST status 600', response({ status: 600 }), /"status"/],
    ['REST status "200"', response({ status: '200' }), /"status"/],
    ['CRLF in a header value', response({ headers: { 'content-type': 'a\r\nx: y' } }), /header value/],
    ['NUL in a header value', response({ headers: { 'retry-after': 'a\0' } }), /header value/],
    ['a header name with a space', response({ headers: { 'a b': 'c' } }), /header name/],
    ['a content-length to replay', response({ headers: { 'content-length': '5' } }), /content-length/],
    [
      'a refused upgrade with status 200',
      { t: 1, dir: 'server', kind: 'refused', status: 200 },
      /"status" must be an HTTP status from 300/,
    ],
    ['a frame with two payloads', { t: 1, dir: 'server', kind: 'frame', json: {}, text: 'x' }, /exactly one of/],
    ['"indented" beside text', { t: 1, dir: 'server', kind: 'frame', text: 'x', indented: true }, /"indented"/],
    ['"indented" not true', { t: 1, dir: 'server', kind: 'frame', json: {}, indented: 'yes' }, /"indented"/],
    ['a frame whose base64 is not', { t: 1, dir: 'server', kind: 'frame', base64: 'é' }, /"base64"/],
    [
      'audioBytes of a terabyte',
      { t: 1, dir: 'server', kind: 'frame', json: { a: { mimeType: 'audio/pcm', data: { audioBytes: 1e12 } } } },
      /"audioBytes"/,
    ],
    ['an unknown kind', { t: 1, dir: 'server', kind: 'frames' }, /"kind" must be one of/],
    ['no dir', { t: 1, kind: 'open' }, /"dir"/],
    ['t not finite', { t: '1', dir: 'client', kind: 'open' }, /no "t"/],
  ])('%s → exit 2 naming file:line and the field, not the content', (_name, line, why) => {
    const text = `{"t":0,"dir":"client","kind":"open","path":"/x","headers":{}}\n${JSON.stringify(line)}\n`;
    expect(() => parseLines(text, 'live-0007.ndjson', '--replay')).toThrow(EmulatorOptionError);
    expect(() => parseLines(text, 'live-0007.ndjson', '--replay')).toThrow(
      /^--replay: live-0007\.ndjson line 2 is not a cassette line \(/,
    );
    expect(() => parseLines(text, 'live-0007.ndjson', '--replay')).toThrow(why);
  });

  it('what the recorder writes is accepted: 1005 and 1006 for a close without a code and a dropped connection', () => {
    for (const code of [1000, 1005, 1006, 1011, 4000]) expect(cassetteLineProblem(close({ code }))).toBeUndefined();
    expect(cassetteLineProblem({ t: 0, dir: 'client', kind: 'frame', base64: 'AAE=', binary: true })).toBeUndefined();
    expect(
      cassetteLineProblem(
        response({ headers: { 'content-type': 'application/json; charset=UTF-8', 'retry-after': '3' }, text: 'busy' }),
      ),
    ).toBeUndefined();
  });

  it('generated: a close code is accepted exactly when RFC 6455 lets it on the wire (or it is 1005/1006)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.integer({ min: 990, max: 1020 }), fc.double()),
        (code) => {
          expect(isCassetteCloseCode(code)).toBe(Number.isInteger(code) && legalCode(code));
          expect(cassetteLineProblem(close({ code })) === undefined).toBe(Number.isInteger(code) && legalCode(code));
        },
      ),
      RUNS,
    );
  });

  it('generated: a reason is accepted exactly when it fits 123 UTF-8 bytes; a status exactly from 100 to 599', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 140 }),
        fc.integer({ min: 0, max: 1000 }),
        (reason, status) => {
          expect(cassetteLineProblem(close({ reason })) === undefined).toBe(Buffer.byteLength(reason) <= 123);
          expect(cassetteLineProblem(response({ status })) === undefined).toBe(status >= 100 && status <= 599);
        },
      ),
      RUNS,
    );
  });

  it('generated: a header is accepted exactly when Node would write it', () => {
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom('\r', '\n', '\0', '\t', ' ', '\x7f', 'é', 'Ā', '€', ':', '(', '-'),
        fc.constantFrom('a', 'B', '1', '_', '.'),
      ),
      maxLength: 12,
    });
    fc.assert(
      fc.property(text, text, (name, value) => {
        const node =
          name !== '' &&
          nodeAccepts(() => validateHeaderName(name)) &&
          nodeAccepts(() => validateHeaderValue(name, value));
        expect(
          cassetteLineProblem({ t: 0, dir: 'client', kind: 'open', path: '/', headers: { [name]: value } }) ===
            undefined,
        ).toBe(node);
      }),
      RUNS,
    );
  });

  it('generated: any line of text either reads or is one EmulatorOptionError naming the file and line', () => {
    const token = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      '"t":0',
      '"t":',
      '"dir":"server"',
      '"kind":"close"',
      '"kind":"frame"',
      '"code":5000',
      '"code":1000',
      '"json":',
      '"text":"x"',
      ',',
      ':',
      '1',
      'null',
      '"',
      '\\',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), (tokens) => {
        try {
          parseLines(tokens.join(''), 'live-0001.ndjson', '--replay');
        } catch (error) {
          expect(error).toBeInstanceOf(EmulatorOptionError);
          expect((error as Error).message).toMatch(
            /^--replay: live-0001\.ndjson line 1 is not a cassette line \([^\n]*\)$/,
          );
        }
      }),
      RUNS,
    );
  });
});
