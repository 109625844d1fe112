// Text from a server never drives the terminal: transcripts, close reasons, REST error
// messages and warnings could carry ANSI/OSC sequences that retitle the window, clear or hide text,
// or write hyperlinks. This sits next to redact.ts, not in terminal/, for the same reason: every
// writer must apply it, and two of them are outside terminal/ — the error renderer (errors.ts, used
// by cli.ts) and the token/live modules that build error messages, which may not import terminal/.

// Whole sequences first, so their parameters do not survive as litter: CSI (ESC [ … final), OSC
// (ESC ] … BEL or ST), DCS/SOS/PM/APC strings (ESC P|X|^|_ … ST), then any other ESC + one byte;
// the same introducers in their 8-bit C1 forms.
const SEQUENCES =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[\x20-\x7e]?/g;
// C0 (bar \t and \n, handled per mode), DEL, C1, and the bidi overrides/isolates that reorder what
// is shown (the "Trojan Source" characters).
// eslint-disable-next-line no-control-regex -- as above
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export interface PrintableOptions {
  /** Keep \n and \t (a transcript); otherwise every line break or tab becomes a space (one line). */
  readonly multiline?: boolean;
}

/** `text` with every control sequence and control character removed, safe to show on a terminal. */
export function printable(text: string, options: PrintableOptions = {}): string {
  const stripped = text.replace(/\r\n/g, '\n').replace(SEQUENCES, '');
  const lines = options.multiline ? stripped : stripped.replace(/[\n\t]/g, ' ');
  return lines.replace(CONTROLS, '');
}

// JSON.stringify escapes C0 (so \u001b stays six characters) but leaves C1, bidi controls and the
// line/paragraph separators raw; some terminals act on 8-bit C1 even in UTF-8.
const JSON_UNSAFE = /[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/g;

/** A JSON text (NDJSON line) with the characters JSON leaves raw escaped; it parses to the same value. */
export function escapeJsonForTerminal(json: string): string {
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
