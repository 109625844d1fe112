import { describe, expect, it } from 'vitest';
import { parseAuthTokenRequest, type AuthTokenRules } from '../../../src/emulator/rest/auth-token-request.js';
import { FIELD_MASK_INVALID, FIELDS_NOT_IN_MASK, maskPathStatus } from '../../../src/emulator/rest/field-mask.js';
import { liveConnectConstraintsToSetup } from '../../../src/emulator/rest/live-connect-mapping.js';
import { RpcError } from '../../../src/emulator/rest/rpc-status.js';

const NOW = Date.parse('2026-12-01T00:00:00.000Z');
const at = (ms: number): string => new Date(NOW + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const M = 'gemini-2.5-flash-native-audio-preview-09-2025';

/** The quirk rest-refuses-live-connect-constraints switched off: the 2026 docs' REST body. */
const DOCUMENTED: AuthTokenRules = { refuseLiveConnectConstraints: false };

function rejection(body: unknown, rules?: AuthTokenRules): RpcError {
  try {
    parseAuthTokenRequest(body, NOW, rules);
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error(`accepted: ${JSON.stringify(body)}`);
}

describe('auth_tokens body: defaults and limits', () => {
  it.each([
    ['empty body', {}, { expireTime: NOW + 30 * MIN, newSessionExpireTime: NOW + MIN, uses: 1 }],
    ['uses 0 means unlimited', { uses: 0 }, { uses: 0 }],
    ['uses as proto3 JSON string', { uses: '3' }, { uses: 3 }],
    [
      'explicit times',
      { expireTime: at(10 * MIN), newSessionExpireTime: at(2 * MIN) },
      { expireTime: NOW + 10 * MIN, newSessionExpireTime: NOW + 2 * MIN },
    ],
    [
      'defaulted new-session time clamps to a sooner expireTime',
      { expireTime: at(30_000) },
      { newSessionExpireTime: NOW + 30_000 },
    ],
    [
      'RFC 3339 with offset and nanoseconds',
      { expireTime: '2026-12-01T01:10:00.000000000+01:00' },
      { expireTime: NOW + 10 * MIN },
    ],
    ['just under 20 h', { expireTime: at(20 * HOUR - 1_000) }, { expireTime: NOW + 20 * HOUR - 1_000 }],
    [
      'equal times allowed',
      { expireTime: at(5 * MIN), newSessionExpireTime: at(5 * MIN) },
      { newSessionExpireTime: NOW + 5 * MIN },
    ],
  ])('%s', (_name, body, expected) => {
    expect(parseAuthTokenRequest(body, NOW)).toMatchObject(expected);
  });

  it.each([
    ['uses -1', { uses: -1 }, /uses must be a non-negative integer/],
    ['uses 1.5', { uses: 1.5 }, /uses must be a non-negative integer/],
    ['uses "abc"', { uses: 'abc' }, /uses must be a non-negative integer/],
    ['uses null', { uses: null }, /uses must be a non-negative integer/],
    ['expireTime not a timestamp', { expireTime: 'tomorrow' }, /Invalid value at 'auth_token.expire_time'/],
    ['expireTime a number', { expireTime: 12 }, /Invalid value at 'auth_token.expire_time'/],
    ['expireTime without zone', { expireTime: '2026-12-01T00:10:00' }, /Invalid value/],
    ['expireTime in the past', { expireTime: at(-1) }, /^expire_time must be in the future\.$/],
    [
      'expireTime exactly now (offset form)',
      { expireTime: '2026-12-01T01:00:00+01:00' },
      /^expire_time must be in the future\.$/,
    ],
    ['expireTime 20 h ahead', { expireTime: at(20 * HOUR) }, /less than 20 hours/],
    [
      'newSessionExpireTime 21 h ahead',
      { newSessionExpireTime: at(21 * HOUR) },
      /new_session_expire_time must be less than 20 hours/,
    ],
    [
      'new session after expire',
      { expireTime: at(5 * MIN), newSessionExpireTime: at(6 * MIN) },
      /must not be after expire_time/,
    ],
    [
      'unknown top-level field',
      { config: {} },
      /^Invalid JSON payload received\. Unknown name "config" at 'auth_token': Cannot find field\.$/,
    ],
    ['not an object', [1], /Expected an AuthToken object/],
    [
      'unknown setup field',
      { bidiGenerateContentSetup: { modle: 'models/x' } },
      /Unknown name "modle" at 'auth_token.bidi_generate_content_setup'/,
    ],
    [
      'misplaced transcription',
      { bidiGenerateContentSetup: { generationConfig: { inputAudioTranscription: {} } } },
      /Unknown name "inputAudioTranscription" at 'auth_token.bidi_generate_content_setup.generation_config'/,
    ],
    [
      'unsupported generationConfig key',
      { bidiGenerateContentSetup: { generationConfig: { responseMimeType: 'x' } } },
      /Unknown name "responseMimeType"/,
    ],
    [
      'unknown nested key',
      { bidiGenerateContentSetup: { realtimeInputConfig: { automaticActivityDetection: { sensitivity: 1 } } } },
      /Unknown name "sensitivity" at '.*realtime_input_config.automatic_activity_detection'/,
    ],
    [
      'voice typo deep in speechConfig',
      {
        bidiGenerateContentSetup: {
          generationConfig: { speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voice: 'Kore' } } } },
        },
      },
      /^Invalid JSON payload received\. Unknown name "voice" at 'auth_token\.bidi_generate_content_setup\.generation_config\.speech_config\.voice_config\.prebuilt_voice_config': Cannot find field\.$/,
    ],
    [
      'speechConfig typo',
      { bidiGenerateContentSetup: { generationConfig: { speechConfig: { language: 'de' } } } },
      /Unknown name "language" at 'auth_token\.bidi_generate_content_setup\.generation_config\.speech_config'/,
    ],
    [
      'thinkingConfig typo',
      { bidiGenerateContentSetup: { generationConfig: { thinkingConfig: { budget: 0 } } } },
      /Unknown name "budget" at '.*generation_config\.thinking_config'/,
    ],
    [
      'translationConfig typo',
      { bidiGenerateContentSetup: { generationConfig: { translationConfig: { target: 'de' } } } },
      /Unknown name "target" at '.*generation_config\.translation_config'/,
    ],
    [
      'transcription typo',
      { bidiGenerateContentSetup: { inputAudioTranscription: { languageCode: 'de' } } },
      /Unknown name "languageCode" at 'auth_token\.bidi_generate_content_setup\.input_audio_transcription'/,
    ],
    [
      'resumption typo',
      { bidiGenerateContentSetup: { sessionResumption: { handel: 'x' } } },
      /Unknown name "handel" at '.*session_resumption'/,
    ],
    [
      'Content typo',
      { bidiGenerateContentSetup: { systemInstruction: { parts: [], rol: 'user' } } },
      /Unknown name "rol" at '.*system_instruction'/,
    ],
    [
      'speechConfig not an object',
      { bidiGenerateContentSetup: { generationConfig: { speechConfig: 'Kore' } } },
      /^generationConfig\.speechConfig must be a JSON object\.$/,
    ],
    [
      'systemInstruction as string on the wire',
      { bidiGenerateContentSetup: { systemInstruction: 'hi' } },
      /Content object/,
    ],
  ])('rejects %s with 400', (_name, body, message) => {
    const error = rejection(body);
    expect(error.httpStatus).toBe(400);
    expect(error.toBody().error.status).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(message);
  });

  it.each([
    ['both setups', { bidiGenerateContentSetup: {}, liveConnectConstraints: {} }, /Only one of/],
    [
      'constraints voice typo',
      {
        liveConnectConstraints: {
          model: M,
          config: { speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voice: 'Kore' } } } },
        },
      },
      /Unknown name "voice" at '.*speech_config\.voice_config\.prebuilt_voice_config'/,
    ],
    [
      'unknown constraints config key',
      { liveConnectConstraints: { model: M, config: { temprature: 1 } } },
      /Unknown name "temprature" at 'auth_token.live_connect_constraints.config'/,
    ],
    ['model with query trick', { liveConnectConstraints: { model: 'a?b' } }, /invalid model parameter/],
  ])('documented (quirk off): rejects %s with 400', (_name, body, message) => {
    const error = rejection(body, DOCUMENTED);
    expect(error.httpStatus).toBe(400);
    expect(error.message).toMatch(message);
  });

  it('names the unknown field in google.rpc.BadRequest details, at the body field auth_token', () => {
    expect(rejection({ authToken: {} }).toBody().error.details).toEqual([
      {
        '@type': 'type.googleapis.com/google.rpc.BadRequest',
        fieldViolations: [
          {
            field: 'auth_token',
            description:
              'Invalid JSON payload received. Unknown name "authToken" at \'auth_token\': Cannot find field.',
          },
        ],
      },
    ]);
  });

  it('accepts every known nested setup field (the full wire shape of https://ai.google.dev/api/live)', () => {
    const setup = {
      model: `models/${M}`,
      generationConfig: {
        responseModalities: ['AUDIO'],
        temperature: 0.5,
        topP: 0.9,
        topK: 4,
        maxOutputTokens: 9,
        candidateCount: 1,
        presencePenalty: 0,
        frequencyPenalty: 0,
        seed: 1,
        mediaResolution: 'MEDIA_RESOLUTION_LOW',
        enableAffectiveDialog: true,
        speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } }, languageCode: 'en-US' },
        thinkingConfig: { thinkingBudget: 0, includeThoughts: false },
        translationConfig: { targetLanguageCode: 'de', echoTargetLanguage: false },
      },
      systemInstruction: { parts: [{ text: 'x' }], role: 'user' },
      tools: [{ googleSearch: {} }],
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
      sessionResumption: { handle: 'h' },
      contextWindowCompression: { triggerTokens: '100', slidingWindow: { targetTokens: '50' } },
      inputAudioTranscription: {
        languageCodes: ['de'],
        customVocabulary: ['x'],
        mode: 'SMART',
        languageHints: { languageCodes: ['de'] },
      },
      outputAudioTranscription: {},
      proactivity: { proactiveAudio: true },
      historyConfig: { initialHistoryInClientContent: true },
    };
    expect(parseAuthTokenRequest({ bidiGenerateContentSetup: setup }, NOW).setup).toEqual(setup);
  });
});

