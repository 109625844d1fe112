// A line typed after `t` at a terminal: when it names an existing file it is a picture to show the
// model, read and checked exactly as --image is (preflight.ts: JPEG or PNG by its first bytes, the
// frame size cap), so that dragging a photo onto the terminal and pressing Enter shows it. A picture
// does not end the turn: it is one realtimeInput.video frame, and the model answers the question that
// follows it (typed with `t`, or spoken), as it does for --image. Any line that names no file, even
// one that looks like a path, is a text message as before; a file that is not a picture, or any
// picture while `v` has switched sending off, gets one warning line and nothing is sent. See docs/vision.md.

import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { GemtokenError } from '../../errors.js';
import type { TalkEvent } from '../../live/session/events.js';
import { loadImage } from '../../vision/preflight.js';
import type { VideoFrame } from '../../vision/ports.js';
// The project's one reader of JPEG/PNG headers; the label below is only what the terminal shows.
import { readImageHeader, sizeName } from '../../parse/image-header.js';

/** Where the typed line's words go: a text message or a picture (SessionRunner.typed). */
export interface TypedSink {
  typed(input: string | VideoFrame): void;
  /** `videoOff`: the `v` key switched frame sending off, so a picture would be held back, not sent. */
  snapshot(): { readonly videoOff?: boolean };
}

/**
 * The path a typed line may name: trimmed, one pair of surrounding quotes dropped (a terminal's
 * drag-and-drop pastes them around a path with spaces), `~/` expanded. Undefined when it cannot be one.
 */
export function pathOnLine(line: string, home: string | undefined): string | undefined {
  let path = line.trim();
  const quote = path[0];
  if (path.length >= 2 && (quote === "'" || quote === '"') && path.endsWith(quote)) path = path.slice(1, -1);
  if (path.startsWith('~/')) {
    if (!home) return undefined;
    path = `${home.replace(/\/+$/, '')}/${path.slice(2)}`;
  }
  return path === '' || path.includes('\n') ? undefined : path;
}

const isFile = async (path: string): Promise<boolean> => {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
};

/** A text message, or the path of a file the line names (to be checked as a picture). */
export async function classifyLine(
  line: string,
  home: string | undefined,
  fileExists: (path: string) => Promise<boolean> = isFile,
): Promise<{ readonly kind: 'text' } | { readonly kind: 'file'; readonly path: string }> {
  const path = pathOnLine(line, home);
  return path !== undefined && (await fileExists(path)) ? { kind: 'file', path } : { kind: 'text' };
}

/** The `you:` line of a picture: `[picture photo.jpg 640×480 JPEG]`. */
export function pictureLabel(path: string, frame: VideoFrame): string {
  const header = readImageHeader(frame.image);
  const format = frame.mimeType === 'image/png' ? 'PNG' : 'JPEG';
  return `[picture ${basename(path)} ${header ? sizeName(header) : format}]`;
}

/** Sends one typed line; `emit` shows what happened (the picture's `you:` line, or why nothing was sent). */
export async function sendTypedLine(
  line: string,
  home: string | undefined,
  signal: AbortSignal,
  sink: TypedSink,
  emit: (event: TalkEvent) => void,
): Promise<void> {
  const found = await classifyLine(line, home);
  if (found.kind === 'text') return sink.typed(line);
  let frame: VideoFrame;
  try {
    frame = await loadImage(found.path, signal, 'typed file');
  } catch (error) {
    if (!(error instanceof GemtokenError)) throw error;
    const hint = error.hint ? ` (${error.hint})` : '';
    return emit({ type: 'warning', message: `${error.message}; nothing sent${hint}` });
  }
  const label = pictureLabel(found.path, frame);
  if (sink.snapshot().videoOff)
    return emit({ type: 'warning', message: `${label} not sent: sending pictures is off (press v to resume)` });
  emit({ type: 'transcript', role: 'user', text: label, typed: true });
  sink.typed(frame);
}
