// Each warning at most once per run: every warning goes through a Ui's warn(), and the memory of what
// was said belongs to the run (its context), so a second Ui of the same run (mint -i, talk's device
// notes) does not repeat one either. A generated property (fast-check, seeded: a failure prints the
// seed; FC_SEED=<n> replays another run) over any sequence of warnings, each from any of several Ui.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Context } from '../../../src/context.js';
import { SecretRegistry } from '../../../src/redact.js';
import { createUi } from '../../../src/terminal/ui.js';

const SEED = Number(process.env.FC_SEED ?? 2020);

function run(): { ctx: Context; err: string[] } {
  const err: string[] = [];
  const ctx = {
    env: {},
    isTTY: { stdin: false, stdout: false, stderr: false },
    stdout: { write: () => true },
    stderr: { write: (text: string) => err.push(text) },
    secrets: new SecretRegistry(),
    verbose: false,
  } as unknown as Context;
  return { ctx, err };
}

describe('warnings, once per run', () => {
  it('any sequence of warnings from any Ui of the run: each distinct one printed once, in first-seen order', () => {
    const line = fc.oneof(fc.constantFrom('a', 'b', 'the token locks model'), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.nat({ max: 2 })), { maxLength: 40 }), (said) => {
        const { ctx, err } = run();
        const uis = [createUi(ctx), createUi(ctx), createUi(ctx, { quiet: true })];
        for (const [text, which] of said) uis[which]!.warn(text);
        expect(err).toEqual([...new Set(said.map(([text]) => text))].map((text) => `warning: ${text}\n`));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('another run (another context) says it again', () => {
    const first = run();
    const second = run();
    createUi(first.ctx).warn('x');
    createUi(second.ctx).warn('x');
    expect([first.err, second.err]).toEqual([['warning: x\n'], ['warning: x\n']]);
  });

  it('info lines are not deduplicated (progress may repeat)', () => {
    const { ctx, err } = run();
    const ui = createUi(ctx);
    ui.info('session resumed');
    ui.info('session resumed');
    expect(err).toHaveLength(2);
  });
});
