// The pure session machine, driven input by input. No sockets, no timers: every rule is visible in
// the commands it returns.
import { describe, expect, it } from 'vitest';
import { SESSION_DEFAULTS, type TalkSessionConfig } from '../../../src/live/session/session-types.js';
import { ExitCode, GemtokenError } from '../../../src/errors.js';
import { audioOf, config, Driver, finishOf, modelAudio, pcm, sends, types } from './machine-driver.js';

describe('connect and setup', () => {
  it('connects with the built setup and reports setup once connected', () => {
    const d = new Driver(config());
    const [connect] = d.do({ type: 'start' });
    expect(connect).toMatchObject({
      type: 'connect',
      id: 1,
      setup: { model: 'models/gemini-3.8-live', sessionResumption: {} },
    });
    expect(types(d.do({ type: 'connected', id: 1 }))).toEqual(['event:setup']);
  });

  it('holds audio captured before setupComplete and sends it first, in order', () => {
    const d = new Driver(config());
    d.do({ type: 'start' });
    const early = pcm(1280 * 3, 3);
    expect(sends(d.do({ type: 'audio', pcm: early }))).toEqual([]);
    const out = d.do({ type: 'connected', id: 1 });
    expect(audioOf(sends(out, 1)).equals(early)).toBe(true);
  });

  it.each([
    [{ kind: 'closed' as const, code: 1011, reason: 'Token has been used too many times' }, ExitCode.auth],
    [
      { kind: 'closed' as const, code: 1008, reason: 'models/nope is not found for API version v1alpha' },
      ExitCode.rejected,
    ],
    [{ kind: 'closed' as const, code: 1007, reason: 'Request contains an invalid argument.' }, ExitCode.rejected],
    [{ kind: 'http' as const, status: 403 }, ExitCode.auth],
    [{ kind: 'timeout' as const, ms: 15_000 }, ExitCode.network],
    [{ kind: 'network' as const, message: 'ECONNREFUSED' }, ExitCode.network],
  ])('a failed connect %j finishes with exit %i', (failure, exit) => {
    const d = new Driver(config());
    d.do({ type: 'start' });
    const out = d.do({ type: 'connect-failed', id: 1, failure });
    expect(finishOf(out)?.error).toBeInstanceOf(GemtokenError);
    expect(finishOf(out)?.error?.exitCode).toBe(exit);
    expect(d.session.finished).toBe(true);
    expect(d.do({ type: 'audio', pcm: pcm(2000) })).toEqual([]);
  });
});

describe('mid-session closes', () => {
  it.each([
    [1000, '', undefined],
    [1011, 'Internal error encountered.', ExitCode.network],
    [1008, 'models/x is not found for API version v1beta', ExitCode.rejected],
    [1011, 'Token has been used too many times', ExitCode.auth],
  ])('server close %i %s', (code, reason, exit) => {
    const d = new Driver(config()).open();
    const out = d.do({ type: 'closed', id: 1, code, reason });
    expect(out.find((c) => c.type === 'event' && c.event.type === 'closed')).toMatchObject({
      event: { code, reason, by: 'server' },
    });
    expect(finishOf(out)?.error?.exitCode).toBe(exit);
    expect(out.some((c) => c.type === 'close')).toBe(false);
  });

  it('skips an unreadable frame with a warning and keeps going', () => {
    const d = new Driver(config()).open();
    expect(types(d.do({ type: 'frame', id: 1, data: 'not json' }))).toEqual(['event:warning']);
    expect(types(d.frame(1, modelAudio(480)))).toEqual(['play']);
  });
});

