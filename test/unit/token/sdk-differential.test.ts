// Differential test: the REST body gemtoken builds itself must equal what
// @google/genai 2.32's ai.authTokens.create sends, except for the field-mask defects of
// https://github.com/googleapis/js-genai/issues/1492 (`tools.0`, `systemInstruction.parts/.role`, other object
// sub-paths), and the lock-name mapping we fix on purpose. Each difference is asserted explicitly.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleGenAI } from '@google/genai';
import { buildAuthTokenBody } from '../../../src/token/client/request-body.js';
import { normalizeModel } from '../../../src/model.js';
import type { JsonObject } from '../../../src/token/config/json.js';

const M = 'gemini-2.5-flash-native-audio-preview-09-2025';
const TIMES = { expireTime: '2026-12-01T00:10:00Z', newSessionExpireTime: '2026-12-01T00:01:00Z' };

interface Case {
  readonly name: string;
  readonly uses?: number;
  readonly expireTime?: string;
  readonly newSessionExpireTime?: string;
  readonly model?: string;
  readonly config?: JsonObject;
  readonly lock?: string[];
  /** Only for documented deviations: the SDK's mask and ours. */
  readonly masks?: { readonly sdk: string | undefined; readonly ours: string | undefined };
}

const CASES: Case[] = [
  { name: '1 empty' },
  { name: '2 times and uses', uses: 1, ...TIMES },
  { name: '3 uses 0 is sent', uses: 0 },
  { name: '4 model only, full lock', model: M },
  { name: '4b model already prefixed', model: `models/${M}` },
  {
    name: '5 config mapping',
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
  {
    name: '6 lock set only: systemInstruction sub-paths (js-genai#1492)',
    model: M,
    config: { responseModalities: ['AUDIO'], systemInstruction: 'Be brief.' },
    lock: [],
    masks: {
      sdk: 'model,generationConfig.responseModalities,systemInstruction.parts,systemInstruction.role',
      ours: 'model,generationConfig.responseModalities,systemInstruction',
    },
  },
  {
    name: '7 lock extras',
    model: M,
    config: { responseModalities: ['AUDIO'], systemInstruction: 'Be brief.' },
    lock: ['temperature', 'topK', 'tools'],
    masks: {
      sdk: 'model,generationConfig.responseModalities,systemInstruction.parts,systemInstruction.role,generationConfig.temperature,generationConfig.topK,tools',
      ours: 'model,generationConfig.responseModalities,systemInstruction,generationConfig.temperature,generationConfig.topK,tools',
    },
  },
  {
    name: '8 transcription and resumption, lock set only',
    model: 'm',
    config: { sessionResumption: {}, inputAudioTranscription: {}, outputAudioTranscription: {} },
    lock: [],
  },
  {
    name: '9 tools: tools.0 (js-genai#1492)',
    model: M,
    config: { responseModalities: ['AUDIO'], tools: [{ googleSearch: {} }] },
    lock: [],
    masks: {
      sdk: 'model,generationConfig.responseModalities,tools.0',
      ours: 'model,generationConfig.responseModalities,tools',
    },
  },
  { name: '11 lock set only without constraints', lock: [] },
  { name: '13 config without model', config: { responseModalities: ['AUDIO'] } },
  {
    name: 'deprecated generationConfig merged with flat keys',
    model: M,
    config: { generationConfig: { topK: 5, temperature: 0.3 }, temperature: 0.3, topP: 0.9 },
  },
  {
    name: 'function declarations: JSON Schema → Gemini Schema',
    model: M,
    config: {
      tools: [
        {
          functionDeclarations: [
            {
              name: 'get_time',
              description: 'time',
              parameters: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  zone: { type: 'string', description: 'tz' },
                  tags: { type: ['array', 'null'], items: { type: 'string' } },
                  when: { anyOf: [{ type: 'null' }, { type: 'integer' }] },
                  mode: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }] },
                },
                required: ['zone'],
              },
            },
          ],
        },
      ],
    },
  },
  {
    name: 'function declarations: $schema goes to parametersJsonSchema',
    model: M,
    config: {
      tools: [
        {
          functionDeclarations: [
            {
              name: 'f',
              parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' },
              response: { type: 'string' },
            },
          ],
        },
      ],
    },
  },
  {
    name: 'systemInstruction as Content and as a list',
    model: M,
    config: { systemInstruction: { role: 'system', parts: [{ text: 'a' }, { text: 'b', bogus: 1 }] } },
  },
  { name: 'systemInstruction as a string list', config: { systemInstruction: ['a', 'b'] } },
  {
    name: 'all generation keys',
    model: M,
    config: {
      responseModalities: ['AUDIO'],
      temperature: 0.5,
      topP: 0.8,
      topK: 40,
      maxOutputTokens: 512,
      mediaResolution: 'MEDIA_RESOLUTION_LOW',
      seed: 7,
      speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } }, languageCode: 'en-US' },
      thinkingConfig: { thinkingBudget: 0 },
      enableAffectiveDialog: true,
    },
  },
  {
    name: 'translationConfig lands in generationConfig after the setup keys',
    config: { translationConfig: { targetLanguageCode: 'de' }, inputAudioTranscription: {}, labels: { a: 'b' } },
  },
  {
    name: 'other setup objects, full lock',
    model: M,
    config: {
      realtimeInputConfig: {
        automaticActivityDetection: {
          disabled: false,
          startOfSpeechSensitivity: 'START_SENSITIVITY_LOW',
          silenceDurationMs: 500,
        },
      },
      contextWindowCompression: { slidingWindow: {} },
      proactivity: { proactiveAudio: true },
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE', extra: 1 }],
      sessionResumption: { handle: 'prev' },
      tools: [{ googleSearch: { searchTypes: { webSearch: {} } }, codeExecution: {}, unknownTool: {} }],
    },
  },
  {
    name: 'other setup objects, lock set only: no object sub-paths',
    model: M,
    config: {
      realtimeInputConfig: { automaticActivityDetection: { disabled: true } },
      contextWindowCompression: { slidingWindow: {} },
      sessionResumption: { handle: 'h' },
    },
    lock: [],
    masks: {
      sdk: 'model,sessionResumption.handle,realtimeInputConfig.automaticActivityDetection,contextWindowCompression.slidingWindow',
      ours: 'model,sessionResumption,realtimeInputConfig,contextWindowCompression',
    },
  },
  {
    name: 'a locked field that is also set appears once',
    model: M,
    config: { temperature: 0.2 },
    lock: ['temperature'],
    masks: {
      sdk: 'model,generationConfig.temperature,generationConfig.temperature',
      ours: 'model,generationConfig.temperature',
    },
  },
  {
    name: 'lock names outside the SDK list get their wire path',
    model: M,
    lock: ['thinkingConfig'],
    masks: { sdk: 'model,thinkingConfig', ours: 'model,generationConfig.thinkingConfig' },
  },
  {
    name: 'lock without constraints: the SDK sends names unprefixed',
    lock: ['temperature', 'tools'],
    masks: { sdk: 'temperature,tools', ours: 'generationConfig.temperature,tools' },
  },
];

