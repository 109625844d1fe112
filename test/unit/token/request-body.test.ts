import { describe, expect, it } from 'vitest';
import { buildAuthTokenBody, type TokenSpec } from '../../../src/token/client/request-body.js';
import { buildHttpRequest, describeRequest } from '../../../src/token/client/http-request.js';
import { VERSION } from '../../../src/version.js';

const M = 'models/gemini-2.5-flash-native-audio-preview-09-2025';
const T = { expireTime: '2026-12-01T00:30:00.000Z', newSessionExpireTime: '2026-12-01T00:01:00.000Z' };

describe('buildAuthTokenBody (as @google/genai maps CreateAuthTokenConfig)', () => {
  it.each<[string, TokenSpec, string]>([
    ['#1 empty', {}, '{}'],
    [
      '#2 times and uses, in SDK key order',
      { uses: 1, ...T },
      `{"expireTime":"${T.expireTime}","newSessionExpireTime":"${T.newSessionExpireTime}","uses":1}`,
    ],
    ['#3 uses 0 is kept', { uses: 0 }, '{"uses":0}'],
    ['#4 model only: full lock, no mask', { model: M }, `{"bidiGenerateContentSetup":{"model":"${M}"}}`],
    [
      '#5 model and config',
      {
        uses: 1,
        model: M,
        config: {
          responseModalities: ['AUDIO'],
          systemInstruction: 'Be brief.',
          temperature: 0.7,
          sessionResumption: {},
          speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
        },
      },
      `{"uses":1,"bidiGenerateContentSetup":{"model":"${M}","generationConfig":{"responseModalities":["AUDIO"],"temperature":0.7,"speechConfig":{"voiceConfig":{"prebuiltVoiceConfig":{"voiceName":"Kore"}}}},"systemInstruction":{"parts":[{"text":"Be brief."}],"role":"user"},"sessionResumption":{}}}`,
    ],
    [
      '#6 lock set only: systemInstruction bare (SDK: .parts,.role)',
      { model: M, config: { responseModalities: ['AUDIO'], systemInstruction: 'Be brief.' }, lock: [] },
      `{"bidiGenerateContentSetup":{"model":"${M}","generationConfig":{"responseModalities":["AUDIO"]},"systemInstruction":{"parts":[{"text":"Be brief."}],"role":"user"}},"fieldMask":"model,generationConfig.responseModalities,systemInstruction"}`,
    ],
    [
      '#9 tools stay bare (SDK: tools.0)',
      { model: 'models/m', config: { responseModalities: ['AUDIO'], tools: [{ googleSearch: {} }] }, lock: [] },
      '{"bidiGenerateContentSetup":{"model":"models/m","generationConfig":{"responseModalities":["AUDIO"]},"tools":[{"googleSearch":{}}]},"fieldMask":"model,generationConfig.responseModalities,tools"}',
    ],
    ['#11 lock [] without setup', { lock: [] }, '{}'],
    [
      '#13 config without model',
      { config: { responseModalities: ['AUDIO'] } },
      '{"bidiGenerateContentSetup":{"generationConfig":{"responseModalities":["AUDIO"]}}}',
    ],
    [
      'translationConfig lands in generationConfig after the others',
      { config: { translationConfig: { targetLanguageCode: 'de' }, inputAudioTranscription: {} } },
      '{"bidiGenerateContentSetup":{"inputAudioTranscription":{},"generationConfig":{"translationConfig":{"targetLanguageCode":"de"}}}}',
    ],
    ['null values are skipped', { config: { temperature: null, tools: null } }, '{}'],
  ])('%s', (_name, spec, json) => {
    expect(JSON.stringify(buildAuthTokenBody(spec))).toBe(json);
  });

  it('refuses what the SDK refuses on the Gemini API', () => {
    expect(() => buildAuthTokenBody({ config: { sessionResumption: { transparent: true } } })).toThrow(/transparent/);
    expect(() => buildAuthTokenBody({ config: { speechConfig: { multiSpeakerVoiceConfig: {} } } })).toThrow(
      /multiSpeakerVoiceConfig/,
    );
    expect(() => buildAuthTokenBody({ config: { tools: [{ retrieval: {} }] } })).toThrow(/retrieval/);
    expect(() => buildAuthTokenBody({ config: { tools: {} } })).toThrow(/tools must be an array/);
    expect(() => buildAuthTokenBody({ config: { generationConfig: { temperature: 0.5 }, temperature: 0.7 } })).toThrow(
      /twice/,
    );
  });

  it('does not mutate the config it is given', () => {
    const config = { generationConfig: { topK: 3 }, temperature: 0.5 };
    buildAuthTokenBody({ config });
    expect(config).toEqual({ generationConfig: { topK: 3 }, temperature: 0.5 });
  });
});

describe('buildHttpRequest', () => {
  it('POSTs the flat body to {base}/{version}/auth_tokens with SDK-like headers', () => {
    const request = buildHttpRequest('http://127.0.0.1:9/', 'v1alpha', 'AIzaSECRETSECRET', { uses: 1 });
    expect(request).toEqual({
      method: 'POST',
      url: 'http://127.0.0.1:9/v1alpha/auth_tokens',
      headers: {
        'content-type': 'application/json',
        'user-agent': `gemtoken/${VERSION}`,
        'x-goog-api-key': 'AIzaSECRETSECRET',
      },
      body: '{"uses":1}',
    });
    const printed = describeRequest(request).join('\n');
    expect(printed).toContain('x-goog-api-key: [REDACTED]');
    expect(printed).not.toContain('AIzaSECRETSECRET');
    expect(printed.split('\n')[0]).toBe('POST http://127.0.0.1:9/v1alpha/auth_tokens');
  });
});