describe('goAway and resumption', () => {
  it('closes the old socket first, buffers capture, resumes with the newest handle, loses and repeats nothing', () => {
    const d = new Driver(config()).open();
    const all: Buffer[] = [];
    const feed = (n: number, seed: number) => {
      const chunk = pcm(n, seed);
      all.push(chunk);
      return d.do({ type: 'audio', pcm: chunk });
    };
    feed(3000, 2);
    d.frame(1, { sessionResumptionUpdate: { newHandle: 'h-old', resumable: true } });
    d.frame(1, { sessionResumptionUpdate: { newHandle: 'h-new', resumable: true } });
    d.frame(1, { sessionResumptionUpdate: { newHandle: '', resumable: false } });
    feed(1000, 3);
    const onGoAway = d.frame(1, { goAway: { timeLeft: '5s' } }, 100);
    expect(types(onGoAway)).toEqual(['event:goAway', 'close']);
    expect(onGoAway[1]).toMatchObject({ type: 'close', id: 1, code: 1000 });
    // Captured while the old socket closes and the new one connects: held, not sent.
    expect(sends(feed(2500, 4))).toEqual([]);
    const onClosed = d.do({ type: 'closed', id: 1, code: 1000, reason: '' });
    expect(onClosed).toEqual([
      expect.objectContaining({
        type: 'connect',
        id: 2,
        setup: expect.objectContaining({ sessionResumption: { handle: 'h-new' } }),
      }),
    ]);
    expect(sends(feed(700, 5))).toEqual([]);
    const onConnected = d.do({ type: 'connected', id: 2 });
    expect(types(onConnected)[0]).toBe('event:resumed');
    feed(1500, 6);
    d.do({ type: 'input-end' });
    const sent = sends(d.log);
    expect(audioOf(sent).equals(Buffer.concat(all))).toBe(true);
    expect(sent.at(-1)).toEqual({ audioStreamEnd: true });
    // Nothing went out on the old connection after its close was requested.
    const closeIndex = d.log.findIndex((c) => c.type === 'close');
    expect(d.log.slice(closeIndex).some((c) => c.type === 'send' && c.id === 1)).toBe(false);
  });

  it('goAway before any resumable handle waits for one, then resumes', () => {
    const d = new Driver(config()).open();
    expect(types(d.frame(1, { goAway: { timeLeft: '10s' } }))).toEqual(['event:goAway']);
    expect(types(d.frame(1, { sessionResumptionUpdate: { newHandle: 'late', resumable: true } }))).toEqual(['close']);
    expect(d.do({ type: 'closed', id: 1, code: 1000, reason: '' })[0]).toMatchObject({
      type: 'connect',
      id: 2,
      setup: { sessionResumption: { handle: 'late' } },
    });
  });

  it('goAway without a handle before the server closes → network error, exit 5', () => {
    const d = new Driver(config()).open();
    d.frame(1, { goAway: { timeLeft: '1s' } });
    const out = d.do({ type: 'closed', id: 1, code: 1008, reason: '' });
    expect(finishOf(out)?.error?.exitCode).toBe(ExitCode.network);
  });

  // one-socket-per-session: the server refuses a resume while the old socket of the session is open, so a close that
  // does not finish in time is cut short with terminate, and the resume waits for that socket's end.
  it('terminates the old socket if its close does not finish within closeWaitMs, then resumes once it is gone', () => {
    const d = new Driver(config()).open();
    d.frame(1, { sessionResumptionUpdate: { newHandle: 'h', resumable: true } });
    d.frame(1, { goAway: {} }, 1000);
    expect(d.do({ type: 'tick' }, 1000 + SESSION_DEFAULTS.closeWaitMs - 1)).toEqual([]);
    expect(d.do({ type: 'tick' }, 1000 + SESSION_DEFAULTS.closeWaitMs)).toEqual([{ type: 'terminate', id: 1 }]);
    expect(d.do({ type: 'tick' }, 1000 + SESSION_DEFAULTS.closeWaitMs + 100)).toEqual([]);
    expect(d.do({ type: 'closed', id: 1, code: 1006, reason: '' })[0]).toMatchObject({
      type: 'connect',
      id: 2,
      setup: { sessionResumption: { handle: 'h' } },
    });
    expect(d.log.filter((c) => c.type === 'connect')).toHaveLength(2);
  });

  it('a terminated socket that never reports its end does not stall the session', () => {
    const d = new Driver(config()).open();
    d.frame(1, { sessionResumptionUpdate: { newHandle: 'h', resumable: true } });
    d.frame(1, { goAway: {} }, 0);
    d.do({ type: 'tick' }, SESSION_DEFAULTS.closeWaitMs);
    expect(d.do({ type: 'tick' }, 2 * SESSION_DEFAULTS.closeWaitMs)[0]).toMatchObject({ type: 'connect', id: 2 });
    // The late close of the superseded socket changes nothing.
    expect(d.do({ type: 'closed', id: 1, code: 1006, reason: '' })).toEqual([]);
  });

  it('a mic backlog is bounded: the oldest audio goes and the drop is counted', () => {
    const d = new Driver(config({ backlogLimitBytes: 12_800 })).open();
    d.frame(1, { sessionResumptionUpdate: { newHandle: 'h', resumable: true } });
    d.frame(1, { goAway: {} });
    for (let i = 0; i < 20; i += 1) d.do({ type: 'audio', pcm: pcm(1280, i + 1) });
    d.do({ type: 'closed', id: 1, code: 1000, reason: '' });
    const out = d.do({ type: 'connected', id: 2 });
    expect(out[0]).toMatchObject({ event: { type: 'resumed', reconnects: 1, backlogMessages: 10, droppedFrames: 10 } });
    expect(audioOf(sends(out, 2)).equals(Buffer.concat(Array.from({ length: 10 }, (_, i) => pcm(1280, i + 11))))).toBe(
      true,
    );
    expect(d.session.snapshot(0, 0).droppedFrames).toBe(10);
  });

  it('a late connect of a superseded connection is closed', () => {
    const d = new Driver(config()).open();
    expect(d.do({ type: 'connected', id: 7 })).toEqual([{ type: 'close', id: 7, code: 1000, reason: 'superseded' }]);
  });
});

