// The pure parts of the emulator's function calling: which functions a setup declares, which calls
// a turn's text makes, toolResponse decoding and the conversation's ledger of ids.
import { describe, expect, it } from 'vitest';
import { KEPT_JSON_CHARS, ToolLedger } from '../../../src/emulator/live/tool-ledger.js';
import { MAX_CALLS_PER_TURN, declaredFunctions, findCalls, objectAt } from '../../../src/emulator/live/tool-match.js';
import { decodeToolResponse } from '../../../src/emulator/live/tool-response.js';
import { resultsText } from '../../../src/emulator/live/tool-turns.js';

const declared = declaredFunctions({
  tools: [
    { googleSearch: {} },
    {
      functionDeclarations: [
        { name: 'get_time', description: 't' },
        { name: 'get_time_zone' },
        { name: 'ping', behavior: 'NON_BLOCKING' },
      ],
    },
    { functionDeclarations: [{ description: 'no name' }, 'junk', { name: 'a.b', behavior: 'BLOCKING' }] },
  ],
});

describe('declaredFunctions', () => {
  it('reads every functionDeclarations entry with a name; behavior defaults to BLOCKING', () => {
    expect([...declared.values()]).toEqual([
      { name: 'get_time', behavior: 'BLOCKING' },
      { name: 'get_time_zone', behavior: 'BLOCKING' },
      { name: 'ping', behavior: 'NON_BLOCKING' },
      { name: 'a.b', behavior: 'BLOCKING' },
    ]);
  });
  it.each([[{}], [{ tools: 'x' }], [{ tools: [{ functionDeclarations: {} }] }]])('is empty for %j', (setup) => {
    expect(declaredFunctions(setup).size).toBe(0);
  });
});

describe('findCalls', () => {
  const names = (text: string) => findCalls(text, declared).map((c) => [c.name, c.args]);
  it.each([
    ['please call get_time', [['get_time', {}]]],
    ['get_time {"tz":"UTC"}', [['get_time', { tz: 'UTC' }]]],
    ['get_time{"tz":"a}b","n":{"x":1}} now', [['get_time', { tz: 'a}b', n: { x: 1 } }]]],
    ['get_time {not json}', [['get_time', {}]]],
    ['get_time [1,2]', [['get_time', {}]]],
    // Args nested 50,000 deep would overflow the toolCall's JSON.stringify.
    [`get_time ${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`, [['get_time', {}]]],
    [
      'get_time_zone, then get_time.',
      [
        ['get_time_zone', {}],
        ['get_time', {}],
      ],
    ],
    ['forget_time or get_times or xget_time', []],
    ['a.b and a', [['a.b', {}]]],
    [
      'get_time {"q":"ping"} and ping',
      [
        ['get_time', { q: 'ping' }],
        ['ping', {}],
      ],
    ],
    ['GET_TIME', []],
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });
  it('carries the declared behavior and stops at MAX_CALLS_PER_TURN', () => {
    expect(findCalls('ping', declared)).toEqual([{ name: 'ping', args: {}, behavior: 'NON_BLOCKING' }]);
    expect(findCalls('ping '.repeat(50), declared)).toHaveLength(MAX_CALLS_PER_TURN);
  });
  it('objectAt finds a balanced object only', () => {
    expect(objectAt('{"a":"\\"}"}x', 0)).toBe('{"a":"\\"}"}');
    expect(objectAt('{"a":1', 0)).toBeUndefined();
    expect(objectAt(' {}', 0)).toBeUndefined();
  });
});

describe('decodeToolResponse', () => {
  it('accepts the SDK shape, defaulting response to {}', () => {
    const decoded = decodeToolResponse({
      functionResponses: [
        { id: 'x', name: 'n', response: { a: 1 }, scheduling: 'INTERRUPT', willContinue: true },
        { id: 'y' },
      ],
    });
    expect(decoded).toEqual({
      ok: true,
      value: [
        { id: 'x', name: 'n', response: { a: 1 }, scheduling: 'INTERRUPT', willContinue: true },
        { id: 'y', name: undefined, response: {}, scheduling: undefined, willContinue: false },
      ],
    });
  });
  it.each([
    [[], 'Request contains an invalid argument.'],
    [{ functionResponses: {} }, 'Request contains an invalid argument.'],
    [{ functionResponses: [], extra: 1 }, `Unknown name "extra" at 'tool_response'`],
    [{ functionResponses: [{ name: 'n' }] }, 'tool_response.function_responses[0].id is required'],
    [
      { functionResponses: [{ id: 'x', response: 'text' }] },
      "Invalid value at 'tool_response.function_responses[0].response'",
    ],
    [
      { functionResponses: [{ id: 'x', scheduling: 'SOON' }] },
      "Invalid value at 'tool_response.function_responses[0].scheduling'",
    ],
    [{ functionResponses: [{ id: 'x', bogus: 1 }] }, `Unknown name "bogus" at 'tool_response.function_responses[0]'`],
  ])('%j closes 1007: %s', (body, reason) => {
    const decoded = decodeToolResponse(body);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.close.code).toBe(1007);
      expect(decoded.close.reason).toContain(reason);
    }
  });
});

