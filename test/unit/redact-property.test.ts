// Generated proof of the redactor: any secret of at least 8 printable characters, written
// into arbitrary text in any form a leak takes (as is, URL-encoded, base64/base64url at any alignment,
// re-cased, its first or last half, split between its characters by anything that is not a letter or digit: one character of
// any script or a short run of them), is gone from redact()'s output; text that holds no form of it is
// left as it was. The oracle below builds the forms on its own (random bytes around the base64, not zeros).
// Seeded: a failure prints the seed and the counterexample, and `FC_SEED=<seed>` replays it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, SecretRegistry } from '../../src/redact.js';

const SEED = Number(process.env['FC_SEED'] ?? 19_019);
const RUNS = Number(process.env['FC_RUNS'] ?? 300);
/** Any code point that is not a letter or digit (lone surrogates included), alone or in a short run. */
const NOT_ALPHANUMERIC = /^[^\p{L}\p{N}]+$/u;
const separatorChar = fc.oneof(
  fc.constantFrom(
    ' ',
    ',',
    ';',
    '|',
    '\\',
    '+',
    '"',
    "'",
    '%',
    '&',
    '=',
    '*',
    '#',
    '\n',
    '\t',
    '\u200b',
    '\u00a0',
    '\u3001',
    '\u0301',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => NOT_ALPHANUMERIC.test(c)),
);
const separatorArb = fc.array(separatorChar, { minLength: 1, maxLength: 3 }).map((run) => run.join(''));

const printable = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', minLength: 8, maxLength: 48 }),
  fc.string({ unit: 'grapheme', minLength: 8, maxLength: 24 }),
  // Key-shaped: the alphabet of real keys and tokens.
  fc.stringMatching(/^[A-Za-z0-9_-]{8,48}$/),
);
const secretArb = printable.filter(
  (s) => s.length >= 8 && [...s].every((c) => c.codePointAt(0)! >= 0x20 && c !== '\x7f'),
);
const filler = fc.string({ unit: 'grapheme-ascii', maxLength: 40 });

/** Letters and digits only, lower-cased: how a person reading the output would still recognise the key. */
const skeleton = (text: string): string => text.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();

/** The base64 characters that come from `bytes` alone when `before` arbitrary bytes precede it. */
function b64Window(before: Buffer, bytes: Buffer, after: Buffer): { whole: string; window: string } {
  const whole = Buffer.concat([before, bytes, after]).toString('base64');
  const start = Math.ceil((before.length * 8) / 6);
  const end = Math.floor(((before.length + bytes.length) * 8) / 6);
  return { whole, window: whole.slice(start, end) };
}

type Form = { readonly label: string; readonly written: string; readonly trace: readonly string[] };

function formArb(secret: string): fc.Arbitrary<Form> {
  const bytes = Buffer.from(secret, 'utf8');
  const chars = [...secret];
  return fc.oneof(
    fc.constant({ label: 'raw', written: secret, trace: [secret] }),
    fc.constant({ label: 'url', written: encodeURIComponent(secret), trace: [encodeURIComponent(secret)] }),
    // Every byte escaped, letters and digits too (%41%49…), in either case of hex digit.
    fc.boolean().map((lower) => {
      const written = [...bytes].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
      return { label: 'percent', written: lower ? written : written.toUpperCase(), trace: [secret] };
    }),
    fc.constantFrom('upper', 'lower').map((c) => {
      const written = c === 'upper' ? secret.toUpperCase() : secret.toLowerCase();
      return { label: c, written, trace: [secret] };
    }),
    fc.tuple(fc.uint8Array({ maxLength: 5 }), fc.uint8Array({ maxLength: 5 }), fc.boolean()).map(([pre, post, url]) => {
      const { whole, window } = b64Window(Buffer.from(pre), bytes, Buffer.from(post));
      const toUrl = (s: string): string => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      return {
        label: url ? 'base64url' : 'base64',
        written: url ? toUrl(whole) : whole,
        trace: [url ? toUrl(window) : window],
      };
    }),
    // A key half-shown (a message cut short): its first or last half of letters and digits, at least 16 of them.
    fc.boolean().map((first) => {
      const half = Math.max(16, Math.ceil(skeleton(secret).length / 2));
      const ends = chars.map((_c, i) => (first ? chars.slice(0, i + 1) : chars.slice(i)).join(''));
      const written = (first ? ends : ends.reverse()).find((end) => skeleton(end).length >= half) ?? secret;
      return { label: 'half', written, trace: [written] };
    }),
    fc.array(separatorArb, { minLength: chars.length - 1, maxLength: chars.length - 1 }).map((seps) => ({
      label: 'split',
      written: chars.map((c, i) => c + (seps[i] ?? '')).join(''),
      trace: [secret],
    })),
  );
}

/** The text with every %XX escape read as the byte it encodes (as UTF-8 where the bytes make one). */
const percentDecoded = (text: string): string =>
  text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));

/** Whether `output` still shows `trace`, as written or percent-decoded (compared as skeletons, each stretch between two markers on its own). */
function shows(output: string, trace: string): boolean {
  const wanted = skeleton(trace);
  const stretches = output.split(REDACTED).flatMap((visible) => [visible, percentDecoded(visible)]);
  return wanted.length >= 8
    ? stretches.some((visible) => skeleton(visible).includes(wanted))
    : stretches.some((visible) => visible.toLowerCase().includes(trace.toLowerCase()));
}

describe('SecretRegistry.redact, generated', () => {
  it('leaves no form of a secret in the text it is written into', () => {
    const cases = secretArb.chain((secret) => fc.tuple(fc.constant(secret), formArb(secret), filler, filler));
    fc.assert(
      fc.property(cases, ([secret, form, before, after]) => {
        // A split form of a secret made mostly of separators has too few characters left to recognise safely.
        fc.pre(form.label !== 'split' || skeleton(secret).length >= 8);
        // Halves are looked for in keys whose half is 16 letters or digits or more, as the oracle counts them (ASCII).
        fc.pre(form.label !== 'half' || (/^[\x20-\x7e]+$/.test(secret) && skeleton(secret).length >= 32));
        // Case is folded one character at a time: a mapping that changes the length (ß → SS, ᾀ → ἈΙ, İ → i̇) is out of reach.
        fc.pre(form.label !== 'upper' || secret.toUpperCase().length === secret.length);
        fc.pre(form.label !== 'lower' || secret.toLowerCase().length === secret.length);
        const secrets = new SecretRegistry();
        secrets.add(secret);
        const out = secrets.redact(`${before}${form.written}${after}`);
        for (const trace of form.trace)
          expect(shows(out, trace), `${form.label} form left in ${JSON.stringify(out)}`).toBe(false);
        expect(secrets.containsSecret(`${before}${form.written}${after}`)).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('leaves text that holds no form of the secret unchanged', () => {
    fc.assert(
      fc.property(secretArb, fc.string({ unit: 'grapheme', maxLength: 120 }), (secret, text) => {
        const secrets = new SecretRegistry();
        secrets.add(secret);
        fc.pre(!secrets.containsSecret(text) && !/[?&](?:key|access_token)=|x-goog-api-key|authorization/i.test(text));
        expect(secrets.redact(text)).toBe(text);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
