// The runner's side of function calls, on the fake transport and FakeClock: the injected handler runs
// per call, its answer reaches the socket as a toolResponse; a cancellation stops the handler and
// nothing goes out for it; a handler that throws is an error answer; the session's end stops every
// handler still running; without a handler the model hears {"error":"no tool handler"}. Only
// declared functions reach a handler (others: {"error":"unknown function"}), at most 8 at once.
import { describe, expect, it } from 'vitest';
import type { ToolOutcome } from '../../../src/live/session/tool-outcome.js';
import type { ToolHandler } from '../../../src/live/session/tool-runner.js';
import type { FunctionCall } from '../../../src/live/wire/wire-types.js';
import { flushPromises } from '../../fakes/fake-clock.js';
import { connected, sessionRig } from '../../helpers/session-rig.js';

interface Call {
  readonly call: FunctionCall;
  answer(outcome: ToolOutcome): void;
  fail(error: Error): void;
  cancelled: boolean;
}

const DECLARED = ['get_weather', 'get_time', 'slow', 'f', 'g', ...Array.from({ length: 20 }, (_, i) => `n${i}`)];

function rig(handler: 'fake' | 'none' | ToolHandler = 'fake') {
  const calls: Call[] = [];
  const fake: ToolHandler = (call) => {
    let answer!: (o: ToolOutcome) => void;
    let fail!: (e: Error) => void;
    const result = new Promise<ToolOutcome>((resolve, reject) => ((answer = resolve), (fail = reject)));
    const entry: Call = { call, answer, fail, cancelled: false };
    calls.push(entry);
    return { result, cancel: () => void (entry.cancelled = true) };
  };
  const tools = handler === 'fake' ? fake : handler === 'none' ? undefined : handler;
  const r = sessionRig({
    deps: { tools },
    session: { liveInput: true, backlogLimitBytes: 1e6 },
    setup: { tools: [{ functionDeclarations: DECLARED.map((name) => ({ name })) }] },
  });
  return { ...r, calls };
}

const toolResponses = (sent: string[]) =>
  sent.map((s) => JSON.parse(s) as Record<string, unknown>).filter((m) => 'toolResponse' in m);

