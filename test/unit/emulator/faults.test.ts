import { describe, expect, it } from 'vitest';
import { resolveEmulatorFlags, isLoopback } from '../../../src/emulator/cli-options.js';
import { profileQuirks } from '../../../src/emulator/quirks.js';
import { EmulatorOptionError, parseEmulatorDuration } from '../../../src/emulator/durations.js';
import { FaultQueue, makeFault, parseFaultSpec } from '../../../src/emulator/faults.js';
import { turnCutter } from '../../../src/emulator/live/session-faults.js';

describe('fault specs', () => {
  it.each([
    ['rest:429', { surface: 'rest', kind: 'status429', remaining: 1 }],
    ['rest:429x3', { surface: 'rest', kind: 'status429', remaining: 3 }],
    ['rest:429:2', { surface: 'rest', kind: 'status429', remaining: 1, retryAfterSeconds: 2 }],
    ['rest:429:0x2', { surface: 'rest', kind: 'status429', remaining: 2, retryAfterSeconds: 0 }],
    ['rest:500x2', { surface: 'rest', kind: 'status500', remaining: 2 }],
    ['rest:503', { surface: 'rest', kind: 'status503', remaining: 1 }],
    ['rest:hangx4', { surface: 'rest', kind: 'hang', remaining: 4 }],
    ['live:refuse', { surface: 'live', kind: 'refuse', remaining: 1 }],
    ['live:refuse:5x2', { surface: 'live', kind: 'refuse', remaining: 2, retryAfterSeconds: 5 }],
    ['live:dropx2', { surface: 'live', kind: 'drop', remaining: 2 }],
    ['live:stall', { surface: 'live', kind: 'stall', remaining: 1 }],
    ['live:internal', { surface: 'live', kind: 'internal', remaining: 1 }],
    ['live:internalx3', { surface: 'live', kind: 'internal', remaining: 3 }],
  ])('%s', (spec, expected) => {
    expect(parseFaultSpec(spec)).toEqual(expected);
  });

  it.each([
    ['rest:404', /unknown rest fault kind "404"/],
    ['rest:429x0', /count must be an integer/],
    ['rest:500:3', /retryAfterSeconds only applies/],
    ['live:hang', /unknown live fault kind/],
    ['live:internal:5', /retryAfterSeconds only applies/],
    ['http:429', /invalid fault/],
    ['rest:429x', /invalid fault/],
    ['rest', /invalid fault/],
    ['', /invalid fault/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(EmulatorOptionError);
    expect(() => parseFaultSpec(spec)).toThrow(message);
  });

  it.each([
    [{ surface: 'rest', kind: 'status429', count: 2, retryAfterSeconds: 1 }, null],
    [{ surface: 'rest', kind: '503' }, null],
    [{ surface: 'rest', kind: 'status429', count: 1.5 }, /count/],
    [{ surface: 'rest', kind: 'status429', retryAfterSeconds: '1' }, /retryAfterSeconds/],
    [{ surface: 'ws', kind: 'drop' }, /surface/],
    [{ surface: 'live', kind: 'internal', count: 2 }, null],
    [{ surface: 'rest', kind: 'toString' }, /unknown rest fault kind/],
  ])('admin JSON %j', (request, error) => {
    if (error) expect(() => makeFault(request)).toThrow(error);
    else expect(makeFault(request).surface).toBe(request.surface);
  });
});

describe('FaultQueue', () => {
  it('consumes REST faults in order, one per request', () => {
    const queue = new FaultQueue();
    queue.add(parseFaultSpec('rest:429:1x2'));
    queue.add(parseFaultSpec('rest:503'));
    expect(queue.takeRest()).toEqual({ kind: 'status429', retryAfterSeconds: 1 });
    expect(queue.list()).toEqual([
      { surface: 'rest', kind: 'status429', remaining: 1, retryAfterSeconds: 1 },
      { surface: 'rest', kind: 'status503', remaining: 1 },
    ]);
    expect(queue.takeRest()).toEqual({ kind: 'status429', retryAfterSeconds: 1 });
    expect(queue.takeRest()).toEqual({ kind: 'status503' });
    expect(queue.takeRest()).toBeUndefined();
  });

  it('keeps live and rest apart and takes only the asked live kinds', () => {
    const queue = new FaultQueue();
    queue.add(parseFaultSpec('live:drop'));
    queue.add(parseFaultSpec('live:refuse'));
    queue.add(parseFaultSpec('rest:hang'));
    expect(queue.takeLive(['refuse'])).toEqual({ kind: 'refuse' });
    expect(queue.takeRest()).toEqual({ kind: 'hang' });
    expect(queue.takeLive(['refuse'])).toBeUndefined();
    expect(queue.takeLive(['drop', 'stall'])).toEqual({ kind: 'drop' });
  });

  it('clears one surface or all', () => {
    const queue = new FaultQueue();
    queue.add(parseFaultSpec('live:drop'));
    queue.add(parseFaultSpec('rest:500'));
    queue.clear('rest');
    expect(queue.list().map((f) => f.surface)).toEqual(['live']);
    queue.clear();
    expect(queue.list()).toEqual([]);
  });
});

describe('durations and flags', () => {
  it.each([
    ['10m', 600_000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['45', 45_000],
    ['1.5s', 1_500],
  ])('%s → %d ms', (text, ms) => {
    expect(parseEmulatorDuration(text, '--x')).toBe(ms);
  });

  it.each(['0', '0s', '-5m', '5x', 'm', '', '10m5'])('rejects duration %j', (text) => {
    expect(() => parseEmulatorDuration(text, '--connection-lifetime')).toThrow(/--connection-lifetime/);
  });

  it('resolves flags with defaults and replaced model list', () => {
    expect(
      resolveEmulatorFlags({
        model: ['models/gemini-3.8-live'],
        apiKey: ['k1', 'k2'],
        connectionLifetime: '2m',
        fault: ['rest:500'],
      }),
    ).toEqual({
      host: '127.0.0.1',
      port: 0,
      apiKeys: ['k1', 'k2'],
      models: ['gemini-3.8-live'],
      connectionLifetimeMs: 120_000,
      logFormat: 'text',
      faults: [{ surface: 'rest', kind: 'status500', remaining: 1 }],
      profile: 'observed',
      quirks: profileQuirks('observed'),
    });
  });

  it('--go-away-lead: a duration shorter than the connection lifetime (default 10m)', () => {
    expect(resolveEmulatorFlags({ goAwayLead: '50s' }).goAwayLeadMs).toBe(50_000);
    expect(resolveEmulatorFlags({ goAwayLead: '1s', connectionLifetime: '2s' })).toMatchObject({
      goAwayLeadMs: 1000,
      connectionLifetimeMs: 2000,
    });
    expect(resolveEmulatorFlags({}).goAwayLeadMs).toBeUndefined();
  });

  it('starts from the profile and applies --quirk overrides in order', () => {
    const flags = resolveEmulatorFlags({
      profile: 'documented',
      quirk: ['one-socket-per-session', 'resume-costs-use=on', 'resume-costs-use=off'],
    });
    expect(flags.profile).toBe('documented');
    expect(flags.quirks).toEqual({
      'resume-costs-use': false,
      'rest-refuses-live-connect-constraints': false,
      'lifetime-deadline-1011': false,
      'one-socket-per-session': true,
      // The docs say a full lock ignores the client's setup, so the documented profile does too.
      'full-lock-ignores-client': true,
      'full-lock-default-text': false,
      'indented-frames': false,
      'resume-loses-context': false,
    });
    expect(Object.values(resolveEmulatorFlags({}).quirks)).toEqual([true, true, true, true, true, true, true, false]);
  });

  it.each([
    [{ port: '70000' }, /--port/],
    [{ port: 'abc' }, /--port/],
    [{ maxSessions: '0' }, /--max-sessions/],
    [{ log: 'xml' }, /--log/],
    [{ apiKey: [''] }, /--api-key/],
    [{ model: ['a?b'] }, /--model/],
    [{ host: '' }, /--host/],
    [{ fault: ['rest:418'] }, /unknown rest fault kind/],
    [{ goAwayLead: '5x' }, /^--go-away-lead: invalid duration "5x"/],
    [{ goAwayLead: '2s', connectionLifetime: '2s' }, /^--go-away-lead must be shorter than --connection-lifetime/],
    [{ goAwayLead: '11m' }, /^--go-away-lead must be shorter than --connection-lifetime \(default 10m\)$/],
    [{ profile: 'strict' }, /^--profile must be "observed" or "documented", got "strict"$/],
    // A typo gets the nearest name (src/suggest.ts); a name near none gets the list.
    [
      { quirk: ['resume-costs-uses'] },
      /^--quirk: unknown quirk "resume-costs-uses" \(did you mean resume-costs-use\?\)$/,
    ],
    [{ quirk: ['xyzzy'] }, /^--quirk: unknown quirk "xyzzy" \(known: resume-costs-use, /],
    [{ fault: ['live:drp'] }, /^unknown live fault kind "drp" \(did you mean drop\?\)$/],
    [
      { quirk: ['resume-costs-use=maybe'] },
      /^--quirk resume-costs-use: use resume-costs-use=on or resume-costs-use=off$/,
    ],
  ])('rejects %j', (flags, message) => {
    expect(() => resolveEmulatorFlags(flags)).toThrow(message);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['192.168.1.5', false],
    ['::', false],
  ])('isLoopback(%s) = %s', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});

describe('turnCutter: which model turn a fault cuts', () => {
  const state = (handles: number, resumption = true) => ({ handlesSent: () => handles, resumption });

  it('drop: the first turn, handles or not; only once', () => {
    const cut = turnCutter('drop', state(0));
    expect([cut(), cut()]).toEqual([true, false]);
  });

  it('internal: waits for a handle when the session gets handles; only once', () => {
    let handles = 0;
    const cut = turnCutter('internal', { handlesSent: () => handles, resumption: true });
    expect(cut()).toBe(false);
    handles = 1;
    expect([cut(), cut()]).toEqual([true, false]);
  });

  it('internal without resumption: the first turn; other kinds and no fault never cut', () => {
    expect(turnCutter('internal', state(0, false))()).toBe(true);
    expect(turnCutter('stall', state(1))()).toBe(false);
    expect(turnCutter(undefined, state(1))()).toBe(false);
  });
});
