import { describe, expect, it } from 'vitest';
import { mergeSetup, resumptionHandle } from '../../../src/emulator/setup/setup-merge.js';
import { checkModel, validateClientSetup } from '../../../src/emulator/setup/client-setup.js';
import { sessionConfig } from '../../../src/emulator/live/session-config.js';

// A full wire setup as @google/genai sends it (minus the model): every nested key in it must pass.
const WIRE_EXAMPLE = {
  generationConfig: {
    responseModalities: ['AUDIO'],
    temperature: 0.5,
    speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } }, languageCode: 'en-US' },
    thinkingConfig: { thinkingBudget: 0 },
    enableAffectiveDialog: true,
  },
  systemInstruction: { parts: [{ text: 'You are terse.' }], role: 'user' },
  tools: [{ functionDeclarations: [{ name: 'get_time', description: 'time' }] }],
  sessionResumption: { handle: 'prev' },
  inputAudioTranscription: {},
  outputAudioTranscription: { languageCodes: ['en-US'], mode: 'SMART' },
  realtimeInputConfig: {
    automaticActivityDetection: {
      disabled: false,
      startOfSpeechSensitivity: 'START_SENSITIVITY_LOW',
      silenceDurationMs: 500,
    },
  },
  contextWindowCompression: { slidingWindow: {} },
  proactivity: { proactiveAudio: true },
};

const client = {
  model: 'models/gemini-2.5-flash',
  generationConfig: { responseModalities: ['TEXT'], temperature: 0.2, topK: 5 },
  systemInstruction: { parts: [{ text: 'client' }] },
  sessionResumption: { handle: 'h1' },
};
const locked = {
  model: 'models/gemini-3.8-live',
  generationConfig: { responseModalities: ['AUDIO'], temperature: 0.7 },
  systemInstruction: { parts: [{ text: 'locked' }] },
};

describe('mergeSetup', () => {
  it.each([
    ['no token setup → client', undefined, [], client],
    ['token setup, no mask → token whole', locked, [], locked],
    [
      'leaf mask replaces only that leaf',
      locked,
      ['generationConfig.temperature'],
      { ...client, generationConfig: { responseModalities: ['TEXT'], temperature: 0.7, topK: 5 } },
    ],
    [
      'model mask overrides a different client model',
      locked,
      ['model'],
      { ...client, model: 'models/gemini-3.8-live' },
    ],
    [
      'masked path absent from the token clears it',
      locked,
      ['generationConfig.topK'],
      { ...client, generationConfig: { responseModalities: ['TEXT'], temperature: 0.2 } },
    ],
    [
      'object path replaces the subtree',
      locked,
      ['systemInstruction'],
      { ...client, systemInstruction: { parts: [{ text: 'locked' }] } },
    ],
  ])('%s', (_name, token, mask, expected) => {
    expect(mergeSetup(client, token, mask)).toEqual(expected);
  });
  it('never mutates its inputs', () => {
    const c = structuredClone(client);
    mergeSetup(c, locked, ['generationConfig.temperature']).generationConfig = {};
    expect(c).toEqual(client);
  });
  it('takes the resumption handle from the client', () => {
    expect(resumptionHandle(client)).toBe('h1');
    expect(resumptionHandle({ sessionResumption: {} })).toBeUndefined();
  });
});