describe('SessionRunner function calls', () => {
  it('runs the handler per call, concurrently, and sends each answer with its id', async () => {
    const r = rig();
    const conn = await connected(r);
    conn.serverSend({
      toolCall: {
        functionCalls: [
          { id: 'a', name: 'get_weather', args: { city: 'Oslo' } },
          { id: 'b', name: 'get_time' },
        ],
      },
    });
    expect(r.calls.map((c) => c.call)).toEqual([
      { id: 'a', name: 'get_weather', args: { city: 'Oslo' } },
      { id: 'b', name: 'get_time', args: {} },
    ]);
    r.clock.advance(120);
    r.calls[1]!.answer({ response: { t: 'noon' } });
    r.calls[0]!.answer({ response: { temp: 3 }, scheduling: 'WHEN_IDLE' });
    await flushPromises();
    expect(toolResponses(conn.sent)).toEqual([
      { toolResponse: { functionResponses: [{ id: 'b', name: 'get_time', response: { t: 'noon' } }] } },
      {
        toolResponse: {
          functionResponses: [{ id: 'a', name: 'get_weather', response: { temp: 3 }, scheduling: 'WHEN_IDLE' }],
        },
      },
    ]);
    expect(r.events.filter((e) => e.type === 'toolResult').map((e) => e.type === 'toolResult' && e.durationMs)).toEqual(
      [120, 120],
    );
    r.controller.abort();
    await r.done;
  });

  it('toolCallCancellation cancels the handler; its later answer never reaches the socket', async () => {
    const r = rig();
    const conn = await connected(r);
    conn.serverSend({ toolCall: { functionCalls: [{ id: 'a', name: 'slow' }] } });
    r.clock.advance(300);
    conn.serverSend({ toolCallCancellation: { ids: ['a'] } });
    expect(r.calls[0]!.cancelled).toBe(true);
    r.calls[0]!.answer({ response: { late: true } });
    await flushPromises();
    expect(toolResponses(conn.sent)).toEqual([]);
    expect(r.events.find((e) => e.type === 'toolCancelled')).toEqual({
      type: 'toolCancelled',
      id: 'a',
      name: 'slow',
      durationMs: 300,
    });
    r.controller.abort();
    await r.done;
  });

  it('a handler that rejects or throws is an {"error"} answer, and the session goes on', async () => {
    let n = 0;
    const r = rig(() => {
      n += 1;
      if (n === 1) return { result: Promise.reject(new Error('boom')), cancel: () => undefined };
      throw new Error('bang');
    });
    const conn = await connected(r);
    conn.serverSend({
      toolCall: {
        functionCalls: [
          { id: 'a', name: 'f' },
          { id: 'b', name: 'g' },
        ],
      },
    });
    await flushPromises();
    expect(
      toolResponses(conn.sent).map((m) => (m.toolResponse as { functionResponses: unknown[] }).functionResponses[0]),
    ).toEqual([
      { id: 'b', name: 'g', response: { error: 'the tool handler failed: bang' } },
      { id: 'a', name: 'f', response: { error: 'the tool handler failed: boom' } },
    ]);
    expect(conn.closedWith).toBeUndefined();
    r.controller.abort();
    await r.done;
  });

  it('the end of the session stops every handler still running', async () => {
    const r = rig();
    const conn = await connected(r);
    conn.serverSend({
      toolCall: {
        functionCalls: [
          { id: 'a', name: 'f' },
          { id: 'b', name: 'g' },
        ],
      },
    });
    r.runner.key('quit');
    await r.done;
    expect(r.calls.map((c) => c.cancelled)).toEqual([true, true]);
    expect(toolResponses(conn.sent)).toEqual([]);
  });

  it('no handler injected: the model is told there is none', async () => {
    const r = rig('none');
    const conn = await connected(r);
    conn.serverSend({ toolCall: { functionCalls: [{ id: 'a', name: 'f' }] } });
    await flushPromises();
    expect(toolResponses(conn.sent)).toEqual([
      { toolResponse: { functionResponses: [{ id: 'a', name: 'f', response: { error: 'no tool handler' } }] } },
    ]);
    r.controller.abort();
    await r.done;
  });

  it('a function the session did not declare: {"error":"unknown function"}, no handler runs, one warning', async () => {
    const r = rig();
    const conn = await connected(r);
    const names = ['../../etc/passwd', '-c', 'get_time\u001b]0;x\u0007', 'GET_TIME'];
    conn.serverSend({ toolCall: { functionCalls: names.map((name, i) => ({ id: `u${i}`, name })) } });
    await flushPromises();
    expect(r.calls).toEqual([]);
    const answers = toolResponses(conn.sent).map(
      (m) => (m.toolResponse as { functionResponses: unknown[] }).functionResponses[0],
    );
    expect(answers).toEqual(names.map((name, i) => ({ id: `u${i}`, name, response: { error: 'unknown function' } })));
    expect(r.events.filter((e) => e.type === 'warning')).toHaveLength(4);
    r.controller.abort();
    await r.done;
  });

  it('20 calls at once: 8 handlers run, the rest wait in order; a queued call cancelled never runs', async () => {
    const r = rig();
    const conn = await connected(r);
    conn.serverSend({
      toolCall: { functionCalls: Array.from({ length: 20 }, (_, i) => ({ id: `c${i}`, name: `n${i}` })) },
    });
    expect(r.calls.map((c) => c.call.id)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
    conn.serverSend({ toolCallCancellation: { ids: ['c8'] } });
    r.calls[3]!.answer({ response: { ok: 3 } });
    await flushPromises();
    expect(r.calls.map((c) => c.call.id).slice(8)).toEqual(['c9']);
    for (let i = 0; r.calls.length < 19 && i < 50; i++) {
      r.calls.filter((c) => !c.cancelled).forEach((c) => c.answer({ response: {} }));
      await flushPromises();
    }
    expect(r.calls.map((c) => c.call.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `c${i}`).filter((id) => id !== 'c8'),
    );
    r.controller.abort();
    await r.done;
  });
});
