import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NATIVE_MODEL, TEST_KEY, startLiveCore, type LiveCoreHandle } from '../../helpers/live-core.js';
import { KEY_PATH, LiveTestClient, silence16k, tone16k } from '../../helpers/live-client.js';

let emu: LiveCoreHandle;
beforeEach(async () => (emu = await startLiveCore()));
afterEach(async () => emu.stop());

describe('live emulator: audio turn', () => {
  it('answers speech with paced audio, transcripts, turnComplete and usage, in binary frames', async () => {
    const client = await LiveTestClient.open(`${emu.wsBase}/${KEY_PATH}?key=${TEST_KEY}`);
    await client.setup({ model: `models/${NATIVE_MODEL}`, inputAudioTranscription: {}, outputAudioTranscription: {} });
    client.sendAudio(Buffer.concat([tone16k(1000), silence16k(600)]));
    const done = await client.waitFor((m) => m.serverContent?.turnComplete === true);
    expect(done.usageMetadata.responseTokenCount).toBeGreaterThan(0);
    expect(client.binaryFrames.every(Boolean)).toBe(true);
    const input = client.messages.find((m) => m.serverContent?.inputTranscription);
    expect(input!.serverContent.inputTranscription.text).toBe('(1.0 s of speech)');
    const output = client.messages.map((m) => m.serverContent?.outputTranscription?.text ?? '').join('');
    expect(output).toBe('Turn 1. I heard 1.0 seconds of speech.');
    expect(client.audioParts().length).toBe(8 * 5);
    expect(client.indexOf((m) => m.serverContent?.generationComplete)).toBeLessThan(client.indexOf((m) => m.serverContent?.turnComplete));
    client.close();
  });
});
