// The one-line status on stderr during `talk` (TTY only): phase, mic meter, token time left, echo
// mode, reconnects. It is redrawn in place; anything else printed to the terminal clears it first
// and redraws it after, so transcripts never collide with it.

import type { StatusSnapshot } from '../live/session/events.js';
import type { Ui } from './ui.js';

const METER = ' ▁▂▃▄▅▆▇█';

export interface StatusLine {
  update(snapshot: StatusSnapshot): void;
  /** Shown instead of the key hints while the user types a message. */
  setPrompt(text: string | undefined): void;
  /** Runs `print` with the line cleared, then redraws it. */
  around(print: () => void): void;
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

export function formatTimeLeft(ms: number | undefined): string {
  if (ms === undefined) return 'token ?';
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
}

/** Pure: the status text (no colour, no escape codes). */
export function formatStatus(s: StatusSnapshot, options: StatusText): string {
  const parts = [
    s.note ? `${s.phase} (${s.note})` : s.phase,
    `mic ${formatMeter(s.micLevelDb)}`,
    formatTimeLeft(s.tokenMsLeft),
    `echo ${s.echo}`,
    ...(s.reconnects ? [`resumed ×${s.reconnects}`] : []),
    ...(s.droppedFrames ? [`dropped ${s.droppedFrames}`] : []),
  ];
  if (options.keys) parts.push(options.pushToTalk ? 'space talk · m mute · t type · q quit' : 'm mute · t type · q quit');
  return parts.join('  ');
}

export function createStatusLine(ui: Ui, columns: () => number, options: StatusText): StatusLine {
  let text = '';
  let prompt: string | undefined;
  let visible = false;
  let last: StatusSnapshot | undefined;
  const draw = (): void => {
    const line = prompt !== undefined ? `message> ${prompt}` : text;
    const width = Math.max(10, columns() - 1);
    ui.stderrRaw(`\r\x1b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    visible = true;
  };
  const clear = (): void => {
    if (visible) ui.stderrRaw('\r\x1b[2K');
    visible = false;
  };
  // Data for a pipe (`talk | tee`) may reach this screen after we redraw: redraw at the next update instead.
  let held = false;
  let stepped = false;
  ui.overlay({
    clear: () => ((stepped = visible), clear()),
    redraw: () => (stepped && !held ? draw() : undefined),
    beforeData: (sameTerminal) => (clear(), (held ||= !sameTerminal)),
  });
  return {
    update(snapshot) {
      last = snapshot;
      held = false;
      text = formatStatus(snapshot, options);
      draw();
    },
    setPrompt(value) {
      prompt = value;
      if (last) draw();
    },
    around(print) {
      clear();
      print();
      if (last && !held) draw();
    },
    stop: clear,
  };
}