describe('field masks', () => {
  it.each([
    ['model', 'valid'],
    ['tools', 'valid'],
    ['systemInstruction', 'valid'],
    ['sessionResumption', 'valid'],
    ['generationConfig', 'valid'],
    ['generationConfig.temperature', 'valid'],
    ['generationConfig.responseModalities', 'valid'],
    // Refused by the real service (js-genai#1492), or naming nothing the setup has.
    ['tools.0', 'invalid'],
    ['systemInstruction.parts.0', 'invalid'],
    ['generationConfig.responseMimeType', 'invalid'],
    ['temperature', 'invalid'],
    ['', 'invalid'],
    ['model.', 'invalid'],
    // Nobody has seen these refused: accepted, with a warning.
    ['systemInstruction.parts', 'unconfirmed'],
    ['systemInstruction.role', 'unconfirmed'],
    ['realtimeInputConfig.automaticActivityDetection', 'unconfirmed'],
    ['generationConfig.speechConfig.voiceConfig', 'unconfirmed'],
    ['system_instruction', 'unconfirmed'],
    ['generation_config.temperature', 'unconfirmed'],
  ])('%s is %s', (path, status) => {
    expect(maskPathStatus(path)).toBe(status);
  });

  const setup = {
    model: `models/${M}`,
    generationConfig: { responseModalities: ['AUDIO'], temperature: 0.7 },
    tools: [{ googleSearch: {} }],
  };
  it.each([
    ['full lock (no mask)', undefined, ['', []]],
    ['every field listed', 'model,generationConfig.responseModalities,generationConfig.temperature,tools', ['', 4]],
    ['generationConfig as a whole', 'model,generationConfig,tools', ['', 3]],
    [
      'extra locked fields beyond the setup',
      'model,generationConfig,tools,generationConfig.topK,systemInstruction',
      ['', 5],
    ],
    [
      'SDK 2.x tools.0',
      'model,generationConfig.responseModalities,generationConfig.temperature,tools.0',
      [FIELD_MASK_INVALID],
    ],
    [
      'a nested path of a field the setup does not set',
      'model,generationConfig,tools,systemInstruction.parts',
      ['', 4],
    ],
    ['empty segment', 'model,,tools', [FIELD_MASK_INVALID]],
    ['missing tools', 'model,generationConfig', [FIELDS_NOT_IN_MASK]],
    ['missing one generationConfig key', 'model,generationConfig.temperature,tools', [FIELDS_NOT_IN_MASK]],
  ])('%s', (_name, fieldMask, [error, paths]) => {
    const body = { bidiGenerateContentSetup: setup, ...(fieldMask === undefined ? {} : { fieldMask }) };
    if (error) {
      const rejected = rejection(body);
      expect(rejected.httpStatus).toBe(400);
      expect(rejected.message).toBe(error);
    } else {
      const parsed = parseAuthTokenRequest(body, NOW);
      expect(parsed.setup).toEqual(setup);
      if (Array.isArray(paths)) expect(parsed.fieldMask).toEqual(paths);
      else expect(parsed.fieldMask).toHaveLength(paths as number);
    }
  });

  it('takes the mask @google/genai builds for a system instruction with lockAdditionalFields: [], warning that it is unconfirmed', () => {
    const parsed = parseAuthTokenRequest(
      {
        bidiGenerateContentSetup: {
          model: `models/${M}`,
          generationConfig: { responseModalities: ['AUDIO'] },
          systemInstruction: { parts: [{ text: 'Be brief.' }], role: 'user' },
        },
        fieldMask: 'model,generationConfig.responseModalities,systemInstruction.parts,systemInstruction.role',
      },
      NOW,
    );
    expect(parsed.fieldMask).toEqual([
      'model',
      'generationConfig.responseModalities',
      'systemInstruction.parts',
      'systemInstruction.role',
    ]);
    expect(parsed.warnings).toEqual([
      'fieldMask path "systemInstruction.parts" accepted; whether the real service accepts it is unconfirmed',
      'fieldMask path "systemInstruction.role" accepted; whether the real service accepts it is unconfirmed',
    ]);
  });

  it('reads a snake_case path as its lowerCamelCase field, with a warning', () => {
    const parsed = parseAuthTokenRequest(
      { bidiGenerateContentSetup: { model: `models/${M}` }, fieldMask: 'model,system_instruction' },
      NOW,
    );
    expect(parsed.fieldMask).toEqual(['model', 'systemInstruction']);
    expect(parsed.warnings).toHaveLength(1);
  });

  it('still asks every key of a field set in the setup to be covered by the nested paths', () => {
    const body = {
      bidiGenerateContentSetup: { model: `models/${M}`, systemInstruction: { parts: [{ text: 'x' }], role: 'user' } },
      fieldMask: 'model,systemInstruction.parts',
    };
    expect(rejection(body).message).toBe(FIELDS_NOT_IN_MASK);
  });

  it('rejects a non-string mask and a mask without a setup that names no setup field', () => {
    expect(rejection({ fieldMask: ['model'] }).message).toBe(FIELD_MASK_INVALID);
    expect(rejection({ fieldMask: 'temperature' }).message).toBe(FIELD_MASK_INVALID);
    expect(parseAuthTokenRequest({ fieldMask: 'generationConfig.temperature' }, NOW).fieldMask).toEqual([
      'generationConfig.temperature',
    ]);
  });
});

