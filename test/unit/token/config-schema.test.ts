import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import type { Json, JsonObject } from '../../../src/token/config/json.js';
import { ALLOWED_CONFIG_KEYS, validateLiveConnectConfig } from '../../../src/token/config/live-config.js';
import { CONFIG_SCHEMA } from '../../../src/token/config/config-schema.js';
import { setupFromConstraints } from '../../../src/token/config/constraints-setup.js';

const check = (config: Json) => () => validateLiveConnectConfig(config, '--config');

describe('validateLiveConnectConfig: nested keys', () => {
  it.each<[string, JsonObject, string]>([
    [
      'voiceName typo',
      { speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voice: 'Kore' } } } },
      '--config: unknown key "speechConfig.voiceConfig.prebuiltVoiceConfig.voice" (did you mean voiceName?)',
    ],
    [
      'sessionResumption typo',
      { sessionResumption: { handel: 'x' } },
      '--config: unknown key "sessionResumption.handel" (did you mean handle?)',
    ],
    ['generationConfig typo', { generationConfig: { temprature: 1 } }, 'unknown key "generationConfig.temprature"'],
    [
      'generationConfig key Live does not take',
      { generationConfig: { responseMimeType: 'x' } },
      'unknown key "generationConfig.responseMimeType"',
    ],
    [
      'deep in generationConfig',
      { generationConfig: { speechConfig: { voiceConfig: { prebuiltVoiceConfig: { name: 'x' } } } } },
      'unknown key "generationConfig.speechConfig.voiceConfig.prebuiltVoiceConfig.name"',
    ],
    ['speechConfig typo', { speechConfig: { language: 'de' } }, 'unknown key "speechConfig.language"'],
    ['thinkingConfig typo', { thinkingConfig: { budget: 0 } }, '(did you mean thinkingBudget?)'],
    [
      'activity detection typo',
      { realtimeInputConfig: { automaticActivityDetection: { silenceMs: 5 } } },
      'unknown key "realtimeInputConfig.automaticActivityDetection.silenceMs"',
    ],
    [
      'realtimeInputConfig typo',
      { realtimeInputConfig: { activityHandeling: 'NO_INTERRUPTION' } },
      'unknown key "realtimeInputConfig.activityHandeling"',
    ],
    [
      'sliding window typo',
      { contextWindowCompression: { slidingWindow: { target: '1' } } },
      'unknown key "contextWindowCompression.slidingWindow.target" (did you mean targetTokens?)',
    ],
    [
      'compression typo',
      { contextWindowCompression: { trigger: '1' } },
      'unknown key "contextWindowCompression.trigger"',
    ],
    [
      'transcription typo',
      { inputAudioTranscription: { languageCode: 'de' } },
      'unknown key "inputAudioTranscription.languageCode"',
    ],
    [
      'output transcription typo',
      { outputAudioTranscription: { mod: 'SMART' } },
      'unknown key "outputAudioTranscription.mod"',
    ],
    ['empty-object field', { inputAudioTranscription: { languageAuto: { on: true } } }, '(allowed: none, it takes {})'],
    [
      'proactivity typo',
      { proactivity: { proactive: true } },
      'unknown key "proactivity.proactive" (did you mean proactiveAudio?)',
    ],
    [
      'translationConfig typo',
      { translationConfig: { targetLanguage: 'de' } },
      'unknown key "translationConfig.targetLanguage"',
    ],
    [
      'Content key typo',
      { systemInstruction: { role: 'user', part: [] } },
      'unknown key "systemInstruction.part" (did you mean parts?)',
    ],
    [
      'Part key typo',
      { systemInstruction: { parts: [{ txt: 'hi' }] } },
      'unknown key "systemInstruction.parts[0].txt"',
    ],
    ['bare Part typo', { systemInstruction: { txt: 'hi' } }, 'unknown key "systemInstruction.txt"'],
    ['Part in a list', { systemInstruction: ['a', { tex: 'b' }] }, 'unknown key "systemInstruction[1].tex"'],
    ['tool key typo', { tools: [{ googleSerch: {} }] }, 'unknown key "tools[0].googleSerch"'],
    [
      'safety setting typo',
      { safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', treshold: 'BLOCK_NONE' }] },
      'unknown key "safetySettings[0].treshold"',
    ],
    ['object expected', { speechConfig: 'Kore' }, '--config: "speechConfig" must be an object'],
    ['array expected', { tools: { googleSearch: {} } }, '--config: "tools" must be an array'],
    [
      'parts must be a list',
      { systemInstruction: { parts: 'hi' } },
      '"systemInstruction.parts" must be an array of parts',
    ],
  ])('%s', (_name, config, message) => {
    expect(check(config)).toThrow(UsageError);
    expect(check(config)).toThrow(message);
  });

  it.each<[string, JsonObject]>([
    [
      'every documented nested key',
      {
        generationConfig: {
          responseModalities: ['AUDIO'],
          temperature: 1,
          topP: 1,
          topK: 1,
          maxOutputTokens: 1,
          candidateCount: 1,
          presencePenalty: 0,
          frequencyPenalty: 0,
          seed: 1,
          mediaResolution: 'MEDIA_RESOLUTION_LOW',
          enableAffectiveDialog: true,
          speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } }, languageCode: 'en-US' },
          thinkingConfig: { thinkingBudget: 0, thinkingLevel: 'LOW', includeThoughts: false },
          translationConfig: { targetLanguageCode: 'de', echoTargetLanguage: true },
        },
        speechConfig: {
          voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' }, voice: 'x' },
          languageCode: 'en-US',
        },
        thinkingConfig: { thinkingBudget: 0, thinkingLevel: 'LOW', includeThoughts: false },
        sessionResumption: { handle: 'h' },
        realtimeInputConfig: {
          automaticActivityDetection: {
            disabled: false,
            startOfSpeechSensitivity: 'START_SENSITIVITY_LOW',
            endOfSpeechSensitivity: 'END_SENSITIVITY_LOW',
            prefixPaddingMs: 20,
            silenceDurationMs: 500,
          },
          activityHandling: 'NO_INTERRUPTION',
          turnCoverage: 'TURN_INCLUDES_ALL_INPUT',
        },
        contextWindowCompression: { triggerTokens: '1000', slidingWindow: { targetTokens: '500' } },
        inputAudioTranscription: {
          languageCodes: ['de'],
          customVocabulary: ['x'],
          mode: 'SMART',
          languageAuto: {},
          languageHints: { languageCodes: ['de'] },
        },
        outputAudioTranscription: {},
        proactivity: { proactiveAudio: true },
        translationConfig: { targetLanguageCode: 'de' },
        tools: [{ functionDeclarations: [{ name: 'f', anything: { goes: 'here' } }] }, { googleSearch: {} }],
        safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
        labels: { a: 'b' },
      },
    ],
    ['systemInstruction as a string', { systemInstruction: 'Be brief.' }],
    ['systemInstruction as a Content', { systemInstruction: { role: 'user', parts: [{ text: 'a' }] } }],
    ['systemInstruction as a Part', { systemInstruction: { text: 'a' } }],
    ['systemInstruction as a list', { systemInstruction: ['a', { text: 'b' }] }],
    ['null means not set', { speechConfig: null, sessionResumption: { handle: null } }],
  ])('accepts %s', (_name, config) => {
    expect(check(config)()).toBe(config);
  });

  it('keeps the SDK-style refusals of known-but-unsupported nested keys', () => {
    const configs: JsonObject[] = [
      { speechConfig: { multiSpeakerVoiceConfig: {} } },
      { sessionResumption: { transparent: true } },
    ];
    for (const config of configs) {
      const valid = check(config)();
      expect(() => setupFromConstraints(undefined, valid)).toThrow(/multiSpeakerVoiceConfig|transparent/);
    }
  });

  it('has a nested rule for every allowed top-level key', () => {
    expect(Object.keys(CONFIG_SCHEMA).sort()).toEqual([...ALLOWED_CONFIG_KEYS].sort());
  });
});