describe('ToolLedger', () => {
  const call = (name: string, behavior: 'BLOCKING' | 'NON_BLOCKING' = 'BLOCKING') => ({ name, args: {}, behavior });
  const answer = (id: string, extra = {}) => ({
    id,
    name: undefined,
    response: { ok: id },
    scheduling: undefined,
    willContinue: false,
    ...extra,
  });

  it('hands out unique ids and waits for every blocking call of a batch', () => {
    const ledger = new ToolLedger('c9');
    const [a, b] = ledger.call([call('f'), call('g')], 1);
    expect([a!.id, b!.id]).toEqual(['function-call-c9-1', 'function-call-c9-2']);
    expect(ledger.blockingPending).toBe(true);
    const first = ledger.respond([answer(a!.id)], 2);
    expect(first).toMatchObject({ ok: true, blockingDone: undefined });
    const second = ledger.respond([answer(b!.id)], 3);
    expect(second).toMatchObject({ ok: true, blockingDone: [{ id: a!.id, response: { ok: a!.id } }, { id: b!.id }] });
    expect(ledger.blockingPending).toBe(false);
    expect(b).toMatchObject({ respondedAt: 3, responses: 1, pending: false, cancelled: false });
  });

  it('refuses an unknown id and a second answer, naming the id, and changes nothing when it does', () => {
    const ledger = new ToolLedger('c1');
    const [a, b] = ledger.call([call('f'), call('g')], 1);
    expect(ledger.respond([answer(a!.id), answer('nope')], 2)).toEqual({
      ok: false,
      close: { code: 1007, reason: 'toolResponse for unknown function call id "nope"' },
    });
    expect(a!.pending).toBe(true);
    expect(ledger.respond([answer(a!.id), answer(a!.id)], 2)).toMatchObject({
      ok: false,
      close: { code: 1007, reason: expect.stringContaining(`"${a!.id}", which was already answered`) },
    });
    expect(ledger.respond([answer(a!.id)], 2).ok).toBe(true);
    expect(ledger.respond([answer(a!.id)], 3)).toMatchObject({
      ok: false,
      close: { reason: expect.stringContaining('already answered') },
    });
    expect(b!.pending).toBe(true);
  });

  it('a barge-in cancels the pending blocking calls only; a late answer to one is ignored with a warning', () => {
    const ledger = new ToolLedger('c1');
    const [bg] = ledger.call([call('bg', 'NON_BLOCKING')], 1);
    const [f] = ledger.call([call('f')], 2);
    expect(ledger.cancelBlocking(5)).toEqual([f!.id]);
    expect(f).toMatchObject({ cancelled: true, cancelledAt: 5, pending: false });
    expect(ledger.cancelBlocking(6)).toEqual([]);
    expect(bg!.pending).toBe(true);
    const late = ledger.respond([answer(f!.id)], 7);
    expect(late).toMatchObject({
      ok: true,
      blockingDone: undefined,
      nonBlocking: [],
      warnings: [expect.stringContaining('after its call was cancelled')],
    });
    expect(f!.response).toBeUndefined();
  });

  it('NON_BLOCKING answers carry their scheduling (WHEN_IDLE by default); willContinue keeps the call open', () => {
    const ledger = new ToolLedger('c1');
    const [bg] = ledger.call([call('bg', 'NON_BLOCKING')], 1);
    expect(ledger.blockingPending).toBe(false);
    expect(ledger.respond([answer(bg!.id, { willContinue: true, scheduling: 'SILENT' })], 2)).toMatchObject({
      nonBlocking: [{ scheduling: 'SILENT' }],
    });
    expect(ledger.respond([answer(bg!.id)], 3)).toMatchObject({
      nonBlocking: [{ scheduling: 'WHEN_IDLE', record: { responses: 2, pending: false } }],
    });
  });

  it('keeps oversized args and responses bounded for the admin API', () => {
    const ledger = new ToolLedger('c1');
    const big = { text: 'x'.repeat(KEPT_JSON_CHARS * 2) };
    const [a] = ledger.call([{ name: 'f', args: big, behavior: 'BLOCKING' }], 1);
    ledger.respond([answer(a!.id, { response: big })], 2);
    expect(JSON.stringify(a!.args).length).toBeLessThan(KEPT_JSON_CHARS + 100);
    expect(JSON.stringify(a!.response).length).toBeLessThan(KEPT_JSON_CHARS + 100);
  });

  it('resultsText reads each response back verbatim', () => {
    const ledger = new ToolLedger('c1');
    const records = ledger.call([call('get_time'), call('ping')], 1);
    ledger.respond(
      [answer(records[0]!.id, { response: { time: '12:00' } }), answer(records[1]!.id, { response: {} })],
      2,
    );
    expect(resultsText(records)).toBe('get_time returned {"time":"12:00"}; ping returned {}');
  });
});