describe('validateClientSetup', () => {
  it.each([
    [{ model: 'models/m' }, undefined],
    [
      {
        model: 'models/m',
        inputAudioTranscription: {},
        realtimeInputConfig: { automaticActivityDetection: { disabled: true } },
      },
      undefined,
    ],
    [{ model: 'models/m', x: 1 }, 'Invalid JSON payload received. Unknown name "x" at \'setup\': Cannot find field.'],
    [
      { model: 'models/m', generationConfig: { inputAudioTranscription: {} } },
      'Invalid JSON payload received. Unknown name "inputAudioTranscription" at \'setup.generation_config\': Cannot find field.',
    ],
    [
      { realtimeInputConfig: { automaticActivityDetection: { silence: 1 } } },
      'Invalid JSON payload received. Unknown name "silence" at \'setup.realtime_input_config.automatic_activity_detection\': Cannot find field.',
    ],
    [
      { generationConfig: { speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voice: 'Kore' } } } } },
      'Invalid JSON payload received. Unknown name "voice" at \'setup.generation_config.speech_config.voice_config.prebuilt_voice_config\': Cannot find field.',
    ],
    [
      { generationConfig: { thinkingConfig: { budget: 0 } } },
      'Invalid JSON payload received. Unknown name "budget" at \'setup.generation_config.thinking_config\': Cannot find field.',
    ],
    [
      { outputAudioTranscription: { mod: 'SMART' } },
      'Invalid JSON payload received. Unknown name "mod" at \'setup.output_audio_transcription\': Cannot find field.',
    ],
    [
      { systemInstruction: { parts: [{ text: 'x' }], rol: 'user' } },
      'Invalid JSON payload received. Unknown name "rol" at \'setup.system_instruction\': Cannot find field.',
    ],
    [
      { sessionResumption: { constructor: 1 } },
      'Invalid JSON payload received. Unknown name "constructor" at \'setup.session_resumption\': Cannot find field.',
    ],
    [
      { generationConfig: { speechConfig: 'Kore' } },
      "Invalid value at 'setup.generation_config.speech_config': expected a JSON object.",
    ],
    [
      { realtimeInputConfig: { automaticActivityDetection: [] } },
      "Invalid value at 'setup.realtime_input_config.automatic_activity_detection': expected a JSON object.",
    ],
    [{ model: 'models/m', ...WIRE_EXAMPLE }, undefined],
    [
      { generationConfig: { responseModalities: ['SMELL'] } },
      'Invalid value at \'setup.generation_config.response_modalities\': invalid enum value "SMELL".',
    ],
    [[], "Invalid value at 'setup': expected a JSON object."],
  ])('%j', (setup, reason) => {
    const result = validateClientSetup(setup);
    expect(result?.reason).toBe(reason);
    if (result) expect(result.code).toBe(1007);
  });
});

describe('checkModel', () => {
  it.each([
    ['models/gemini-3.8-live', undefined],
    ['gemini-3.8-live', undefined],
    [
      'models/nope',
      '1008 models/nope is not found for API version v1beta, or is not supported for bidiGenerateContent. Call ListModels',
    ],
    [undefined, '1007 Request contains an invalid argument.'],
  ])('%s', (model, expected) => {
    const r = checkModel(model, ['gemini-3.8-live'], 'v1beta');
    expect(r && `${r.code} ${r.reason}`).toBe(expected);
  });
});

describe('sessionConfig', () => {
  it('defaults: AUDIO, automatic detection, 500 ms, interrupts, no transcription', () => {
    expect(sessionConfig({ model: 'gemini-3.8-live' }, false)).toEqual({
      model: 'models/gemini-3.8-live',
      modality: 'AUDIO',
      inputTranscription: false,
      outputTranscription: false,
      resumption: false,
      automaticActivityDetection: true,
      silenceMs: 500,
      vadThreshold: 500,
      interrupts: true,
      functions: new Map(),
    });
  });
  it('reads modality, transcription, detection and handling', () => {
    const c = sessionConfig(
      {
        model: 'models/m',
        generationConfig: { responseModalities: ['TEXT'] },
        outputAudioTranscription: {},
        realtimeInputConfig: {
          automaticActivityDetection: { disabled: true, silenceDurationMs: 800 },
          activityHandling: 'NO_INTERRUPTION',
        },
      },
      true,
    );
    expect(c).toMatchObject({
      modality: 'TEXT',
      outputTranscription: true,
      resumption: true,
      automaticActivityDetection: false,
      silenceMs: 800,
      interrupts: false,
    });
  });
});
