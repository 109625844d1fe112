// The one-line status on stderr during `talk` (whenever stderr is a terminal — NO_COLOR/CI/TERM=dumb
// change how it is drawn, never whether: it is the interface): phase, mic meter, token time left,
// echo mode, reconnects, the keys. It is redrawn in place; anything else printed to the terminal
// clears it first and redraws it after, so transcripts never collide with it.

import type { Phase, StatusSnapshot } from '../live/session/events.js';
import type { Ui } from './ui.js';

const METER = ' ▁▂▃▄▅▆▇█';

export interface StatusLine {
  update(snapshot: StatusSnapshot): void;
  /** The message being typed (`t`), shown after the state; undefined when not typing. */
  setPrompt(text: string | undefined): void;
  /** Runs `print` with the line cleared, then redraws it. */
  around(print: () => void): void;
  /**
   * Like `around`, for part of a stdout row left unfinished (a transcript arriving a fragment at a
   * time): after `print` that row holds `width` columns since its start or its last newline. The line
   * is drawn on the row below, and while nothing else is written the next call writes at the end of
   * that row again.
   */
  continueRow(print: () => void, width: number): void;
  /** The row continueRow left is still just above the line: nothing else was written since. */
  rowOpen(): boolean;
  /** The terminal changed width (SIGWINCH): clear what it may have rewrapped, redraw to fit. */
  resize(): void;
  /** Draws the last state again (after a suspend, or when a paused terminal comes back). */
  redraw(): void;
  stop(): void;
}

/**
 * One glyph for the mic level (dBFS from audio/pcm/level.ts): −60 dBFS and below is blank, 0 dBFS
 * full; speech sits around −30..−10. The only place a level becomes a picture.
 */
export function formatMeter(db: number | undefined): string {
  if (db === undefined) return ' ';
  const index = Math.max(0, Math.min(METER.length - 1, Math.round(((db + 60) / 60) * (METER.length - 1))));
  return METER[index]!;
}

