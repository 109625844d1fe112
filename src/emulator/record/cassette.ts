// The cassette format shared by --record (writes it) and --replay (reads it). Line-oriented NDJSON,
// diff-friendly, one file per Live session (`live-0001.ndjson`, …, numbered in the order sessions
// opened) and one for every REST exchange (`rest.ndjson`). Each line is one JSON object:
//
//   {"t":<ms since the session opened (REST: since the recorder started)>,
//    "dir":"client"|"server",
//    "kind":"open"|"rest-request"|"rest-response"|"frame"|"close", ...}
//
// - open (first line of a Live file, dir client): "path" (the upgrade target) and "headers".
// - rest-request: "id" (pairs it with its answer), "method", "path", "headers", "body" (JSON when
//   JSON, else "text"); rest-response: "id", "status", "headers", "body"/"text".
// - frame: "json" (the parsed frame) or "text" (not JSON) or "base64" (binary, not UTF-8 JSON);
//   "binary":true when it travelled as a binary frame. With --record-audio=off every base64 audio
//   payload ("data" next to an audio/pcm mimeType) becomes {"audioBytes":N}, and every image or video
//   frame's ("data" next to an image/ or video/ mimeType) becomes its size: {"frameBytes":N} with
//   "width", "height" and "format" ("JPEG"/"PNG") when its header is readable.
// - close: "code" and "reason", dir = the side that closed first.
// - refused (dir server, after the open; the whole file is these two lines): the upstream answered
//   the upgrade with plain HTTP: "status", "headers" (content-type, retry-after, …), "body"/"text".
//
// Secrets never reach a line: redact.ts runs over every one before it is written.

import { MAX_JSON_DEPTH, parseJson } from '../../parse/json.js';
import { readImageHeader } from '../../parse/image-header.js';

/**
 * A frame or body nested deeper than parse/json.ts's bound is kept as "text", never parsed: then
 * no walk of it (redaction, audio mapping, JSON.stringify) can overflow the stack. A line wraps
 * its payload two levels deep at most.
 */
export const MAX_LINE_DEPTH = MAX_JSON_DEPTH + 2;

export type Direction = 'client' | 'server';
export type LineKind = 'open' | 'rest-request' | 'rest-response' | 'frame' | 'close' | 'refused';

export interface CassetteLine {
  readonly t: number;
  readonly dir: Direction;
  readonly kind: LineKind;
  readonly [field: string]: unknown;
}

/** Response headers a cassette keeps (and a replay gives back): what clients act on, nothing secret. */
export const KEPT_RESPONSE_HEADERS = [
  'content-type',
  'retry-after',
  'www-authenticate',
  'access-control-allow-origin',
] as const;

/** An HTTP body as line fields: "body" (parsed) when it is JSON, else "text"; nothing when empty. */
export function bodyField(text: string): Record<string, unknown> {
  if (text === '') return {};
  const parsed = parseJson(text);
  return parsed.ok ? { body: parsed.value } : { text };
}

/** The body a rest-response or refused line stands for. */
export const bodyText = (line: CassetteLine): string =>
  'body' in line ? JSON.stringify(line['body']) : typeof line['text'] === 'string' ? line['text'] : '';

/** Bytes of 16 kHz s16le mono per millisecond: how client audio is compared on replay. */
export const INPUT_BYTES_PER_MS = 32;

export const REST_FILE = 'rest.ndjson';
export const liveFileName = (n: number): string => `live-${String(n).padStart(4, '0')}.ndjson`;
export const LIVE_FILE = /^live-(\d+)\.ndjson$/;

/** A frame's payload as a line field: parsed JSON when it is JSON, else text or base64. */
export function framePayload(data: Buffer, binary: boolean): Record<string, unknown> {
  const text = data.toString('utf8');
  const flag = binary ? { binary: true } : {};
  if (Buffer.from(text, 'utf8').equals(data)) {
    const parsed = parseJson(text);
    if (!parsed.ok) return { ...flag, text };
    // The real service's frames are indented JSON ending in a newline (src/emulator/live/client-message.ts):
    // the layout is kept, so a replay sends what was recorded and a client's parser meets the same text.
    const indented = text === `${JSON.stringify(parsed.value, null, 2)}\n` && text !== JSON.stringify(parsed.value);
    return { ...flag, json: parsed.value, ...(indented ? { indented: true } : {}) };
  }
  return { ...flag, base64: data.toString('base64') };
}

/** The bytes a frame line stands for (the inverse of framePayload; dropped audio becomes silence). */
export function frameBytes(line: CassetteLine): Buffer {
  if (typeof line['base64'] === 'string') return Buffer.from(line['base64'], 'base64');
  if (typeof line['text'] === 'string') return Buffer.from(line['text'], 'utf8');
  const value = restoreAudio(line['json']);
  return Buffer.from(line['indented'] === true ? `${JSON.stringify(value, null, 2)}\n` : JSON.stringify(value), 'utf8');
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isAudio = (mimeType: string): boolean => mimeType.startsWith('audio/');
const isFrame = (mimeType: string): boolean => mimeType.startsWith('image/') || mimeType.startsWith('video/');

/** Maps the data of every blob ({mimeType, data}) whose mimeType `kind` accepts, anywhere in `value`. */
function mapBlobs(value: unknown, kind: (mimeType: string) => boolean, fn: (data: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => mapBlobs(item, kind, fn));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  const blob = typeof value['mimeType'] === 'string' && kind(value['mimeType']) && 'data' in value;
  for (const [name, field] of Object.entries(value))
    out[name] = blob && name === 'data' ? fn(field) : mapBlobs(field, kind, fn);
  return out;
}

/** Maps every audio blob ({mimeType: audio/…, data: <base64>}) found anywhere in `value`. */
export const mapAudio = (value: unknown, fn: (data: unknown) => unknown): unknown => mapBlobs(value, isAudio, fn);

/** Maps every image or video frame ({mimeType: image/… or video/…, data: <base64>}) found anywhere in `value`. */
export const mapFrames = (value: unknown, fn: (data: unknown) => unknown): unknown => mapBlobs(value, isFrame, fn);

/** A frame's size as a cassette recorded without media keeps it: bytes, and what its header says. */
export function frameSize(data: string): Record<string, unknown> {
  const bytes = Buffer.from(data, 'base64');
  const image = readImageHeader(bytes);
  return {
    frameBytes: bytes.length,
    ...(image ? { width: image.width, height: image.height, format: image.format } : {}),
  };
}

export const base64Bytes = (data: string): number => Buffer.from(data, 'base64').length;

/** --record-audio=off: every audio payload becomes its size, and every frame its size and dimensions. */
export function dropAudio(json: unknown): unknown {
  const sized = mapAudio(json, (data) => (typeof data === 'string' ? { audioBytes: base64Bytes(data) } : data));
  return mapFrames(sized, (data) => (typeof data === 'string' ? frameSize(data) : data));
}

/** Replay of a cassette recorded without audio: silence of the recorded size. */
export function restoreAudio(json: unknown): unknown {
  return mapAudio(json, (data) =>
    isRecord(data) && typeof data['audioBytes'] === 'number'
      ? Buffer.alloc(data['audioBytes']).toString('base64')
      : data,
  );
}
