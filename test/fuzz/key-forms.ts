// The canary key in every form a server (or a bug) could hand back: raw, percent-encoded, base64 and
// base64url at each of the three byte alignments, lower or upper case, split by separators, or a long
// prefix of it. `keyText` makes text with such forms in it; `leakedForms` finds any of them in an
// output, whatever the case, the separators or the percent escapes around it.

import fc from 'fast-check';
import { CANARY_KEY } from '../security/hostile.js';

export interface KeyForm {
  readonly encoding: 'raw' | 'percent' | 'base64' | 'base64url' | 'prefix';
  /** Bytes before the key when encoded (base64 only: which 3-byte alignment it starts at). */
  readonly align: 0 | 1 | 2;
  readonly letters: 'as-is' | 'lower' | 'upper';
  /** Split into pieces of `every` characters joined by `separator` (none when every is 0). */
  readonly separator: string;
  readonly every: number;
}

export const keyFormArb: fc.Arbitrary<KeyForm> = fc.record({
  encoding: fc.constantFrom('raw', 'percent', 'base64', 'base64url', 'prefix'),
  align: fc.constantFrom(0, 1, 2),
  letters: fc.constantFrom('as-is', 'lower', 'upper'),
  separator: fc.constantFrom(' ', '-', '.', '\n', ',', ':', '_', '/'),
  every: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 })),
});

export function renderKey(form: KeyForm, key: string = CANARY_KEY): string {
  const pad = 'xyz'.slice(0, form.align);
  let text: string;
  if (form.encoding === 'percent')
    text = [...key].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`).join('');
  else if (form.encoding === 'base64') text = Buffer.from(pad + key).toString('base64');
  else if (form.encoding === 'base64url') text = Buffer.from(pad + key).toString('base64url');
  else if (form.encoding === 'prefix') text = key.slice(0, 24);
  else text = key;
  if (form.letters === 'lower') text = text.toLowerCase();
  if (form.letters === 'upper') text = text.toUpperCase();
  if (form.every === 0) return text;
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += form.every) pieces.push(text.slice(i, i + form.every));
  return pieces.join(form.separator);
}

/** Text that may carry key forms: literal pieces and keys, joined. */
export type KeyText = ReadonlyArray<string | KeyForm>;

export const keyTextArb = (literal: fc.Arbitrary<string> = fc.string({ maxLength: 12 })): fc.Arbitrary<KeyText> =>
  fc.array(fc.oneof(literal, keyFormArb), { minLength: 1, maxLength: 4 });

export const renderText = (text: KeyText, key: string = CANARY_KEY): string =>
  text.map((piece) => (typeof piece === 'string' ? piece : renderKey(piece, key))).join('');

const SEPARATORS = /[\s\-_.,:;|/\\]+/g;
const strip = (text: string): string => text.toLowerCase().replace(SEPARATORS, '');

/** What must appear in any output holding a form of the key: the key, its prefix, base64 cores. */
function needles(key: string): string[] {
  const found = [key, key.slice(0, 24)];
  for (const align of [0, 1, 2]) {
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = Buffer.from('xyz'.slice(0, align) + key).toString(encoding);
      // The characters the padding bytes touch at the start and the end are not the key's own.
      found.push(encoded.slice(Math.ceil((align * 4) / 3), -4));
    }
  }
  return found;
}

/** Every form of `key` found in `text` (empty when none), named for the failure message. */
export function leakedForms(text: string, key: string = CANARY_KEY): string[] {
  const decoded = text.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const views = [strip(text), strip(decoded)];
  return needles(key)
    .filter((needle) => views.some((view) => view.includes(strip(needle))))
    .map((needle) => needle.slice(0, 10) + '…');
}

/** Where (which output) a form of the key appeared, for an `expect(...).toEqual([])`. */
export function leaks(outputs: Record<string, string | Buffer>, key: string = CANARY_KEY): string[] {
  return Object.entries(outputs).flatMap(([where, text]) =>
    leakedForms(typeof text === 'string' ? text : text.toString('latin1'), key).map((form) => `${where}: ${form}`),
  );
}
