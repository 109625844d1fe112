// Function calls in the pure session machine: each call runs once, is answered once with its id
// through the send path (held across a resume), a cancelled call is never answered, and a
// finished input does not end the session while a call is being answered. Durations come from the
// inputs' `now` (the injected clock), never from wall time.
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/live/session/session-types.js';
import { errorOutcome } from '../../../src/live/session/tool-outcome.js';
import { config, Driver, finishOf, sends, types } from './machine-driver.js';

const call = (id: string, name = 'get_time', args: Record<string, unknown> = {}) => ({ id, name, args });
const toolCall = (...calls: ReturnType<typeof call>[]) => ({ toolCall: { functionCalls: calls } });
const runs = (cmds: Command[]) => cmds.flatMap((c) => (c.type === 'run-tool' ? [c.call.id] : []));
const responses = (cmds: Command[], id?: number) =>
  sends(cmds, id).flatMap((m) => ('toolResponse' in m ? m.toolResponse.functionResponses : []));
const eventsOf = (cmds: Command[], type: string) =>
  cmds.flatMap((c) => (c.type === 'event' && c.event.type === type ? [c.event] : []));

describe('function calls', () => {
  it('a toolCall: one toolCall event and one run-tool per call, concurrently', () => {
    const d = new Driver(config()).open();
    const out = d.frame(1, toolCall(call('a', 'get_weather', { city: 'Oslo' }), call('b')), 1000);
    expect(types(out)).toEqual(['event:toolCall', 'run-tool', 'event:toolCall', 'run-tool']);
    expect(eventsOf(out, 'toolCall')[0]).toEqual({
      type: 'toolCall',
      id: 'a',
      name: 'get_weather',
      args: { city: 'Oslo' },
    });
    expect(runs(out)).toEqual(['a', 'b']);
  });

  it('a result is sent as a toolResponse with the call id and name, with its duration on the clock', () => {
    const d = new Driver(config()).open();
    d.frame(1, toolCall(call('a', 'get_weather')), 1000);
    const out = d.do({ type: 'tool-result', id: 'a', outcome: { response: { temp: 3 } } }, 1120);
    expect(responses(out, 1)).toEqual([{ id: 'a', name: 'get_weather', response: { temp: 3 } }]);
    expect(eventsOf(out, 'toolResult')).toEqual([
      { type: 'toolResult', id: 'a', name: 'get_weather', response: { temp: 3 }, durationMs: 120 },
    ]);
  });

  it('scheduling rides on the response; an error outcome is marked in the event', () => {
    const d = new Driver(config()).open();
    d.frame(1, toolCall(call('a'), call('b')), 0);
    const idle = d.do(
      { type: 'tool-result', id: 'a', outcome: { response: { result: 1 }, scheduling: 'WHEN_IDLE' } },
      5,
    );
    expect(responses(idle)).toEqual([{ id: 'a', name: 'get_time', response: { result: 1 }, scheduling: 'WHEN_IDLE' }]);
    const failed = d.do({ type: 'tool-result', id: 'b', outcome: errorOutcome('the tool handler failed (exit 3)') }, 9);
    expect(responses(failed)).toEqual([
      { id: 'b', name: 'get_time', response: { error: 'the tool handler failed (exit 3)' } },
    ]);
    expect(eventsOf(failed, 'toolResult')[0]).toMatchObject({ error: true, durationMs: 9 });
  });

  it('toolCallCancellation stops the handler and nothing is ever answered for it', () => {
    const d = new Driver(config()).open();
    d.frame(1, toolCall(call('a'), call('b')), 0);
    const cancel = d.frame(1, { toolCallCancellation: { ids: ['a', 'unknown'] } }, 250);
    expect(cancel.filter((c) => c.type === 'cancel-tool')).toEqual([{ type: 'cancel-tool', id: 'a' }]);
    expect(eventsOf(cancel, 'toolCancelled')).toEqual([
      { type: 'toolCancelled', id: 'a', name: 'get_time', durationMs: 250 },
    ]);
    // The handler's late result is dropped; the other call is still answered.
    expect(d.do({ type: 'tool-result', id: 'a', outcome: { response: { late: true } } }, 300)).toEqual([]);
    expect(responses(d.do({ type: 'tool-result', id: 'b', outcome: { response: {} } }, 300)).map((r) => r.id)).toEqual([
      'b',
    ]);
    expect(responses(d.log).map((r) => r.id)).toEqual(['b']);
  });

  it('each id is run and answered once: a repeated call and a second result are ignored', () => {
    const d = new Driver(config()).open();
    d.frame(1, toolCall(call('a')), 0);
    d.do({ type: 'tool-result', id: 'a', outcome: { response: { n: 1 } } }, 10);
    expect(runs(d.frame(1, toolCall(call('a')), 20))).toEqual([]);
    expect(d.do({ type: 'tool-result', id: 'a', outcome: { response: { n: 2 } } }, 30)).toEqual([]);
    expect(responses(d.log)).toEqual([{ id: 'a', name: 'get_time', response: { n: 1 } }]);
  });

  it('a call that arrives before a goAway is answered on the resumed socket, once, after the held input', () => {
    const d = new Driver(config()).open();
    d.frame(1, { sessionResumptionUpdate: { newHandle: 'h1', resumable: true } });
    d.frame(1, toolCall(call('a')), 100);
    expect(types(d.frame(1, { goAway: { timeLeft: '5s' } }, 200))).toEqual(['event:goAway', 'close']);
    // The handler finishes while the old socket closes: held, not sent on connection 1.
    expect(sends(d.do({ type: 'tool-result', id: 'a', outcome: { response: { t: 1 } } }, 300))).toEqual([]);
    d.do({ type: 'closed', id: 1, code: 1000, reason: '' }, 400);
    const resumed = d.do({ type: 'connected', id: 2 }, 500);
    expect(responses(resumed, 2)).toEqual([{ id: 'a', name: 'get_time', response: { t: 1 } }]);
    // The resumed server repeats the call: not run, not answered again.
    expect(runs(d.frame(2, toolCall(call('a')), 600))).toEqual([]);
    expect(responses(d.log)).toHaveLength(1);
    expect(d.log.some((c) => c.type === 'send' && c.id === 1 && 'toolResponse' in c.message)).toBe(false);
  });

  it('a finished input does not end the session while a call is being answered (a slow handler is not "no reply")', () => {
    const d = new Driver(config({ once: true, liveInput: false })).open();
    d.do({ type: 'text', text: 'please call get_time' }, 0);
    d.do({ type: 'input-end' }, 0);
    d.frame(1, toolCall(call('a')), 500);
    // Far past the no-reply timeout: still waiting for the handler.
    expect(finishOf(d.do({ type: 'tick' }, 60_000))).toBeUndefined();
    d.do({ type: 'tool-result', id: 'a', outcome: { response: { t: 1 } } }, 60_100);
    // The model has noReplyTimeoutMs from the answer to start replying.
    expect(finishOf(d.do({ type: 'tick' }, 60_100 + 9_000))).toBeUndefined();
    d.frame(1, { serverContent: { outputTranscription: { text: 'It is noon.' } } }, 69_200);
    expect(finishOf(d.frame(1, { serverContent: { turnComplete: true } }, 69_300))).toMatchObject({
      type: 'finish',
      drain: true,
    });
  });

  it('a call after the session finished is neither run nor answered', () => {
    const d = new Driver(config()).open();
    d.do({ type: 'key', key: 'quit' });
    expect(d.frame(1, toolCall(call('a')))).toEqual([]);
  });
});
