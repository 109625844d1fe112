// The session runner with fake transport, clock, input and playback: the machine's commands reach
// the right ports, a goAway reconnect loses and repeats no audio, Ctrl-C closes with 1000.
import { describe, expect, it } from 'vitest';
import type { GemtokenError } from '../../../src/errors.js';
import { AudioDeviceError, ExitCode, InterruptedError } from '../../../src/errors.js';
import { SESSION_DEFAULTS, type TalkSessionConfig } from '../../../src/live/session/session-types.js';
import { FakeAudioInput } from '../../fakes/fake-audio.js';
import { flushPromises } from '../../fakes/fake-clock.js';
import { FakePlayback } from '../../fakes/fake-playback.js';
import { audioFeed, connected, modelAudioMessage, pcm, sessionRig } from '../../helpers/session-rig.js';

/** The rig with a microphone (unless `withInput` is false), a speaker's playback and a recorder. */
function rig(over: Partial<TalkSessionConfig> = {}, text?: string, withInput = true) {
  const input = new FakeAudioInput();
  const playback = new FakePlayback();
  const recorded: Buffer[] = [];
  const deps = { input: withInput ? input : undefined, playback, recorder: { write: (b: Buffer) => recorded.push(b) } };
  const r = sessionRig({ deps, session: { speaker: true, ...over }, text });
  return { ...r, input, playback, recorded };
}

const reply = (bytes: number) => modelAudioMessage(pcm(bytes, 1));

describe('SessionRunner', () => {
  it('goAway: old socket closed with 1000 before the resume connect; every input byte sent exactly once', async () => {
    const r = rig();
    const first = await r.transport.nth(0);
    expect(first.request).toMatchObject({ token: 'auth_tokens/t', apiVersion: 'v1alpha', timeoutMs: 5000 });
    const { fed, feed } = audioFeed(r.input);
    feed(2000, 1); // before setupComplete: held
    first.accept();
    await flushPromises();
    feed(3000, 2);
    first.serverSend({ sessionResumptionUpdate: { newHandle: 'H1', resumable: true } });
    first.serverSend({ goAway: { timeLeft: '2s' } });
    expect(first.closedWith).toEqual({ code: 1000, reason: 'resuming after goAway' });
    feed(1500, 3); // during the close handshake
    await flushPromises();
    const second = await r.transport.nth(1);
    expect(second.request.setup.sessionResumption).toEqual({ handle: 'H1' });
    feed(900, 4); // while the new socket connects
    second.accept();
    await flushPromises();
    feed(1700, 5);
    r.input.finish();
    expect(Buffer.concat([first.audio, second.audio]).equals(Buffer.concat(fed))).toBe(true);
    expect(second.messages.at(-1)).toEqual({ audioStreamEnd: true });
    expect(r.events.map((e) => e.type)).toEqual(['setup', 'goAway', 'resumed']);
    r.controller.abort(new InterruptedError());
    expect(await r.done).toBeInstanceOf(InterruptedError);
  });

  it('plays and records model audio, flushes on interrupted and reports what was heard', async () => {
    const r = rig();
    const c = await connected(r);
    c.serverSend(reply(4800));
    expect(r.playback.enqueued).toHaveLength(1);
    c.serverSend({ serverContent: { interrupted: true } });
    expect(r.playback.flushes).toBe(1);
    expect(r.events.find((e) => e.type === 'interrupted')).toMatchObject({ heardMs: 120 });
    c.serverSend({ serverContent: { turnComplete: true } });
    expect(r.playback.turnEnds).toBe(1);
    expect(Buffer.concat(r.recorded)).toHaveLength(4800);
    r.runner.key('quit');
    expect(await r.done).toBeUndefined();
    expect(c.closedWith?.code).toBe(1000);
    expect(r.input.stopped).toBe(true);
  });

  it('--text --once without input: sends the text after setup, ends after the reply has played', async () => {
    const r = rig({ once: true }, 'hello', false);
    const c = await r.transport.nth(0);
    expect(c.sent).toEqual([]);
    c.accept();
    await flushPromises();
    expect(c.messages).toEqual([{ text: 'hello' }]);
    c.serverSend(reply(960));
    c.serverSend({ serverContent: { outputTranscription: { text: 'Hi.' }, turnComplete: true } });
    await flushPromises();
    expect(r.playback.drainRequested).toBe(true);
    expect(c.closedWith).toEqual({ code: 1000, reason: 'done' });
    r.playback.finishPlaying();
    expect(await r.done).toBeUndefined();
    expect(r.events.map((e) => e.type)).toEqual(['setup', 'transcript', 'transcript', 'turn', 'closed']);
    // The drain and close waits run on the Clock port and leave no timer behind.
    expect(r.clock.pending).toBe(0);
  });

  it('Ctrl-C: close 1000, input stopped, InterruptedError (exit 130)', async () => {
    const r = rig();
    const c = await connected(r);
    r.controller.abort(new InterruptedError());
    const error = await r.done;
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as GemtokenError).exitCode).toBe(ExitCode.interrupted);
    expect(c.closedWith?.code).toBe(1000);
    expect(r.input.stopped).toBe(true);
    expect(r.events.at(-1)).toMatchObject({ type: 'closed', code: 1000, by: 'client' });
    expect(r.clock.pending).toBe(0);
  });

  it('a refused connect rejects with the mapped error', async () => {
    const r = rig();
    (await r.transport.nth(0)).fail({ kind: 'closed', code: 1011, reason: 'Token has been used too many times' });
    const error = (await r.done) as GemtokenError;
    expect(error.exitCode).toBe(ExitCode.auth);
    expect(r.input.stopped).toBe(true);
  });

  it('a failing microphone ends the session with its own error', async () => {
    const r = rig();
    const c = await connected(r);
    r.input.sink?.error(new AudioDeviceError('arecord exited with code 1'));
    expect(((await r.done) as GemtokenError).exitCode).toBe(ExitCode.audio);
    expect(c.closedWith?.code).toBe(1000);
  });

  it('a connect that lands after the session ended is closed at once', async () => {
    const r = rig();
    const c = await r.transport.nth(0);
    r.runner.key('quit');
    await r.done;
    c.accept();
    await flushPromises();
    expect(c.closedWith?.code).toBe(1000);
  });

  it('ticks drive the idle end after file input', async () => {
    const r = rig();
    const c = await connected(r);
    r.input.push(pcm(1280, 1));
    r.input.finish();
    c.serverSend(reply(480));
    c.serverSend({ serverContent: { turnComplete: true } });
    await r.clock.advanceAsync(SESSION_DEFAULTS.idleAfterReplyMs + 100);
    r.playback.finishPlaying();
    expect(await r.done).toBeUndefined();
  });

  it('while capture frames flow, the session tick rides on them: no timer wakes the loop for it', async () => {
    const r = rig({ liveInput: true });
    await connected(r);
    const before = r.clock.pending;
    for (let t = 0; t < 2000; t += 20) {
      r.input.push(pcm(640, t)); // one 20 ms frame…
      expect(r.clock.nextDelay(), `at ${t} ms`).toBeGreaterThan(20); // …and no timer due before the next one
      r.clock.advance(20);
    }
    expect(r.clock.pending).toBe(before);
    r.controller.abort(new InterruptedError());
    expect(await r.done).toBeInstanceOf(InterruptedError);
  });
});