let server: Server;
let baseUrl: string;
const bodies: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"auth_tokens/diff"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function sdkBody(c: Case): Promise<Record<string, unknown>> {
  const ai = new GoogleGenAI({ apiKey: 'differential-test-key', httpOptions: { baseUrl, apiVersion: 'v1alpha' } });
  const config: Record<string, unknown> = {};
  if (c.uses !== undefined) config.uses = c.uses;
  if (c.expireTime) config.expireTime = c.expireTime;
  if (c.newSessionExpireTime) config.newSessionExpireTime = c.newSessionExpireTime;
  if (c.model !== undefined || c.config !== undefined) {
    config.liveConnectConstraints = {
      ...(c.model !== undefined ? { model: c.model } : {}),
      ...(c.config ? { config: structuredClone(c.config) } : {}),
    };
  }
  if (c.lock) config.lockAdditionalFields = [...c.lock];
  const before = bodies.length;
  await ai.authTokens.create({ config });
  expect(bodies.length).toBe(before + 1);
  return JSON.parse(bodies[before]!) as Record<string, unknown>;
}

function ourBody(c: Case): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(
      buildAuthTokenBody({
        uses: c.uses,
        expireTime: c.expireTime,
        newSessionExpireTime: c.newSessionExpireTime,
        model: c.model === undefined ? undefined : normalizeModel(c.model),
        config: c.config,
        lock: c.lock,
      }),
    ),
  ) as Record<string, unknown>;
}

describe('request body equals @google/genai 2.32 authTokens.create', () => {
  it('covers 24 configs, each under its own name', () => {
    expect(CASES).toHaveLength(24);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(24);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const sdk = await sdkBody(c);
    const ours = ourBody(c);
    if (c.masks) {
      expect(sdk.fieldMask).toBe(c.masks.sdk);
      expect(ours.fieldMask).toBe(c.masks.ours);
      const { fieldMask: _sdkMask, ...sdkRest } = sdk;
      const { fieldMask: _ourMask, ...ourRest } = ours;
      expect(ourRest).toStrictEqual(sdkRest);
    } else {
      expect(ours).toStrictEqual(sdk);
      // Same key order too: the JSON text is identical.
      expect(JSON.stringify(ours)).toBe(JSON.stringify(sdk));
    }
  });

  it.each<[string, JsonObject]>([
    ['sessionResumption.transparent', { sessionResumption: { transparent: true } }],
    ['multiSpeakerVoiceConfig', { speechConfig: { multiSpeakerVoiceConfig: {} } }],
    ['an Enterprise-only tool', { tools: [{ enterpriseWebSearch: {} }] }],
    ['conflicting generationConfig and flat key', { generationConfig: { temperature: 0.5 }, temperature: 0.7 }],
  ])('both refuse %s', async (_name, config) => {
    await expect(sdkBody({ name: 'x', model: M, config })).rejects.toThrow();
    expect(() => ourBody({ name: 'x', model: M, config })).toThrow();
  });
});