describe('liveConnectConstraints on the observed profile (rest-refuses-live-connect-constraints)', () => {
  const UNKNOWN_NAME =
    'Invalid JSON payload received. Unknown name "liveConnectConstraints" at \'auth_token\': Cannot find field.';

  it('is an unknown name: the exact 400 the real service sent', () => {
    expect(rejection({ uses: 1, liveConnectConstraints: { model: M } }).toBody()).toEqual({
      error: {
        code: 400,
        message: UNKNOWN_NAME,
        status: 'INVALID_ARGUMENT',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.BadRequest',
            fieldViolations: [{ field: 'auth_token', description: UNKNOWN_NAME }],
          },
        ],
      },
    });
  });

  it('lists every unknown name: one message line and one violation each', () => {
    const error = rejection({ liveConnectConstraints: {}, config: {}, uses: 1 }).toBody().error;
    const config = 'Invalid JSON payload received. Unknown name "config" at \'auth_token\': Cannot find field.';
    expect(error.message).toBe(`${UNKNOWN_NAME}\n${config}`);
    expect(error.details).toEqual([
      {
        '@type': 'type.googleapis.com/google.rpc.BadRequest',
        fieldViolations: [
          { field: 'auth_token', description: UNKNOWN_NAME },
          { field: 'auth_token', description: config },
        ],
      },
    ]);
  });

  it('is refused even next to bidiGenerateContentSetup, and accepted with the quirk off', () => {
    expect(rejection({ bidiGenerateContentSetup: {}, liveConnectConstraints: {} }).message).toBe(UNKNOWN_NAME);
    expect(parseAuthTokenRequest({ liveConnectConstraints: { model: M } }, NOW, DOCUMENTED).setup).toEqual({
      model: `models/${M}`,
    });
  });
});