/** Undefined for a token whose expiry is unknown (a bare token name): nothing to say, so say nothing. */
export function formatTimeLeft(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  const seconds = Math.floor(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mmss = `${String(m).padStart(h ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
  return `token ${h ? `${h}:` : ''}${mmss}`;
}

export interface StatusText {
  readonly pushToTalk: boolean;
  readonly keys: boolean;
  /** There is an input (mic or file) that `m` mutes and the meter measures; false with --text alone. */
  readonly mic: boolean;
  /** The frame source (`camera /dev/video0`, `screen :0`, `video clip.mp4`) that `v` switches on and off. */
  readonly video?: string;
}

// "speaking" alone was read both ways: say who.
const LABELS: Record<Phase, string> = {
  connecting: 'connecting',
  listening: 'listening',
  speaking: 'gemini is speaking',
  muted: 'muted',
  'push-to-talk': 'mic off (push-to-talk)',
  talking: "you're speaking",
  reconnecting: 'reconnecting',
  closing: 'closing',
};

/** One piece of the line; under a narrow terminal the highest `rank` goes first. */
interface Part {
  readonly text: string;
  readonly rank: number;
  readonly hint?: boolean;
}

/** Pure: what the line says, most important first by rank (state 0, typed text 1, meter 2, keys 3…). */
export function statusParts(s: StatusSnapshot, options: StatusText, typing?: string): Part[] {
  const state = options.mic || s.phase !== 'listening' ? LABELS[s.phase] : 'ready';
  const parts: Part[] = [{ text: s.note ? `${state} (${s.note})` : state, rank: 0 }];
  if (options.mic) parts.push({ text: `mic ${formatMeter(s.micLevelDb)}`, rank: 2 });
  if (typing !== undefined) return [...parts, { text: `message> ${typing}`, rank: 1 }];
  const left = formatTimeLeft(s.tokenMsLeft);
  if (left) parts.push({ text: left, rank: 6 });
  parts.push({ text: `echo ${s.echo}`, rank: 7 });
  if (s.reconnects) parts.push({ text: `resumed ×${s.reconnects}`, rank: 4 });
  if (s.droppedFrames) parts.push({ text: `dropped ${s.droppedFrames}`, rank: 5 });
  if (options.video)
    parts.push({ text: `${options.video} ${s.videoOff ? 'off' : `on (${s.videoFrames ?? 0} sent)`}`, rank: 2.5 });
  if (options.keys) {
    const muted = s.phase === 'muted';
    if (options.mic && options.pushToTalk && !muted)
      parts.push({ text: s.phase === 'talking' ? 'space done' : 'space speak', rank: 3.15, hint: true });
    if (options.mic) parts.push({ text: muted ? 'm unmute' : 'm mute', rank: 3.1, hint: true });
    if (options.video) parts.push({ text: s.videoOff ? 'v video on' : 'v video off', rank: 3.12, hint: true });
    parts.push({ text: 't type', rank: 3.2, hint: true }, { text: 'q quit', rank: 3, hint: true });
  }
  return parts;
}

const join = (parts: readonly Part[]): string =>
  parts.map((part, i) => (i === 0 ? '' : part.hint && parts[i - 1]!.hint ? ' · ' : '  ') + part.text).join('');

/**
 * Pure: the parts that fit in `width` columns, dropping the least important first. The typed text
 * is last on the line (the cursor sits after it) and, when it is longer than the room left, its
 * end is shown — what was just typed — not its start.
 */
export function fitStatus(parts: readonly Part[], width: number): string {
  let kept = [...parts];
  while (kept.length > 1 && join(kept).length > width) {
    const worst = kept.reduce((a, b) => (b.rank > a.rank ? b : a));
    if (worst.rank === 1) break;
    kept = kept.filter((part) => part !== worst);
  }
  const line = join(kept);
  if (line.length <= width) return line;
  const typed = kept.find((part) => part.rank === 1);
  if (typed) {
    const before = join(kept.filter((part) => part !== typed));
    const room = width - before.length - 2 - 'message> '.length;
    const text = typed.text.slice('message> '.length);
    if (room >= 4) return `${before}  message> …${text.slice(text.length - room + 1)}`;
    return `message> …${text.slice(Math.max(0, text.length - (width - 'message> '.length) + 1))}`;
  }
  return `${line.slice(0, Math.max(1, width - 1))}…`;
}

/** Pure: the whole status text at a comfortable width (no colour, no escape codes). */
export function formatStatus(s: StatusSnapshot, options: StatusText): string {
  return join(statusParts(s, options));
}

export interface StatusLineOptions extends StatusText {
  /** TERM=dumb: no escape sequences, the line is overwritten with \r and spaces. */
  readonly dumb?: boolean;
  /** Monotonic ms for the pipe hold; tests pass their own. */
  readonly now?: () => number;
}

/** How long the status line stays off after data went to a pipe that shares this terminal. */
export const PIPE_HOLD_MS = 1000;

export function createStatusLine(ui: Ui, columns: () => number, options: StatusLineOptions): StatusLine {
  let prompt: string | undefined;
  let drawn = 0;
  let last: StatusSnapshot | undefined;
  const clearSequence = (): string => (!options.dumb ? '\r\x1b[2K' : drawn ? `\r${' '.repeat(drawn)}\r` : '\r');
  const draw = (): void => {
    if (!last) return;
    const line = fitStatus(statusParts(last, options, prompt), Math.max(10, columns() - 1));
    ui.stderrRaw(`${clearSequence()}${line}`);
    drawn = line.length;
  };
  const clear = (): void => {
    if (drawn > 0) ui.stderrRaw(clearSequence());
    drawn = 0;
  };
  // Data for a pipe (`talk | tee`) reaches this screen through the reader, some time after we wrote
  // it: the line stays off for PIPE_HOLD_MS (ample for a reader on a loaded machine), not one update.
  let heldUntil = 0;
  const now = options.now ?? (() => performance.now());
  const held = (): boolean => now() < heldUntil;
  let stepped = false;
  // The width of the unfinished stdout row just above the line (continueRow), until anything else is written.
  let openRow: number | undefined;
  let ownData = false;
  ui.overlay({
    clear: () => {
      stepped = drawn > 0;
      openRow = undefined;
      clear();
    },
    redraw: () => (stepped && !held() ? draw() : undefined),
    beforeData: (sameTerminal) => {
      clear();
      if (!ownData) openRow = undefined;
      if (!sameTerminal) heldUntil = now() + PIPE_HOLD_MS;
    },
  });
  return {
    update(snapshot) {
      last = snapshot;
      if (!held()) draw();
    },
    setPrompt(value) {
      prompt = value;
      draw();
    },
    around(print) {
      clear();
      openRow = undefined;
      print();
      if (!held()) draw();
    },
    continueRow(print, width) {
      clear();
      // Back to where the row's text ends; a row exactly full continues on this one (the next
      // character would wrap here).
      const back = openRow === undefined ? 0 : openRow % Math.max(1, columns());
      if (back > 0 && !options.dumb) ui.stderrRaw(`\x1b[A\x1b[${back + 1}G`);
      ownData = true;
      try {
        print();
      } finally {
        ownData = false;
      }
      openRow = width;
      if (width > 0) ui.stderrRaw('\r\n');
      if (!held()) draw();
    },
    rowOpen: () => openRow !== undefined,
    resize() {
      // A terminal that reflows (tmux, VTE, kitty, iTerm2) wraps a line wider than its new width over
      // several rows with the cursor on the last; \x1b[2K would clear only that row and leave the rest.
      const rows = Math.ceil(drawn / Math.max(1, columns()));
      if (rows > 1 && !options.dumb) ui.stderrRaw(`\x1b[${rows - 1}A\r\x1b[J`);
      if (rows > 1) drawn = 0;
      // The unfinished row above may have been rewrapped too: the next fragment starts a new one.
      openRow = undefined;
      draw();
    },
    redraw: draw,
    stop: () => {
      openRow = undefined;
      clear();
    },
  };
}
