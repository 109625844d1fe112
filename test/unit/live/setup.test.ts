import { describe, expect, it } from 'vitest';
import { buildSetupMessage, type SessionSetupOptions } from '../../../src/live/wire/setup-message.js';

const base: SessionSetupOptions = {
  model: 'gemini-3.8-live',
  modality: 'audio',
  transcription: true,
  compress: true,
  pushToTalk: false,
};

describe('buildSetupMessage', () => {
  it('defaults: audio, transcription both ways, resumption, sliding window', () => {
    expect(buildSetupMessage(base)).toEqual({
      model: 'models/gemini-3.8-live',
      generationConfig: { responseModalities: ['AUDIO'] },
      sessionResumption: {},
      contextWindowCompression: { slidingWindow: {} },
      inputAudioTranscription: {},
      outputAudioTranscription: {},
    });
  });

  it.each<[string, Partial<SessionSetupOptions>, string | undefined, Record<string, unknown>]>([
    ['resume handle', {}, 'h9', { sessionResumption: { handle: 'h9' } }],
    [
      'voice + temperature',
      { voice: 'Kore', temperature: 0.4 },
      undefined,
      {
        generationConfig: {
          responseModalities: ['AUDIO'],
          temperature: 0.4,
          speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
        },
      },
    ],
    [
      'system instruction as Content',
      { systemInstruction: 'Be brief.' },
      undefined,
      { systemInstruction: { parts: [{ text: 'Be brief.' }], role: 'user' } },
    ],
    [
      'push-to-talk disables automatic VAD',
      { pushToTalk: true },
      undefined,
      { realtimeInputConfig: { automaticActivityDetection: { disabled: true } } },
    ],
    ['already prefixed model', { model: 'models/x' }, undefined, { model: 'models/x' }],
  ])('%s', (_name, options, handle, expected) => {
    expect(buildSetupMessage({ ...base, ...options }, handle)).toMatchObject(expected);
  });

  it('text modality: no voice, no output transcription', () => {
    const setup = buildSetupMessage({ ...base, modality: 'text', voice: 'Kore' });
    expect(setup.generationConfig).toEqual({ responseModalities: ['TEXT'] });
    expect(setup).not.toHaveProperty('outputAudioTranscription');
    expect(setup).toHaveProperty('inputAudioTranscription');
  });

  it('--no-compress and transcription off leave the fields out', () => {
    const setup = buildSetupMessage({ ...base, compress: false, transcription: false });
    expect(Object.keys(setup).sort()).toEqual(['generationConfig', 'model', 'sessionResumption']);
  });
});
