// `--once` as a contract (src/live/session/once-contract.ts): exit 0 only when a turnComplete of a
// complete reply followed the last input and nothing cut it; otherwise one error saying why, with
// the code of its kind (quit 130, a server close or a cut reply 5). Generated over event sequences
// (fast-check, seeded: a failure prints its seed and replays).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExitCode, NetworkError } from '../../../src/errors.js';
import { OnceContract, type SessionEnd } from '../../../src/live/session/once-contract.js';

const SEED = 20_0003;

type Fact = 'input' | 'complete' | 'incomplete' | 'cut';

function play(facts: readonly Fact[]): OnceContract {
  const contract = new OnceContract();
  for (const fact of facts) {
    if (fact === 'input') contract.input();
    else if (fact === 'complete') contract.turnComplete(true);
    else if (fact === 'incomplete') contract.turnComplete(false);
    else contract.cut('the connection dropped: close 1011');
  }
  return contract;
}

/** The rule stated another way: the last complete turn comes after the last input and the last cut. */
function answered(facts: readonly Fact[]): boolean {
  const complete = facts.lastIndexOf('complete');
  return complete >= 0 && complete > facts.lastIndexOf('input') && complete > facts.lastIndexOf('cut');
}

const ends: fc.Arbitrary<SessionEnd> = fc.oneof(
  fc.constant<SessionEnd>({ kind: 'quit' }),
  fc.constant<SessionEnd>({ kind: 'quiet' }),
  fc.constant<SessionEnd>({ kind: 'answered' }),
  fc.record({ kind: fc.constant('closed' as const), code: fc.constantFrom(1000, 1001, 1011), reason: fc.string() }),
);
const facts = fc.array(fc.constantFrom<Fact>('input', 'complete', 'incomplete', 'cut'), { maxLength: 12 });

describe('OnceContract', () => {
  it('exit 0 iff a complete turn followed the last input and nothing cut it; else the code of the end (generated)', () => {
    fc.assert(
      fc.property(facts, ends, (sequence, end) => {
        const error = play(sequence).outcome(end, undefined);
        if (answered(sequence)) {
          expect(error).toBeUndefined();
          return;
        }
        const expected = end.kind === 'quit' ? ExitCode.interrupted : ExitCode.network;
        expect(error?.exitCode).toBe(expected);
        expect(error?.message).toMatch(/\(--once\)/);
        expect(error?.message).not.toContain('\n');
        expect(error?.hint).toBeUndefined();
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("a session's own error always wins, answered or not (generated)", () => {
    const own = new NetworkError('cannot reach the Live API');
    fc.assert(
      fc.property(facts, ends, (sequence, end) => {
        expect(play(sequence).outcome(end, own)).toBe(own);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('says why: the quit key, the server close with its code and reason, the cut and what cut it', () => {
    expect(play(['input']).outcome({ kind: 'quit' }, undefined)?.message).toBe(
      'quit before the model answered (--once)',
    );
    expect(play(['input']).outcome({ kind: 'closed', code: 1000, reason: 'bye' }, undefined)?.message).toBe(
      'the server ended the session before the model answered (--once): close 1000 "bye"',
    );
    expect(play(['input', 'cut']).outcome({ kind: 'quiet' }, undefined)?.message).toBe(
      "the model's reply was cut (the connection dropped: close 1011) and was not completed after the resume (--once)",
    );
    expect(play(['input', 'incomplete']).outcome({ kind: 'quiet' }, undefined)?.message).toBe(
      'the model did not complete its turn after the last input (--once)',
    );
  });

  it('a complete turn after a cut answers; an input after the answer asks again', () => {
    expect(play(['input', 'cut', 'complete']).answered).toBe(true);
    expect(play(['input', 'complete', 'input']).answered).toBe(false);
    expect(play(['complete', 'cut']).answered).toBe(false);
  });
});