describe('liveConnectConstraints → wire setup with the quirk off', () => {
  it.each([
    ['model only', { model: M }, { model: `models/${M}` }],
    ['already qualified model', { model: `models/${M}` }, { model: `models/${M}` }],
    ['tuned model kept', { model: 'tunedModels/x' }, { model: 'tunedModels/x' }],
    [
      'no model',
      { config: { responseModalities: ['AUDIO'] } },
      { generationConfig: { responseModalities: ['AUDIO'] } },
    ],
    [
      'flat keys to generationConfig, string instruction to Content',
      {
        model: M,
        config: {
          responseModalities: ['AUDIO'],
          systemInstruction: 'Be brief.',
          temperature: 0.7,
          sessionResumption: {},
          speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
        },
      },
      {
        model: `models/${M}`,
        generationConfig: {
          responseModalities: ['AUDIO'],
          temperature: 0.7,
          speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
        },
        systemInstruction: { parts: [{ text: 'Be brief.' }], role: 'user' },
        sessionResumption: {},
      },
    ],
    [
      'deprecated generationConfig overwritten by flat keys',
      { config: { generationConfig: { temperature: 0.1, topK: 3 }, temperature: 0.9 } },
      { generationConfig: { temperature: 0.9, topK: 3 } },
    ],
    [
      'Part instruction',
      { config: { systemInstruction: { text: 'x' } } },
      { systemInstruction: { parts: [{ text: 'x' }], role: 'user' } },
    ],
    [
      'Content instruction kept',
      { config: { systemInstruction: { parts: [{ text: 'x' }], role: 'system' } } },
      { systemInstruction: { parts: [{ text: 'x' }], role: 'system' } },
    ],
    [
      'list of strings',
      { config: { systemInstruction: ['a', 'b'] } },
      { systemInstruction: { parts: [{ text: 'a' }, { text: 'b' }], role: 'user' } },
    ],
    [
      'top-level fields kept in place',
      {
        config: {
          inputAudioTranscription: {},
          outputAudioTranscription: {},
          contextWindowCompression: { slidingWindow: {} },
          tools: [{ googleSearch: {} }],
          realtimeInputConfig: { activityHandling: 'NO_INTERRUPTION' },
          proactivity: { proactiveAudio: true },
          translationConfig: { targetLanguageCode: 'it' },
        },
      },
      {
        inputAudioTranscription: {},
        outputAudioTranscription: {},
        contextWindowCompression: { slidingWindow: {} },
        tools: [{ googleSearch: {} }],
        realtimeInputConfig: { activityHandling: 'NO_INTERRUPTION' },
        proactivity: { proactiveAudio: true },
        generationConfig: { translationConfig: { targetLanguageCode: 'it' } },
      },
    ],
    ['null values skipped like the SDK', { model: M, config: { temperature: null } }, { model: `models/${M}` }],
  ])('%s', (_name, constraints, expected) => {
    expect(liveConnectConstraintsToSetup(constraints)).toEqual(expected);
    expect(parseAuthTokenRequest({ liveConnectConstraints: constraints }, NOW, DOCUMENTED).setup).toEqual(expected);
  });

  it('applies mask coverage to the mapped setup', () => {
    const body = { liveConnectConstraints: { model: M, config: { temperature: 0.7, sessionResumption: {} } } };
    expect(rejection({ ...body, fieldMask: 'model' }, DOCUMENTED).message).toBe(FIELDS_NOT_IN_MASK);
    expect(
      parseAuthTokenRequest(
        { ...body, fieldMask: 'model,generationConfig.temperature,sessionResumption' },
        NOW,
        DOCUMENTED,
      ).fieldMask,
    ).toHaveLength(3);
  });
});

