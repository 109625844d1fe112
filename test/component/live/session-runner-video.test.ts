// Pictures and video through the session runner (fake transport, clock and frame source): --image
// goes before the text, --text waits for a frame source's first frame, a slow socket keeps only the
// newest frame (the rest counted), `v` stops sending, and turns and the close count the frames.
import { describe, expect, it } from 'vitest';
import { SEND_HIGH_WATER_BYTES } from '../../../src/live/session/session-sockets.js';
import type { VideoFrame, VideoInput, VideoInputSink } from '../../../src/vision/ports.js';
import { connected, sessionRig } from '../../helpers/session-rig.js';

class FakeVideo implements VideoInput {
  readonly label = 'camera test';
  readonly live = true;
  sink: VideoInputSink | undefined;
  stopped = false;
  async start(sink: VideoInputSink): Promise<void> {
    this.sink = sink;
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
}

const frame = (n: number): VideoFrame => ({ image: Buffer.from([0xff, 0xd8, n]), mimeType: 'image/jpeg' });

const rig = ({ text, ...deps }: { images?: VideoFrame[]; video?: FakeVideo; text?: string }) =>
  sessionRig({ deps, setup: { modality: 'text' }, text });

const kinds = (messages: Record<string, unknown>[]) =>
  messages.map((m) => (m.video ? `video ${(m.video as { data: string }).data}` : Object.keys(m)[0]));

describe('SessionRunner with pictures and video', () => {
  it('--image frames go out first, in order, then the text', async () => {
    const r = rig({ images: [frame(1), frame(2)], text: 'what is this?' });
    const first = await connected(r);
    expect(kinds(first.messages)).toEqual(['video /9gB', 'video /9gC', 'text']);
    r.controller.abort();
    await r.done;
  });

  it('--text waits for the first frame; a slow socket keeps only the newest frame; v stops sending; the counts add up', async () => {
    const video = new FakeVideo();
    const r = rig({ video, text: 'what do you see?' });
    const first = await connected(r);
    expect(first.messages).toEqual([]); // the question waits for a picture
    video.sink!.frame(frame(1));
    expect(kinds(first.messages)).toEqual(['video /9gB', 'text']);

    first.buffered = SEND_HIGH_WATER_BYTES + 1;
    video.sink!.frame(frame(2));
    video.sink!.frame(frame(3));
    video.sink!.frame(frame(4));
    expect(first.messages).toHaveLength(2);
    first.buffered = 0;
    r.clock.advance(100); // the next tick finds room: only the newest went out
    expect(kinds(first.messages).slice(2)).toEqual(['video /9gE']);

    r.runner.key('video');
    video.sink!.frame(frame(5));
    expect(first.messages).toHaveLength(3);
    expect(r.runner.snapshot()).toMatchObject({ videoFrames: 2, videoOff: true });
    r.runner.key('video');
    video.sink!.frame(frame(6));
    expect(first.messages).toHaveLength(4);

    first.serverSend({ serverContent: { modelTurn: { parts: [{ text: 'A test card.' }] } } });
    first.serverSend({ serverContent: { turnComplete: true } });
    expect(r.events.find((e) => e.type === 'turn')).toMatchObject({ frames: 3 });
    r.controller.abort();
    await r.done;
    expect(video.stopped).toBe(true);
    expect(r.events.at(-1)).toMatchObject({ type: 'closed', framesSent: 3, framesDropped: 2 });
  });
});