describe('barge-in', () => {
  it('flushes playback first, drops late audio of the cut turn, marks the turn', () => {
    const d = new Driver(config()).open();
    d.frame(1, { serverContent: { inputTranscription: { text: 'tell me a story' } } });
    expect(types(d.frame(1, modelAudio(4800)))).toEqual(['play']);
    d.frame(1, { serverContent: { outputTranscription: { text: 'Once upon' } } });
    const cut = d.frame(1, { serverContent: { interrupted: true } });
    expect(types(cut)).toEqual(['flush', 'event:interrupted']);
    expect(cut[1]).toMatchObject({ event: { type: 'interrupted', turn: 1, modelText: 'Once upon' } });
    expect(d.frame(1, modelAudio(4800))).toEqual([]);
    const done = d.frame(1, { serverContent: { turnComplete: true } });
    expect(done[0]).toMatchObject({
      event: {
        type: 'turn',
        turn: 1,
        user: 'tell me a story',
        model: 'Once upon',
        interrupted: true,
        audioBytes: 4800,
        audioMs: 100,
      },
    });
    expect(types(d.frame(1, modelAudio(480)))).toEqual(['play']);
  });
});

describe('half-duplex echo gating', () => {
  const run = (cfg: Partial<TalkSessionConfig>) => {
    const d = new Driver(config(cfg)).open();
    d.frame(1, modelAudio(48_000), 0); // 1000 ms of reply audio
    return [500, 1000 + SESSION_DEFAULTS.echoTailMs - 1, 1000 + SESSION_DEFAULTS.echoTailMs].map(
      (t) => sends(d.do({ type: 'audio', pcm: pcm(1280) }, t)).length,
    );
  };
  it.each([
    ['half-duplex on a mic with a speaker', { echo: 'half-duplex' as const }, [0, 0, 1]],
    ['headphones', { echo: 'headphones' as const }, [1, 1, 1]],
    ['half-duplex but no speaker', { echo: 'half-duplex' as const, speaker: false }, [1, 1, 1]],
    ['half-duplex but file input', { echo: 'half-duplex' as const, liveInput: false }, [1, 1, 1]],
  ])('%s', (_name, cfg, expected) => expect(run(cfg)).toEqual(expected));

  it('an interruption reopens the mic after the tail', () => {
    const d = new Driver(config({ echo: 'half-duplex' })).open();
    d.frame(1, modelAudio(48_000), 0);
    d.frame(1, { serverContent: { interrupted: true } }, 200);
    expect(sends(d.do({ type: 'audio', pcm: pcm(1280) }, 200 + SESSION_DEFAULTS.echoTailMs))).toHaveLength(1);
    expect(d.session.snapshot(600, 0).gatedFrames).toBe(0);
  });
});

