import { describe, expect, it } from 'vitest';
import { encodeOutgoing, realtime } from '../../../src/live/wire/client-message.js';

describe('outgoing messages: one encoder wraps every realtime input', () => {
  it.each([
    [
      realtime.audio(Buffer.from([0, 1])),
      '{"realtimeInput":{"audio":{"data":"AAE=","mimeType":"audio/pcm;rate=16000"}}}',
    ],
    [
      realtime.video(Buffer.from([0xff, 0xd8, 0xff]), 'image/jpeg'),
      '{"realtimeInput":{"video":{"data":"/9j/","mimeType":"image/jpeg"}}}',
    ],
    [
      realtime.video(Buffer.from([0x89, 0x50]), 'image/png'),
      '{"realtimeInput":{"video":{"data":"iVA=","mimeType":"image/png"}}}',
    ],
    [realtime.text('hi'), '{"realtimeInput":{"text":"hi"}}'],
    [realtime.streamEnd(), '{"realtimeInput":{"audioStreamEnd":true}}'],
    [realtime.activityStart(), '{"realtimeInput":{"activityStart":{}}}'],
    [realtime.activityEnd(), '{"realtimeInput":{"activityEnd":{}}}'],
  ])('%j', (message, json) => expect(encodeOutgoing(message)).toBe(json));

  it('a function answer is already a whole message and goes out unwrapped', () => {
    const answer = { toolResponse: { functionResponses: [{ id: 'c1', name: 'f', response: { ok: true } }] } };
    expect(encodeOutgoing(answer)).toBe(JSON.stringify(answer));
  });
});
