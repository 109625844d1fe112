// How --replay decides that a client is doing what the recording expects. Pure.
// - A session's setup is compared as JSON minus its volatile fields (the resumption handle, which
//   only picks between otherwise equal recordings).
// - Each later client message must equal the recorded one in order, except audio, which is compared
//   by duration (bytes / 32 = ms of 16 kHz s16le) within ±20 %: the same speech, not the same bytes;
//   and video frames, compared by width, height and format: the same picture size, not the same bytes
//   (a camera's frames differ from run to run, and a cassette recorded without media holds only sizes).

import { INPUT_BYTES_PER_MS, base64Bytes, frameSize, mapAudio, mapFrames } from '../record/cassette.js';

export const AUDIO_TOLERANCE = 0.2;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Audio blobs as {audioBytes:N}, whether they came with their bytes or were recorded without. */
export function audioAsSize(json: unknown): unknown {
  return mapAudio(json, (data) => (typeof data === 'string' ? { audioBytes: base64Bytes(data) } : data));
}

/** Frames as {width, height, format} (nothing for an unreadable one), with or without their bytes. */
export function framesAsSize(json: unknown): unknown {
  return mapFrames(json, (data) => {
    const sized = typeof data === 'string' ? frameSize(data) : data;
    if (!isRecord(sized) || typeof sized['frameBytes'] !== 'number') return sized;
    const { frameBytes: _bytes, ...shown } = sized;
    return shown;
  });
}

/** "640×480 JPEG", or "unreadable", for each frame in a message. */
function frameNames(json: unknown): string[] {
  const names: string[] = [];
  mapFrames(framesAsSize(json), (data) => {
    const { width, height, format } = isRecord(data) ? data : {};
    names.push(typeof format === 'string' ? `${String(width)}×${String(height)} ${format}` : 'unreadable');
    return data;
  });
  return names;
}

/** The setup message without what changes from run to run. */
export function setupKey(json: unknown): string {
  if (!isRecord(json) || !isRecord(json['setup'])) return JSON.stringify(json);
  const setup = { ...json['setup'] };
  if (isRecord(setup['sessionResumption'])) {
    const { handle: _handle, ...rest } = setup['sessionResumption'];
    setup['sessionResumption'] = rest;
  }
  return stable({ ...json, setup });
}

export function resumptionHandle(json: unknown): string | undefined {
  const handle =
    isRecord(json) && isRecord(json['setup']) && isRecord(json['setup']['sessionResumption'])
      ? json['setup']['sessionResumption']['handle']
      : undefined;
  return typeof handle === 'string' ? handle : undefined;
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (!isRecord(value)) return JSON.stringify(value) ?? 'null';
  return `{${Object.keys(value)
    .sort()
    .map((name) => `${JSON.stringify(name)}:${stable(value[name])}`)
    .join(',')}}`;
}

/** A short account of a message for a close reason and a log line: its kind, audio length or text. */
/** The top-level fields a client message of the Live API has; any other name is counted, not shown. */
const CLIENT_FIELDS = new Set(['setup', 'clientContent', 'realtimeInput', 'toolResponse']);

/**
 * A message as the log and a mismatch's close reason name it: its type and size (the reason names its
 * position), never its content. A client's frame may carry a secret, and a cassette is the user's
 * file: neither is quoted.
 */
export function describeMessage(json: unknown): string {
  if (typeof json === 'string') return `a text frame of ${json.length} characters`;
  if (!isRecord(json))
    return Array.isArray(json) ? `a JSON array (${Buffer.byteLength(JSON.stringify(json))} bytes)` : 'a JSON value';
  const names = Object.keys(json);
  const known = names.filter((name) => CLIENT_FIELDS.has(name));
  const others = names.length - known.length;
  const kind =
    [...known, ...(others > 0 ? [`${others} other field${others === 1 ? '' : 's'}`] : [])].join('+') ||
    'an empty message';
  const sizes: number[] = [];
  mapAudio(json, (data) => {
    const bytes =
      typeof data === 'string'
        ? base64Bytes(data)
        : isRecord(data) && typeof data['audioBytes'] === 'number'
          ? data['audioBytes']
          : 0;
    sizes.push(Math.round(bytes / INPUT_BYTES_PER_MS));
    return data;
  });
  if (sizes.length > 0) return `${kind} audio ${sizes.join('+')}ms`;
  const frames = frameNames(json);
  if (frames.length > 0) return `${kind} frame ${frames.join('+')}`;
  return `${kind} (${Buffer.byteLength(JSON.stringify(json))} bytes of JSON)`;
}

function sameValue(expected: unknown, got: unknown): boolean {
  if (isRecord(expected) && isRecord(got)) {
    const size = expected['audioBytes'];
    if (typeof size === 'number' && typeof got['audioBytes'] === 'number' && Object.keys(expected).length === 1) {
      return Math.abs(got['audioBytes'] - size) <= size * AUDIO_TOLERANCE;
    }
    const names = new Set([...Object.keys(expected), ...Object.keys(got)]);
    return [...names].every((name) => sameValue(expected[name], got[name]));
  }
  if (Array.isArray(expected) && Array.isArray(got)) {
    return expected.length === got.length && expected.every((item, i) => sameValue(item, got[i]));
  }
  return expected === got;
}

/** True when `got` (a client message) is what the recording's `expected` line stands for. */
export function clientMatches(expected: unknown, got: unknown): boolean {
  return sameValue(framesAsSize(audioAsSize(expected)), framesAsSize(audioAsSize(got)));
}

/** A realtimeInput message carrying only audio: streaming input whose chunk count depends on timing. */
export function isAudioOnly(json: unknown): boolean {
  if (!isRecord(json) || Object.keys(json).length !== 1 || !isRecord(json['realtimeInput'])) return false;
  const input = json['realtimeInput'];
  // mediaChunks carry audio or, with an image/ or video/ mimeType, a frame: a frame is no audio chunk.
  const chunks = input['mediaChunks'];
  const audioChunks =
    chunks === undefined ||
    (Array.isArray(chunks) && chunks.every((c) => isRecord(c) && String(c['mimeType']).startsWith('audio/')));
  return audioChunks && Object.keys(input).every((name) => name === 'audio' || name === 'mediaChunks');
}

/** ms of 16 kHz s16le audio in an audio-only realtimeInput message; undefined for anything else. */
export function audioMs(json: unknown): number | undefined {
  if (!isAudioOnly(json)) return undefined;
  let bytes = 0;
  mapAudio(json, (data) => {
    bytes +=
      typeof data === 'string'
        ? base64Bytes(data)
        : isRecord(data) && typeof data['audioBytes'] === 'number'
          ? data['audioBytes']
          : 0;
    return data;
  });
  return bytes / INPUT_BYTES_PER_MS;
}