describe('user controls', () => {
  it('mute ends the stream once, drops capture, unmute reopens it', () => {
    const d = new Driver(config()).open();
    // Frames come cut to 20 ms by the AudioInput (audio/ports.ts): each one goes out as it comes.
    expect(audioOf(sends(d.do({ type: 'audio', pcm: pcm(640) })))).toEqual(pcm(640));
    expect(sends(d.do({ type: 'key', key: 'mute' }))).toEqual([{ audioStreamEnd: true }]);
    expect(d.session.snapshot(0, 0).phase).toBe('muted');
    expect(sends(d.do({ type: 'audio', pcm: pcm(2000) }))).toEqual([]);
    d.do({ type: 'key', key: 'mute' });
    expect(sends(d.do({ type: 'audio', pcm: pcm(1280) }))).toHaveLength(1);
  });

  it("the meter shows the latest frame's level, muted or not", () => {
    const d = new Driver(config()).open();
    const frame = (amplitude: number): Buffer => Buffer.from(new Int16Array(320).fill(amplitude).buffer);
    expect(d.session.snapshot(0, 0).micLevelDb).toBeUndefined();
    d.do({ type: 'audio', pcm: frame(16384) });
    expect(d.session.snapshot(0, 0).micLevelDb).toBeCloseTo(-6.02, 1);
    d.do({ type: 'key', key: 'mute' });
    d.do({ type: 'audio', pcm: frame(3277) });
    expect(d.session.snapshot(0, 0).micLevelDb).toBeCloseTo(-20, 0);
    d.do({ type: 'audio', pcm: frame(0) });
    expect(d.session.snapshot(0, 0).micLevelDb).toBe(-Infinity);
  });

  it('push-to-talk: nothing before space, activityStart/End around the speech', () => {
    const d = new Driver(config({}, { pushToTalk: true })).open();
    expect(sends(d.do({ type: 'audio', pcm: pcm(1280) }))).toEqual([]);
    expect(sends(d.do({ type: 'key', key: 'talk' }))).toEqual([{ activityStart: {} }]);
    expect(d.session.snapshot(0, 0).phase).toBe('talking');
    expect(audioOf(sends(d.do({ type: 'audio', pcm: pcm(640) })))).toEqual(pcm(640));
    expect(sends(d.do({ type: 'key', key: 'talk' }))).toEqual([{ activityEnd: {} }]);
    expect(sends(d.log).some((m) => 'audioStreamEnd' in m)).toBe(false);
  });

  it('space does nothing without --push-to-talk', () => {
    const d = new Driver(config()).open();
    expect(d.do({ type: 'key', key: 'talk' })).toEqual([]);
  });

  it('typed text goes out as realtimeInput.text and into the turn', () => {
    const d = new Driver(config()).open();
    const out = d.do({ type: 'text', text: '  hello there ' });
    expect(sends(out)).toEqual([{ text: 'hello there' }]);
    d.frame(1, { serverContent: { outputTranscription: { text: 'Hi!' }, turnComplete: true } });
    expect(d.log.find((c) => c.type === 'event' && c.event.type === 'turn')).toMatchObject({
      event: { user: 'hello there', model: 'Hi!' },
    });
  });

  it('quit closes with 1000 and finishes without draining', () => {
    const d = new Driver(config()).open();
    const out = d.do({ type: 'key', key: 'quit' });
    expect(out[0]).toMatchObject({ type: 'close', id: 1, code: 1000 });
    expect(finishOf(out)).toEqual({ type: 'finish', drain: false });
  });
});

