// --tools (talk and mint): both accepted shapes, inline / @file / path, and every bad input as one
// UsageError (exit 2) naming the path of what is wrong.
import { describe, expect, it } from 'vitest';
import { ExitCode, UsageError } from '../../../src/errors.js';
import { loadToolsFlag, normalizeTools } from '../../../src/token/config/tools-flag.js';
import { toWireTools } from '../../../src/token/config/tools.js';
import type { TextIo } from '../../../src/token/text-io.js';

const io = (files: Record<string, string> = {}): TextIo => ({
  readFile: async (path) => {
    if (path in files) return files[path]!;
    throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  },
  readStdin: async () => '',
});
const GET_TIME = { name: 'get_time', description: 'the current time' };

describe('--tools shapes', () => {
  it.each([
    ['a list of declarations', [GET_TIME], [{ functionDeclarations: [GET_TIME] }]],
    ['one declaration', GET_TIME, [{ functionDeclarations: [GET_TIME] }]],
    [
      'a tools array',
      [{ functionDeclarations: [GET_TIME] }, { googleSearch: {} }],
      [{ functionDeclarations: [GET_TIME] }, { googleSearch: {} }],
    ],
    ['one tool', { functionDeclarations: [GET_TIME] }, [{ functionDeclarations: [GET_TIME] }]],
    [
      'NON_BLOCKING kept',
      [{ ...GET_TIME, behavior: 'NON_BLOCKING' }],
      [{ functionDeclarations: [{ ...GET_TIME, behavior: 'NON_BLOCKING' }] }],
    ],
  ])('%s', (_name, input, tools) => {
    expect(normalizeTools(input as never, '--tools')).toEqual(tools);
  });

  it('inline, @file and a bare path all load', async () => {
    const text = JSON.stringify([GET_TIME]);
    const files = { 'tools.json': text };
    for (const value of [text, '@tools.json', 'tools.json']) {
      expect(await loadToolsFlag(value, io(files))).toEqual([{ functionDeclarations: [GET_TIME] }]);
    }
  });

  it('maps to the wire like --config tools (schema types upper-cased by the SDK rules)', () => {
    const tools = normalizeTools(
      [{ name: 'w', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
      '--tools',
    );
    expect(toWireTools(tools)).toEqual([
      {
        functionDeclarations: [{ name: 'w', parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } } } }],
      },
    ]);
  });
});

describe('--tools refusals (exit 2, with the path)', () => {
  it.each([
    ['unknown declaration key', [{ name: 'f', paramters: {} }], /unknown key "\[0\]\.paramters"/],
    [
      'unknown key in a tools array declaration',
      [{ functionDeclarations: [GET_TIME, { name: 'g', behaviour: 'NON_BLOCKING' }] }],
      /unknown key "\[0\]\.functionDeclarations\[1\]\.behaviour"/,
    ],
    ['unknown tool key', [{ functionDeclarations: [], googleSerch: {} }], /unknown key "\[0\]\.googleSerch"/],
    [
      'bad behavior',
      [{ name: 'f', behavior: 'ASYNC' }],
      /"\[0\]\.behavior" must be one of BLOCKING, NON_BLOCKING, UNSPECIFIED/,
    ],
    ['bad function name', [{ name: 'get time' }], /"\[0\]\.name" must be a function name/],
    [
      'duplicate name (said by position, never quoting the file)',
      [GET_TIME, GET_TIME],
      /"\[1\]\.name" is the name "\[0\]\.name" already declares/,
    ],
    ['parameters not an object', [{ name: 'f', parameters: 'x' }], /"\[0\]\.parameters" must be a schema object/],
    ['empty list', [], /non-empty list/],
    ['not an object', ['get_time'], /must be an object/],
  ])('%s', (_name, input, message) => {
    let error: unknown;
    try {
      normalizeTools(input as never, '--tools');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(ExitCode.usage);
    expect((error as UsageError).message).toMatch(message);
  });

  it.each([
    ['not JSON', '[{name:1}]', /--tools is not valid JSON/],
    ['missing file', 'nope.json', /^--tools: no such file: nope\.json$/],
    ['empty', '  ', /--tools is empty/],
  ])('%s', async (_name, value, message) => {
    await expect(loadToolsFlag(value, io())).rejects.toThrow(message);
  });

  it('a file names itself in the message', async () => {
    await expect(loadToolsFlag('@t.json', io({ 't.json': '[{"name":"f","x":1}]' }))).rejects.toThrow(
      '--tools t.json: unknown key "[0].x"',
    );
  });
});
