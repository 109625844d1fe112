import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WavFileOutput } from '../../../src/audio/devices/wav-file-output.js';
import { parseWav } from '../../../src/audio/pcm/wav.js';
import { UsageError } from '../../../src/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WavFileOutput', () => {
  it('streams a 24 kHz WAV whose header sizes are fixed up on close', async () => {
    const file = path.join(dir, 'reply.wav');
    const output = new WavFileOutput(file);
    await output.open();
    const parts = [Buffer.alloc(960, 1), Buffer.alloc(480, 2), Buffer.alloc(2, 3)];
    for (const part of parts) output.write(part);
    await output.close();
    await output.close(); // idempotent
    const bytes = readFileSync(file);
    expect(bytes.readUInt32LE(40)).toBe(1442);
    expect(bytes.readUInt32LE(4)).toBe(36 + 1442);
    const parsed = parseWav(bytes);
    expect(parsed.format).toEqual({ encoding: 's16le', sampleRate: 24000, channels: 1 });
    expect(parsed.data).toEqual(Buffer.concat(parts));
  });

  it('before close, the file already parses (zero size = to end of file)', async () => {
    const file = path.join(dir, 'partial.wav');
    const output = new WavFileOutput(file);
    await output.open();
    output.write(Buffer.alloc(100, 5));
    // The WriteStream flushes on its own schedule: wait for the bytes, not for a guessed delay.
    await expect.poll(() => readFileSync(file).length, { timeout: 5000 }).toBe(44 + 100);
    expect(parseWav(readFileSync(file)).data).toEqual(Buffer.alloc(100, 5));
    await output.close();
  });

  it('an unwritable path is a UsageError at open()', async () => {
    const error = await new WavFileOutput(path.join(dir, 'no/such/dir/x.wav')).open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/cannot write --output .*x\.wav/);
  });
});
