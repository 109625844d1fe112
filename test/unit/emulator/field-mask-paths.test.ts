// Generated field masks: the emulator refuses only what the real service was seen to refuse (index
// segments, empty segments, names the setup does not have) and otherwise accepts, warning when the
// service's answer is unknown. Any mask either parses or is the service's one 400, never a crash.
// fast-check prints the seed of a failure; FC_SEED=<n> replays it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPathStatus, parseFieldMask } from '../../../src/emulator/rest/field-mask.js';
import { RpcError } from '../../../src/emulator/rest/rpc-status.js';
import { SETUP_FIELDS } from '../../../src/emulator/setup/setup-schema.js';

const seed = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };
const field = fc.constantFrom(...SETUP_FIELDS);
const name = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/);

describe('field mask paths (generated)', () => {
  it('a known field with any named sub-path is accepted; one index segment anywhere makes it invalid', () => {
    fc.assert(
      fc.property(field, fc.array(name, { maxLength: 3 }), fc.nat(9), fc.nat(3), (top, rest, index, at) => {
        const named = [top, ...rest].join('.');
        if (top !== 'generationConfig' || rest.length === 0) expect(maskPathStatus(named)).not.toBe('invalid');
        const segments = [top, ...rest];
        segments.splice(1 + (at % segments.length), 0, String(index));
        expect(maskPathStatus(segments.join('.'))).toBe('invalid');
      }),
      seed,
    );
  });

  it('any text either parses into paths with a warning per unconfirmed one, or is the 400 field_mask error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (mask) => {
        try {
          const parsed = parseFieldMask(mask);
          const unconfirmed = mask.split(',').filter((p) => maskPathStatus(p.trim()) === 'unconfirmed');
          expect(parsed.warnings).toHaveLength(unconfirmed.length);
        } catch (error) {
          expect(error).toBeInstanceOf(RpcError);
          expect((error as RpcError).httpStatus).toBe(400);
        }
      }),
      seed,
    );
  });
});
