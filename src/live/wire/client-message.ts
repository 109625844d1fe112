// Pure: what talk sends after setup, built and encoded in one place (https://ai.google.dev/api/live).
// Audio, text, video frames and the activity markers all travel as `{"realtimeInput": …}`; a
// function's answer is already a whole message (`{"toolResponse": …}`). The session hands Outgoing
// values over and never wraps them itself.

import type { Outgoing, RealtimeInput, VideoMime } from './wire-types.js';

export const INPUT_MIME = 'audio/pcm;rate=16000';

export const realtime = {
  audio: (pcm: Buffer): RealtimeInput => ({ audio: { data: pcm.toString('base64'), mimeType: INPUT_MIME } }),
  /** One still image: a JPEG or PNG file's bytes as they are (the service takes both as video frames). */
  video: (image: Buffer, mimeType: VideoMime): RealtimeInput => ({
    video: { data: image.toString('base64'), mimeType },
  }),
  text: (text: string): RealtimeInput => ({ text }),
  streamEnd: (): RealtimeInput => ({ audioStreamEnd: true }),
  activityStart: (): RealtimeInput => ({ activityStart: {} }),
  activityEnd: (): RealtimeInput => ({ activityEnd: {} }),
} as const;

/** The JSON text frame for one outgoing message. */
export function encodeOutgoing(message: Outgoing): string {
  return JSON.stringify('toolResponse' in message ? message : { realtimeInput: message });
}
