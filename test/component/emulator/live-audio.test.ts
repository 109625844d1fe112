import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NATIVE_MODEL, TEST_KEY, startLiveCore, type LiveCoreHandle } from '../../helpers/live-core.js';
import { KEY_PATH, LiveTestClient, type ServerMessage, silence16k, tone16k } from '../../helpers/live-client.js';

let emu: LiveCoreHandle;
beforeEach(async () => (emu = await startLiveCore()));
afterEach(async () => emu.stop());

/** One name per message, so a whole turn reads as a sequence. */
function kind(m: ServerMessage): string {
  const content = m.serverContent ?? {};
  if (m.setupComplete) return 'setupComplete';
  if (content.inputTranscription) return 'inputTranscription';
  if (content.outputTranscription) return 'outputTranscription';
  if (content.modelTurn) return 'audio';
  if (content.generationComplete) return 'generationComplete';
  if (content.turnComplete) return 'turnComplete';
  return JSON.stringify(m);
}

describe('live emulator: audio turn', () => {
  it('answers speech with paced audio, transcripts, turnComplete and usage, in binary frames', async () => {
    const client = await LiveTestClient.open(`${emu.wsBase}/${KEY_PATH}?key=${TEST_KEY}`);
    await client.setup({ model: `models/${NATIVE_MODEL}`, inputAudioTranscription: {}, outputAudioTranscription: {} });
    client.sendAudio(Buffer.concat([tone16k(1000), silence16k(600)]));
    const done = await emu.playTurn(client);
    const word = ['outputTranscription', 'audio', 'audio', 'audio', 'audio', 'audio'];
    expect(client.messages.map(kind)).toEqual([
      'setupComplete',
      'inputTranscription',
      ...Array.from({ length: 8 }, () => word).flat(),
      'generationComplete',
      'turnComplete',
    ]);
    expect(done.usageMetadata).toEqual({
      promptTokenCount: 25,
      responseTokenCount: 40,
      totalTokenCount: 65,
      promptTokensDetails: [{ modality: 'AUDIO', tokenCount: 25 }],
      responseTokensDetails: [{ modality: 'AUDIO', tokenCount: 40 }],
    });
    expect(client.binaryFrames).toEqual(client.messages.map(() => true));
    const input = client.messages.find((m) => m.serverContent?.inputTranscription);
    expect(input!.serverContent.inputTranscription.text).toBe('(1.0 s of speech)');
    const output = client.messages.map((m) => m.serverContent?.outputTranscription?.text ?? '').join('');
    expect(output).toBe('Turn 1. I heard 1.0 seconds of speech.');
    expect(client.audioParts().length).toBe(8 * 5);
    client.close();
  });
});