describe('ending', () => {
  it('--once ends after the first complete model turn, draining playback', () => {
    const d = new Driver(config({ once: true })).open();
    expect(finishOf(d.frame(1, { serverContent: { turnComplete: true } }))).toBeUndefined();
    d.frame(1, modelAudio(960));
    const out = d.frame(1, { serverContent: { turnComplete: true } });
    expect(types(out)).toEqual(['event:turn', 'close', 'event:closed', 'finish']);
    expect(finishOf(out)).toEqual({ type: 'finish', drain: true });
  });

  it('--once does not count an interrupted turn', () => {
    const d = new Driver(config({ once: true })).open();
    d.frame(1, modelAudio(960));
    d.frame(1, { serverContent: { interrupted: true } });
    expect(finishOf(d.frame(1, { serverContent: { turnComplete: true } }))).toBeUndefined();
  });

  it('end of file input: the short last frame, audioStreamEnd, then ends once the reply has gone quiet', () => {
    const d = new Driver(config({ liveInput: false })).open();
    expect(audioOf(sends(d.do({ type: 'audio', pcm: pcm(500) })))).toEqual(pcm(500));
    expect(sends(d.do({ type: 'input-end' }, 100))).toEqual([{ audioStreamEnd: true }]);
    d.frame(1, modelAudio(960), 500);
    d.frame(1, { serverContent: { turnComplete: true } }, 600);
    expect(finishOf(d.do({ type: 'tick' }, 600 + SESSION_DEFAULTS.idleAfterReplyMs - 1))).toBeUndefined();
    expect(finishOf(d.do({ type: 'tick' }, 600 + SESSION_DEFAULTS.idleAfterReplyMs))).toEqual({
      type: 'finish',
      drain: true,
    });
  });

  it('no reply after the input ended: --once fails with exit 5', () => {
    const d = new Driver(config({ once: true, liveInput: false })).open();
    d.do({ type: 'input-end' }, 0);
    expect(finishOf(d.do({ type: 'tick' }, SESSION_DEFAULTS.noReplyTimeoutMs))?.error?.exitCode).toBe(ExitCode.network);
  });

  it('text replies use text parts, not transcription', () => {
    const d = new Driver(config({}, { modality: 'text' })).open();
    d.frame(1, {
      serverContent: { modelTurn: { parts: [{ text: 'Hello' }] }, outputTranscription: { text: 'ignored' } },
    });
    const out = d.frame(1, { serverContent: { turnComplete: true } });
    expect(out[0]).toMatchObject({ event: { type: 'turn', model: 'Hello', audioBytes: 0 } });
  });
});

describe('ending after earlier replies', () => {
  it('input ends long after the last reply: ends quietly after the no-reply wait', () => {
    const d = new Driver(config({ liveInput: false })).open();
    d.frame(1, modelAudio(960), 0);
    d.frame(1, { serverContent: { turnComplete: true } }, 10);
    d.do({ type: 'input-end' }, 5000);
    const out = d.do({ type: 'tick' }, 5000 + SESSION_DEFAULTS.noReplyTimeoutMs);
    expect(types(out)).toEqual(['close', 'event:closed', 'finish']);
    expect(finishOf(out)?.error).toBeUndefined();
  });

  it('a session that never got a reply warns before it closes', () => {
    const d = new Driver(config({ liveInput: false })).open();
    d.do({ type: 'input-end' }, 0);
    expect(types(d.do({ type: 'tick' }, SESSION_DEFAULTS.noReplyTimeoutMs))).toEqual([
      'event:warning',
      'close',
      'event:closed',
      'finish',
    ]);
  });
});

