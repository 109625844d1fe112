// The forms a secret can take in text it reaches by some other path than ours: quoted in a URL, base64-encoded
// inside a longer blob (a server echoing the request, a JWT-like token, a proxy's log), case-folded, or split
// by separators ("AIza Sy…", one character per line). redact.ts finds them all with one linear pass:
//
// - The text is folded to a "skeleton": separator characters are dropped and the rest lower-cased, one
//   code unit at a time, remembering where each skeleton character came from. A secret's forms are
//   folded the same way, so one indexOf per form finds it raw, upper- or lower-cased and split by any
//   run of separators, and the positions map back to the original text. No regex: no backtracking
//   however a secret and the text are made, and the cost is O(text × forms) at worst, fast in practice.
// - base64 and base64url in every alignment: a secret that starts 0, 1 or 2 bytes into the encoded
//   bytes gives three different strings. Each alignment is encoded after that many zero bytes and
//   only the characters whose six bits all come from the secret are kept (the edge ones depend on the
//   bytes around it).

/** Characters people and programs put between the characters of a value (whitespace, . _ - : /). */
const SEPARATOR = /[\s._\-:/]/;
const isSeparator = (char: string): boolean => (char > ' ' && char < '\x7f' ? char === '.' || char === '_' || char === '-' || char === ':' || char === '/' : SEPARATOR.test(char));

/** Below this many skeleton characters a form would match unrelated text; it is then matched exactly (still case-folded). */
export const MIN_SKELETON = 8;

export interface Folded {
  /** Case-folded text without separators. */
  readonly skeleton: string;
  /** The index in the original text of skeleton character `i`. */
  at(i: number): number;
}

const SEPARATORS = /[\s._\-:/]+/g;
const ASCII = /^[^\u0080-\uffff]*$/;

/** Folded forms of the characters met so far ('' for a separator): text repeats a small alphabet, and case mapping is not cheap. */
const folds = new Map<string, string>();
const FOLD_CACHE_LIMIT = 4096;
const ASCII_FOLDS = Array.from({ length: 128 }, (_, code) => {
  const char = String.fromCharCode(code);
  return isSeparator(char) ? '' : char.toLowerCase();
});

/**
 * One character case-folded, '' when it is a separator: upper- then lower-cased (ᲁ, ſ and ι meet Д, S and
 * Ι there) when that keeps its length; a character whose mapping grows (ß → SS, İ) stays as it is, so
 * positions stay one to one.
 */
function foldChar(char: string): string {
  const known = folds.get(char);
  if (known !== undefined) return known;
  const upperLower = char.toUpperCase().toLowerCase();
  const lower = char.toLowerCase();
  const folded = isSeparator(char) ? '' : upperLower.length === char.length ? upperLower : lower.length === char.length ? lower : char;
  if (folds.size < FOLD_CACHE_LIMIT) folds.set(char, folded);
  return folded;
}

/** Each character (a surrogate pair whole) folded, with the index it starts at. */
function foldEach(text: string, each: (folded: string, index: number, width: number) => void): void {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      each(ASCII_FOLDS[code]!, i, 1);
      continue;
    }
    const width = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1;
    each(foldChar(width === 2 ? text.slice(i, i + 2) : text[i]!), i, width);
    i += width - 1;
  }
}

export function fold(text: string): Folded {
  // Plain ASCII (nearly every line we write): two native passes, and the positions only once a form is found.
  if (ASCII.test(text)) {
    let positions: number[] | undefined;
    return {
      skeleton: text.replace(SEPARATORS, '').toLowerCase(),
      at: (i) => (positions ??= skeletonPositions(text))[i]!,
    };
  }
  const parts: string[] = [];
  const positions: number[] = [];
  foldEach(text, (folded, index, width) => {
    if (folded === '') return;
    parts.push(folded);
    positions.push(index);
    if (width === 2) positions.push(index + 1);
  });
  return { skeleton: parts.join(''), at: (i) => positions[i]! };
}

function skeletonPositions(text: string): number[] {
  const positions: number[] = [];
  for (let i = 0; i < text.length; i += 1) if (!isSeparator(text[i]!)) positions.push(i);
  return positions;
}

/** The text case-folded with its length kept, for forms too short to match without their separators. */
export function foldCase(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  const parts: string[] = [];
  // A separator keeps its place here: only case is folded.
  foldEach(text, (folded, index, width) => parts.push(folded === '' ? text.slice(index, index + width) : folded));
  return parts.join('');
}

/** The base64 characters determined by `secret` alone when it starts `offset` bytes (0–2) into the encoded data. */
export function base64Core(secret: string, offset: 0 | 1 | 2): string {
  const bytes = Buffer.concat([Buffer.alloc(offset), Buffer.from(secret, 'utf8')]);
  const encoded = bytes.toString('base64').replace(/=+$/, '');
  // Character i holds bits [6i, 6i+6); the secret holds bits [8·offset, 8·bytes.length).
  const first = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * bytes.length) / 6);
  return encoded.slice(first, end);
}

/** How much of the start of a longer secret counts as the secret (Google API keys are 39 characters). */
export const PREFIX = 24;

/** Every form of a secret worth looking for, as written (before folding). */
export function secretForms(secret: string): string[] {
  // Percent-encoded as a URL needs it (encodeURIComponent, form encoding), and every byte escaped (%41%49…):
  // some clients and proxies escape everything, and the escapes hide the letters from the skeleton.
  const everyByte = [...Buffer.from(secret, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
  const forms = new Set<string>([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), everyByte]);
  // A long key cut short (a server or a log that truncates) still gives most of it away: its first
  // PREFIX characters are a form of their own (what remains after them is not enough to use).
  if (secret.length > PREFIX) forms.add(secret.slice(0, PREFIX));
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
}

export function needlesOf(secret: string): Needle[] {
  return secretForms(secret).map((form) => {
    const { skeleton } = fold(form);
    return skeleton.length >= MIN_SKELETON ? { text: skeleton, bySkeleton: true } : { text: foldCase(form), bySkeleton: false };
  });
}

/** [start, end) ranges of the original text that hold a form; unsorted, may overlap. */
export function findForms(text: string, needles: readonly Needle[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  if (needles.length === 0) return ranges;
  let folded: Folded | undefined;
  let cased: string | undefined;
  for (const needle of needles) {
    if (needle.bySkeleton) {
      folded ??= fold(text);
      for (let i = folded.skeleton.indexOf(needle.text); i >= 0; i = folded.skeleton.indexOf(needle.text, i + 1)) {
        ranges.push([folded.at(i), folded.at(i + needle.text.length - 1) + 1]);
      }
    } else {
      cased ??= foldCase(text);
      for (let i = cased.indexOf(needle.text); i >= 0; i = cased.indexOf(needle.text, i + 1)) ranges.push([i, i + needle.text.length]);
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
