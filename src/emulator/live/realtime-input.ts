// realtimeInput decoding (https://ai.google.dev/api/live): audio (and the deprecated mediaChunks, of which only
// the first chunk counts), video, text, activityStart/End and audioStreamEnd. `video` is always a frame,
// whatever its mimeType (parse/image-header.ts decides whether it is readable); on `audio` and in mediaChunks (which
// @google/genai still sends for `sendRealtimeInput({media})`) an image/ or video/ mimeType makes it a frame.

import { CloseCode, Reason, type CloseSpec } from './close-codes.js';
import { checkFields, type Decoded } from './client-message.js';
import { isObject } from '../json.js';

export type RealtimeAction =
  | { readonly type: 'audio'; readonly data: Buffer; readonly pcmRate: number | undefined }
  | { readonly type: 'video'; readonly data: Buffer; readonly mimeType: string }
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'activityStart' | 'activityEnd' | 'audioStreamEnd' };

const FIELDS = ['audio', 'video', 'text', 'activityStart', 'activityEnd', 'audioStreamEnd', 'mediaChunks'];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DEFAULT_RATE = 16_000;

function bad(reason: string): { ok: false; close: CloseSpec } {
  return { ok: false, close: { code: CloseCode.invalidPayload, reason } };
}

function blob(value: unknown, at: string): Decoded<{ data: Buffer; mimeType: string }> {
  if (!isObject(value)) return bad(Reason.invalidArgument);
  const { data, mimeType } = value;
  if (typeof data !== 'string' || typeof mimeType !== 'string') return bad(Reason.invalidArgument);
  // Buffer.from silently skips bad characters; the real server rejects the whole message.
  if (data.length % 4 === 1 || !BASE64.test(data))
    return bad(`Invalid value at '${at}.data' (TYPE_BYTES), Base64 decoding failed.`);
  return { ok: true, value: { data: Buffer.from(data, 'base64'), mimeType } };
}

/** PCM sample rate from `audio/pcm;rate=N`; undefined for other (compressed) audio types. */
export function pcmRate(mimeType: string): number | undefined {
  const [type, ...params] = mimeType
    .toLowerCase()
    .split(';')
    .map((s) => s.trim());
  if (type !== 'audio/pcm' && type !== 'audio/l16') return undefined;
  const rate = params.map((p) => /^rate=(\d+)$/.exec(p)?.[1]).find((r) => r !== undefined);
  const value = rate === undefined ? DEFAULT_RATE : Number(rate);
  return value >= 1000 && value <= 192_000 ? value : DEFAULT_RATE;
}

function media(value: unknown, at: string, frame: boolean): Decoded<RealtimeAction> {
  const decoded = blob(value, at);
  if (!decoded.ok) return decoded;
  const { data, mimeType } = decoded.value;
  if (frame || mimeType.startsWith('image/') || mimeType.startsWith('video/'))
    return { ok: true, value: { type: 'video', data, mimeType } };
  return { ok: true, value: { type: 'audio', data, pcmRate: pcmRate(mimeType) } };
}

export function decodeRealtimeInput(body: unknown): Decoded<RealtimeAction[]> {
  if (!isObject(body)) return bad(Reason.invalidArgument);
  const problem = checkFields(body, FIELDS, 'realtime_input');
  if (problem) return { ok: false, close: problem };
  const actions: RealtimeAction[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    let action: Decoded<RealtimeAction>;
    if (key === 'audio' || key === 'video') action = media(value, `realtime_input.${key}`, key === 'video');
    else if (key === 'mediaChunks') {
      if (!Array.isArray(value)) return bad(Reason.invalidArgument);
      if (value.length === 0) continue;
      action = media(value[0], 'realtime_input.media_chunks[0]', false);
    } else if (key === 'text') {
      if (typeof value !== 'string') return bad(Reason.invalidArgument);
      action = { ok: true, value: { type: 'text', text: value } };
    } else if (key === 'audioStreamEnd') {
      if (value !== true) continue;
      action = { ok: true, value: { type: 'audioStreamEnd' } };
    } else {
      action = { ok: true, value: { type: key as 'activityStart' | 'activityEnd' } };
    }
    if (!action.ok) return action;
    actions.push(action.value);
  }
  return { ok: true, value: actions };
}
