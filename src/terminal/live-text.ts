// A transcript shown as it arrives (`talk` with stdout at a terminal): each fragment is written at the
// end of its line, left open for the next one, instead of the whole line at the end of the turn. With
// a status line on screen the open row sits just above it (StatusLine.continueRow keeps the two apart).

import { credentialLabelStart } from '../redact.js';
import type { StatusLine } from './status-line.js';
import type { Ui } from './ui.js';

export interface LiveText {
  /**
   * Adds `text` to the line `key`, ending another open line first. A line starts with `prefix` at its
   * first visible character; when something else was written since its last piece, it goes on as a
   * new line with `prefix` again. Each piece is written up to its last whitespace: a word cut in two
   * (a server splits transcripts anywhere) is written whole with the next piece, so `shown` (which
   * redacts secrets) always sees whole words, and an auth-header label waits for its value.
   * `whole`: the piece is complete (typed by the user).
   */
  append(
    key: string,
    prefix: string,
    text: string,
    piece?: { style?: (text: string) => string; whole?: boolean },
  ): void;
  /** Finishes the open line, if any, with the word it held back. */
  end(): void;
  /** The key of the open line. */
  readonly open: string | undefined;
}

// Characters a terminal draws two columns wide (CJK, Hangul, fullwidth forms, emoji shown as emoji)
// and none (combining marks, joiners, variation selectors): enough to keep the cursor on the row the
// text ends on. A terminal that disagrees on some rare character only misplaces that line's tail.
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]|\p{Emoji_Presentation}/u;
const ZERO = /\p{Mn}|\p{Me}|\u200b|\u200c|\u200d|[\ufe00-\ufe0f]/u;

/** Pure: `text` as written starting `column` columns into a row: tabs as spaces, and the column after it. */
export function layout(text: string, column: number): { text: string; column: number } {
  let out = '';
  let at = column;
  for (const char of text) {
    if (char === '\n') {
      out += char;
      at = 0;
    } else if (char === '\t') {
      const spaces = 8 - (at % 8);
      out += ' '.repeat(spaces);
      at += spaces;
    } else {
      out += char;
      at += ZERO.test(char) ? 0 : WIDE.test(char) ? 2 : 1;
    }
  }
  return { text: out, column: at };
}

interface Line {
  readonly key: string;
  readonly prefix: string;
  readonly style: (text: string) => string;
  /** Received, not yet written: the start of a word. */
  held: string;
  /** Some of it is on screen, on a row that can still be continued. */
  started: boolean;
}

/** `shown`: what a piece of server text becomes on screen (redacted, stripped of control sequences). */
export function createLiveText(ui: Ui, status: StatusLine | undefined, shown: (text: string) => string): LiveText {
  let line: Line | undefined;
  let column = 0;
  const continuable = (): boolean => !status || status.rowOpen();
  const write = (current: Line, text: string): void => {
    const opening = !current.started;
    const laid = layout(opening ? current.prefix + shown(text.trimStart()) : shown(text), opening ? 0 : column);
    column = laid.column;
    current.started = true;
    const print = (): void => ui.dataRaw(current.style(laid.text));
    if (status) status.continueRow(print, column);
    else print();
  };
  const end = (): void => {
    if (line === undefined) return;
    const current = line;
    line = undefined;
    if (current.started && !continuable()) current.started = false;
    if (current.started || current.held.trim()) write(current, `${current.held}\n`);
  };
  return {
    get open() {
      return line?.key;
    },
    append(key, prefix, text, piece = {}) {
      if (line !== undefined && line.key !== key) end();
      line ??= { key, prefix, style: piece.style ?? ((t) => t), held: '', started: false };
      if (line.started && !continuable()) line.started = false;
      const raw = line.held + text;
      const words = raw.search(/\s\S*$/) + 1;
      const cut = piece.whole ? raw.length : credentialLabelStart(raw.slice(0, words));
      line.held = raw.slice(cut);
      if (raw.slice(0, cut).trim() || (line.started && cut > 0)) write(line, raw.slice(0, cut));
    },
    end,
  };
}
