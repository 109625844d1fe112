// A line typed after `t`: a path to an existing file is a picture (checked as --image is), any other
// line a text message, whatever it looks like.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyLine, pathOnLine, sendTypedLine } from '../../../src/commands/talk/typed-line.js';
import type { TalkEvent } from '../../../src/live/session/events.js';
import type { VideoFrame } from '../../../src/vision/ports.js';
import { jpegHeader, png } from '../../helpers/images.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-typed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const photo = path.join(dir, 'my photo.jpg');
writeFileSync(photo, jpegHeader(640, 480));
writeFileSync(path.join(dir, 'shot.png'), png(32, 16));
writeFileSync(path.join(dir, 'notes.txt'), 'just words\n');

async function send(line: string, videoOff = false): Promise<{ sent: (string | VideoFrame)[]; events: TalkEvent[] }> {
  const sent: (string | VideoFrame)[] = [];
  const events: TalkEvent[] = [];
  const sink = { typed: (input: string | VideoFrame) => sent.push(input), snapshot: () => ({ videoOff }) };
  await sendTypedLine(line, dir, new AbortController().signal, sink, (event) => events.push(event));
  return { sent, events };
}

describe('pathOnLine', () => {
  it('trims, drops one pair of quotes and expands ~/', () => {
    expect(pathOnLine('  /tmp/a.jpg \t', '/home/u')).toBe('/tmp/a.jpg');
    expect(pathOnLine("'/tmp/my photo.jpg'", '/home/u')).toBe('/tmp/my photo.jpg');
    expect(pathOnLine('"/tmp/my photo.jpg" ', '/home/u')).toBe('/tmp/my photo.jpg');
    expect(pathOnLine('~/a.png', '/home/u/')).toBe('/home/u/a.png');
    expect(pathOnLine('~/a.png', undefined)).toBeUndefined();
    expect(pathOnLine('   ', '/home/u')).toBeUndefined();
  });
});

describe('classifyLine', () => {
  it('is text for any line that names no file, however it looks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `~/${s}.jpg`),
          fc.string().map((s) => `'/${s}'`),
        ),
        async (line) => {
          expect(await classifyLine(line, '/home/u', async () => false)).toEqual({ kind: 'text' });
        },
      ),
    );
  });

  it('is a file only for a path that exists as one (not a directory, not a missing path)', async () => {
    expect(await classifyLine(`'${photo}'`, dir)).toEqual({ kind: 'file', path: photo });
    expect(await classifyLine('~/shot.png', dir)).toEqual({ kind: 'file', path: path.join(dir, 'shot.png') });
    expect(await classifyLine(dir, dir)).toEqual({ kind: 'text' });
    expect(await classifyLine('/no/such/picture.jpg', dir)).toEqual({ kind: 'text' });
    expect(await classifyLine('what is in this picture?', dir)).toEqual({ kind: 'text' });
  });
});

describe('sendTypedLine', () => {
  it('sends a JPEG as a frame and shows its you: line with size and format', async () => {
    const { sent, events } = await send(` "${photo}" `);
    expect(sent).toEqual([{ image: jpegHeader(640, 480), mimeType: 'image/jpeg' }]);
    expect(events).toEqual([
      { type: 'transcript', role: 'user', text: '[picture my photo.jpg 640×480 JPEG]', typed: true },
    ]);
  });

  it('sends a PNG named with ~/', async () => {
    const { sent, events } = await send('~/shot.png');
    expect(sent).toEqual([{ image: png(32, 16), mimeType: 'image/png' }]);
    expect(events[0]).toMatchObject({ text: '[picture shot.png 32×16 PNG]' });
  });

  it('sends nothing for a file that is not a picture, and says so in one warning', async () => {
    const { sent, events } = await send(path.join(dir, 'notes.txt'));
    expect(sent).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'warning' });
    expect((events[0] as { message: string }).message).toMatch(
      /notes\.txt is not a picture \(JPEG or PNG\); nothing sent/,
    );
  });

  it('sends no picture while v has switched sending off, and says so (text still goes)', async () => {
    expect(await send(photo, true)).toEqual({
      sent: [],
      events: [
        {
          type: 'warning',
          message: '[picture my photo.jpg 640×480 JPEG] not sent: sending pictures is off (press v to resume)',
        },
      ],
    });
    expect(await send('what is this?', true)).toEqual({ sent: ['what is this?'], events: [] });
  });

  it('sends any other line as text, unchanged', async () => {
    expect(await send('/not/a/file.jpg')).toEqual({ sent: ['/not/a/file.jpg'], events: [] });
    expect(await send('what is this?')).toEqual({ sent: ['what is this?'], events: [] });
  });
});