describe('validateLiveConnectConfig: value types and prototype keys', () => {
  it.each<[string, string, string]>([
    ['temperature as text', '{"temperature":"abc"}', '--config: "temperature" must be a number (got a string)'],
    [
      'nested topP as text',
      '{"generationConfig":{"topP":"0.9"}}',
      '--config: "generationConfig.topP" must be a number (got a string)',
    ],
    ['seed fractional', '{"seed":1.5}', '--config: "seed" must be an integer (got a fractional number)'],
    [
      'responseModalities as a string',
      '{"responseModalities":"AUDIO"}',
      '--config: "responseModalities" must be an array of strings (got a string)',
    ],
    [
      'voiceName as a number',
      '{"speechConfig":{"voiceConfig":{"prebuiltVoiceConfig":{"voiceName":7}}}}',
      '"speechConfig.voiceConfig.prebuiltVoiceConfig.voiceName" must be a string (got a number)',
    ],
    [
      'enableAffectiveDialog as text',
      '{"enableAffectiveDialog":"yes"}',
      '"enableAffectiveDialog" must be true or false (got a string)',
    ],
    ['__proto__ at the top', '{"__proto__":{"x":1}}', "--config has unknown key '__proto__'"],
    ['constructor at the top', '{"constructor":1}', "--config has unknown key 'constructor'"],
    ['toString at the top', '{"toString":1}', "--config has unknown key 'toString'"],
    ['__proto__ nested', '{"generationConfig":{"__proto__":1}}', '--config: unknown key "generationConfig.__proto__"'],
  ])('%s', (_label, text, message) => {
    // JSON.parse, as --config does: "__proto__" is then an own key, not the prototype.
    expect(check(JSON.parse(text) as Json)).toThrow(message);
    expect(check(JSON.parse(text) as Json)).not.toThrow(/\[object Object\]|native code/);
  });

  it('the right types still pass', () => {
    expect(
      check({
        temperature: 0.5,
        topK: 40,
        seed: 7,
        responseModalities: ['AUDIO'],
        enableAffectiveDialog: true,
        mediaResolution: 'MEDIA_RESOLUTION_LOW',
      }),
    ).not.toThrow();
  });
});