describe('goAway in the middle of a turn', () => {
  const midTurn = () => {
    const d = new Driver(config()).open();
    d.frame(1, { sessionResumptionUpdate: { newHandle: 'before-turn', resumable: true } }, 0);
    d.frame(1, { serverContent: { inputTranscription: { text: 'question' } } }, 100);
    d.frame(1, modelAudio(4800), 200);
    return d;
  };

  it('lets the turn finish, then resumes with the handle taken after it', () => {
    const d = midTurn();
    expect(types(d.frame(1, { goAway: { timeLeft: '10s' } }, 300))).toEqual(['event:goAway']);
    expect(d.do({ type: 'tick' }, 2000).some((c) => c.type === 'close')).toBe(false);
    d.frame(1, { serverContent: { turnComplete: true } }, 2500);
    expect(d.do({ type: 'tick' }, 2600).some((c) => c.type === 'close')).toBe(false);
    expect(types(d.frame(1, { sessionResumptionUpdate: { newHandle: 'after-turn', resumable: true } }, 2700))).toEqual([
      'close',
    ]);
    expect(d.do({ type: 'closed', id: 1, code: 1000, reason: '' }, 2710)[0]).toMatchObject({
      type: 'connect',
      setup: { sessionResumption: { handle: 'after-turn' } },
    });
    const turn = d.log.find((c) => c.type === 'event' && c.event.type === 'turn');
    expect(turn).toMatchObject({ event: { user: 'question', interrupted: false } });
    expect(turn).not.toMatchObject({ event: { cutByReconnect: true } });
  });

  it('without a fresh handle after the turn, resumes with the old one after the grace period', () => {
    const d = midTurn();
    d.frame(1, { goAway: { timeLeft: '10s' } }, 300);
    d.frame(1, { serverContent: { turnComplete: true } }, 1000);
    expect(d.do({ type: 'tick' }, 1000 + SESSION_DEFAULTS.handleGraceMs - 1)).toEqual([]);
    expect(types(d.do({ type: 'tick' }, 1000 + SESSION_DEFAULTS.handleGraceMs))).toEqual(['close']);
  });

  it('a turn that outlasts timeLeft − margin is cut and reported as such', () => {
    const d = midTurn();
    d.frame(1, { goAway: { timeLeft: '3s' } }, 300);
    const deadline = 300 + 3000 - SESSION_DEFAULTS.resumeMarginMs;
    expect(d.do({ type: 'tick' }, deadline - 1)).toEqual([]);
    const out = d.do({ type: 'tick' }, deadline);
    expect(types(out)).toEqual(['event:turn', 'close']);
    expect(out[0]).toMatchObject({ event: { type: 'turn', user: 'question', audioBytes: 4800, cutByReconnect: true } });
  });

  it('goAway with too little time left resumes at once, cutting the turn', () => {
    const d = midTurn();
    expect(types(d.frame(1, { goAway: { timeLeft: '0.5s' } }, 300))).toEqual(['event:goAway', 'event:turn', 'close']);
  });

  it('the server closing first (after goAway) still resumes, cutting the turn', () => {
    const d = midTurn();
    d.frame(1, { goAway: { timeLeft: '10s' } }, 300);
    const out = d.do({ type: 'closed', id: 1, code: 1008, reason: '' }, 400);
    expect(types(out)).toEqual(['event:turn', 'connect']);
  });
});

describe('a model turn that never completes', () => {
  it('does not keep a finished input waiting for ever', () => {
    const d = new Driver(config({ liveInput: false })).open();
    d.do({ type: 'input-end' }, 0);
    d.frame(1, modelAudio(960), 100);
    expect(finishOf(d.do({ type: 'tick' }, 100 + SESSION_DEFAULTS.noReplyTimeoutMs - 1))).toBeUndefined();
    const out = d.do({ type: 'tick' }, 100 + SESSION_DEFAULTS.noReplyTimeoutMs);
    expect(types(out)).toEqual(['event:warning', 'close', 'event:closed', 'finish']);
    expect(finishOf(out)).toEqual({ type: 'finish', drain: false });
  });
});
