// `speaker` without its addon (no ALSA headers at install time) must be exit 6 with the fix, not
// a crash. The addon load cannot be injected, so this is the one place we vi.mock.
import { describe, expect, it, vi } from 'vitest';
import { createSpeaker } from '../../../src/audio/devices/devices.js';
import { AudioDeviceError } from '../../../src/errors.js';

vi.mock('speaker', () => {
  throw new Error('Could not locate the bindings file. Tried: build/Release/binding.node');
});

describe('createSpeaker without a built addon', () => {
  it('open() rejects with AudioDeviceError and the rebuild command', async () => {
    const speaker = await createSpeaker({ sampleRate: 24000 });
    const error = await speaker.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioDeviceError);
    expect((error as AudioDeviceError).exitCode).toBe(6);
    expect((error as Error).message).toBe('cannot play audio: the `speaker` audio addon is not built for this machine');
    expect((error as AudioDeviceError).hint).toMatch(/npm rebuild speaker$/);
    await speaker.close();
  });
});
