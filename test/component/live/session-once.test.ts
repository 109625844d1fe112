// `--once` through the whole machine: every way a session ends reaches the one finish that applies
// the contract (once-contract.ts). A quit key, a server close and a reply cut by a drop and never
// completed each fail with their code; a reply completed after a resume is still an answer.
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { SESSION_DEFAULTS } from '../../../src/live/session/session-types.js';
import { config, Driver, finishOf, modelAudio } from './machine-driver.js';

const INTERNAL = 'Internal error encountered.';
const DONE = { serverContent: { turnComplete: true } };

/** A --text session up on connection 1, the question sent and the input ended. */
function asked(over = {}): Driver {
  const d = new Driver(config({ once: true, liveInput: false, speaker: false, ...over })).open();
  d.do({ type: 'text', text: 'tell me something' });
  d.do({ type: 'input-end' });
  return d;
}

describe('--once ends with exit 0 only after a complete answer', () => {
  it('the quit key before the answer: exit 130 with one line; without --once it is a plain end', () => {
    const error = finishOf(asked().do({ type: 'key', key: 'quit' }))?.error;
    expect(error?.exitCode).toBe(ExitCode.interrupted);
    expect(error?.message).toBe('quit before the model answered (--once)');
    expect(finishOf(asked({ once: false }).do({ type: 'key', key: 'quit' }))?.error).toBeUndefined();
  });

  it('a server close 1000 before the answer (nothing to resume with): exit 5 naming the close', () => {
    const d = asked();
    d.frame(1, modelAudio(960));
    const error = finishOf(d.do({ type: 'closed', id: 1, code: 1000, reason: 'bye' }))?.error;
    expect(error?.exitCode).toBe(ExitCode.network);
    expect(error?.message).toBe('the server ended the session before the model answered (--once): close 1000 "bye"');
  });

  it('a reply cut by a dropped connection and not completed after the resume: exit 5 saying so', () => {
    const d = asked({ tokenSupply: 'minted' });
    d.frame(1, { sessionResumptionUpdate: { newHandle: 'h', resumable: true } });
    d.frame(1, modelAudio(960), 100);
    d.do({ type: 'closed', id: 1, code: 1011, reason: INTERNAL }, 200);
    d.do({ type: 'tick' }, 200 + SESSION_DEFAULTS.reconnectBackoffMs);
    d.do({ type: 'connected', id: 2 });
    const end = finishOf(d.do({ type: 'tick' }, 10_000));
    expect(end?.error?.exitCode).toBe(ExitCode.network);
    expect(end?.error?.message).toBe(
      `the model's reply was cut (the connection dropped: close 1011 "${INTERNAL}") and was not completed after the resume (--once)`,
    );
  });

  it('a reply completed after the resume is the answer: exit 0', () => {
    const d = asked({ tokenSupply: 'minted' });
    d.frame(1, { sessionResumptionUpdate: { newHandle: 'h', resumable: true } });
    d.frame(1, modelAudio(960), 100);
    d.do({ type: 'closed', id: 1, code: 1011, reason: INTERNAL }, 200);
    d.do({ type: 'tick' }, 200 + SESSION_DEFAULTS.reconnectBackoffMs);
    d.do({ type: 'connected', id: 2 });
    d.frame(2, modelAudio(960));
    expect(finishOf(d.frame(2, DONE))).toEqual({ type: 'finish', drain: true });
  });

  it('an interrupted reply that goes quiet is no answer: exit 5', () => {
    const d = asked();
    d.frame(1, modelAudio(960), 100);
    d.frame(1, { serverContent: { interrupted: true } }, 150);
    d.frame(1, DONE, 200);
    const error = finishOf(d.do({ type: 'tick' }, 200 + SESSION_DEFAULTS.idleAfterReplyMs))?.error;
    expect(error?.exitCode).toBe(ExitCode.network);
    expect(error?.message).toBe('the model did not complete its turn after the last input (--once)');
  });
});
