// The forms a secret can take in text it reaches by some other path than ours: quoted in a URL, base64-encoded
// inside a longer blob (a server echoing the request, a JWT-like token, a proxy's log), case-folded, or split
// by separators ("AIza Sy…", "AIza,SyCa,…", one character per line). redact.ts finds them all with one
// linear pass:
//
// - The text is folded to its skeleton (skeleton.ts): only letters and digits, lower-cased, a %XX
//   escape read as the character it encodes, remembering where each skeleton character came from. A
//   secret's forms are folded the same way, so one indexOf per form finds it raw, upper- or
//   lower-cased, percent-encoded and split by any run of any other characters, and the positions map
//   back to the original text. No regex: no backtracking however a secret and the text are made, and
//   the cost is O(text × forms) at worst, fast in practice.
// - base64 and base64url in every alignment: a secret that starts 0, 1 or 2 bytes into the encoded
//   bytes gives three different strings. Each alignment is encoded after that many zero bytes and
//   only the characters whose six bits all come from the secret are kept (the edge ones depend on the
//   bytes around it).

import { fold, foldCase, hasEscape, type Folded } from './skeleton.js';

/** Below this many skeleton characters a form would match unrelated text; it is then matched exactly (still case-folded). */
export const MIN_SKELETON = 8;

/** The base64 characters determined by `secret` alone when it starts `offset` bytes (0–2) into the encoded data. */
export function base64Core(secret: string, offset: 0 | 1 | 2): string {
  const utf8 = new TextEncoder().encode(secret);
  const bytes = new Uint8Array(offset + utf8.length);
  bytes.set(utf8, offset);
  // btoa takes a binary string (one character per byte): Web API, so redaction needs no Buffer.
  const encoded = btoa(String.fromCharCode(...bytes)).replace(/=+$/, '');
  // Character i holds bits [6i, 6i+6); the secret holds bits [8·offset, 8·bytes.length).
  const first = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * bytes.length) / 6);
  return encoded.slice(first, end);
}

/** Every form of a secret worth looking for, as written (before folding). */
export function secretForms(secret: string): string[] {
  // Every byte escaped (%41%49…) as well as the usual escaping: the same when decoded, but a secret with
  // too few letters and digits to search for by skeleton is only found as written.
  const everyByte = [...new TextEncoder().encode(secret)]
    .map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`)
    .join('');
  const forms = new Set<string>([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    everyByte,
  ]);
  for (const offset of [0, 1, 2] as const) {
    const core = base64Core(secret, offset);
    forms.add(core);
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms];
}

/** One form ready to search for: by skeleton when long enough, else by its exact case-folded text. */
export interface Needle {
  readonly text: string;
  readonly bySkeleton: boolean;
  /**
   * By skeleton: what forms have before their first and after their last letter or digit ('&=' of a
   * secret ending so), case-folded; taken along where the text has it, so no character of the secret
   * is left beside the marker.
   */
  readonly edges: Array<readonly [head: string, tail: string]>;
}

/** A key's fragment long enough to stand for it: its first or last half, and never under this many characters. */
export const MIN_FRAGMENT = 16;

/**
 * The needles for `secret`'s forms; with `fragments`, each form's first and last halves too (of at
 * least MIN_FRAGMENT characters), for a key a message cut short or a server echoing part of it leaves
 * half-visible: "AIzaSyCanary-9f3e2d1c0b7…" gives the key away all the same.
 */
export function needlesOf(secret: string, fragments = false): Needle[] {
  const needles = new Map<string, Needle>();
  const add = (form: string, decode: boolean): void => {
    const folded = fold(form, decode);
    const { skeleton } = folded;
    if (skeleton.length < MIN_SKELETON) {
      needles.set(`x${foldCase(form)}`, { text: foldCase(form), bySkeleton: false, edges: [] });
      return;
    }
    // Forms that fold alike (raw and percent-encoded, base64 and base64url) are searched for once.
    const needle = needles.get(`s${skeleton}`) ?? { text: skeleton, bySkeleton: true, edges: [] };
    const head = foldCase(form.slice(0, folded.at(0)));
    const tail = foldCase(form.slice(folded.end(skeleton.length - 1)));
    if (head !== '' || tail !== '') needle.edges.push([head, tail]);
    needles.set(`s${skeleton}`, needle);
  };
  for (const form of secretForms(secret)) {
    add(form, false);
    // Percent-encoded forms (and a secret holding '%' itself) also as what they decode to.
    if (hasEscape(form)) add(form, true);
  }
  if (!fragments) return [...needles.values()];
  for (const { text, bySkeleton } of [...needles.values()]) {
    const half = Math.max(MIN_FRAGMENT, Math.ceil(text.length / 2));
    if (!bySkeleton || half >= text.length) continue;
    for (const fragment of [text.slice(0, half), text.slice(-half)])
      if (!needles.has(`s${fragment}`)) needles.set(`s${fragment}`, { text: fragment, bySkeleton: true, edges: [] });
  }
  return [...needles.values()];
}

/** [start, end) ranges of the original text that hold a form; unsorted, may overlap. */
export function findForms(text: string, needles: readonly Needle[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  if (needles.length === 0) return ranges;
  let views: Folded[] | undefined;
  let cased: string | undefined;
  for (const needle of needles) {
    if (!needle.bySkeleton) {
      cased ??= foldCase(text);
      for (let i = cased.indexOf(needle.text); i >= 0; i = cased.indexOf(needle.text, i + 1))
        ranges.push([i, i + needle.text.length]);
      continue;
    }
    views ??= hasEscape(text) ? [fold(text), fold(text, true)] : [fold(text)];
    for (const folded of views) {
      for (let i = folded.skeleton.indexOf(needle.text); i >= 0; i = folded.skeleton.indexOf(needle.text, i + 1)) {
        const from = folded.at(i);
        const to = folded.end(i + needle.text.length - 1);
        let [start, end] = [from, to];
        if (needle.edges.length > 0) cased ??= foldCase(text);
        for (const [head, tail] of needle.edges) {
          if (head !== '' && cased!.endsWith(head, from)) start = Math.min(start, from - head.length);
          if (tail !== '' && cased!.startsWith(tail, to)) end = Math.max(end, to + tail.length);
        }
        ranges.push([start, end]);
      }
    }
  }
  return ranges;
}

/** `text` with every range replaced by `marker`; overlapping ranges become one. */
export function replaceRanges(text: string, ranges: Array<[number, number]>, marker: string): string {
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of ranges) {
    const last = merged[merged.length - 1];
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let out = '';
  let cursor = 0;
  for (const [start, end] of merged) {
    out += text.slice(cursor, start) + marker;
    cursor = end;
  }
  return out + text.slice(cursor);
}