describe('a locked setup with a field the table does not know, or a scalar where an object goes', () => {
  const SETUP_AT = 'auth_token.bidi_generate_content_setup';
  const unknown = (name: string, at: string) => ({
    message: `Invalid JSON payload received. Unknown name "${name}" at '${at}': Cannot find field.`,
    field: at,
  });
  const notObject = (where: string) => ({
    message: `${where} must be a JSON object.`,
    field: `bidiGenerateContentSetup.${where}`,
  });

  it.each([
    [{ modle: 'models/x' }, unknown('modle', SETUP_AT)],
    [{ sessionResumption: { constructor: 1 } }, unknown('constructor', `${SETUP_AT}.session_resumption`)],
    [
      { generationConfig: { speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voice: 'Kore' } } } } },
      unknown('voice', `${SETUP_AT}.generation_config.speech_config.voice_config.prebuilt_voice_config`),
    ],
    [{ generationConfig: { speechConfig: 'Kore' } }, notObject('generationConfig.speechConfig')],
    [
      { realtimeInputConfig: { automaticActivityDetection: 5 } },
      notObject('realtimeInputConfig.automaticActivityDetection'),
    ],
    [{ contextWindowCompression: { slidingWindow: [] } }, notObject('contextWindowCompression.slidingWindow')],
  ])('%j', (setup, { message, field }) => {
    expect(rejection({ bidiGenerateContentSetup: setup }).toBody()).toEqual({
      error: {
        code: 400,
        message,
        status: 'INVALID_ARGUMENT',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description: message }] },
        ],
      },
    });
  });
});
