// The official @google/genai SDK, unmodified, against `gemtoken emulator` (built binary) through
// GOOGLE_GEMINI_BASE_URL: the flows of https://ai.google.dev/gemini-api/docs/ephemeral-tokens. Both profiles: the
// SDK sends liveConnectConstraints as bidiGenerateContentSetup, so the rest-refuses-live-connect-constraints refusal
// never reaches it.
import { ApiError, GoogleGenAI, Modality } from '@google/genai';
import { sdkMajor } from '../helpers/sdk.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/emulator/quirks.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { findStoredToken } from './mint-helpers.js';

const M = 'gemini-2.5-flash-native-audio-preview-09-2025';
let emu: EmulatorHandle;
let key: string;
const saved = process.env.GOOGLE_GEMINI_BASE_URL;

function client(apiKey = key): GoogleGenAI {
  process.env.GOOGLE_GEMINI_BASE_URL = emu.baseUrl;
  return new GoogleGenAI({ apiKey });
}

const stored = (name: string) => findStoredToken(emu, name);

afterEach(() => {
  if (saved === undefined) delete process.env.GOOGLE_GEMINI_BASE_URL;
  else process.env.GOOGLE_GEMINI_BASE_URL = saved;
});

describe.each(PROFILES)('@google/genai authTokens.create against the emulator (--profile %s)', (profile) => {
  beforeAll(async () => {
    emu = await spawnEmulator(['--profile', profile]);
    expect(emu.ready.profile).toBe(profile);
    key = emu.apiKeys[0]!;
  });
  afterAll(async () => {
    expect(await emu.stop()).toBe(0);
  });

  it('mints a plain token (guide flow 1)', async () => {
    const expireTime = new Date(Date.now() + 30 * 60 * 1000).toISOString();
    const newSessionExpireTime = new Date(Date.now() + 60 * 1000);
    const token = await client().authTokens.create({
      // The guide passes a Date (typed string in the SDK); JSON.stringify sends it with milliseconds.
      config: {
        uses: 1,
        expireTime,
        newSessionExpireTime: newSessionExpireTime as unknown as string,
        httpOptions: { apiVersion: 'v1alpha' },
      },
    });
    expect(token.name).toMatch(/^auth_tokens\//);
    const record = await stored(token.name!);
    expect(record).toMatchObject({
      apiVersion: 'v1alpha',
      uses: 1,
      expireTime: new Date(expireTime).toISOString(),
      newSessionExpireTime: newSessionExpireTime.toISOString(),
      fieldMask: [],
    });
    expect(record?.setup).toBeUndefined();
  });

  it('mints a token locked with liveConnectConstraints (guide flow 2)', async () => {
    const expireTime = new Date(Date.now() + 30 * 60 * 1000).toISOString();
    const token = await client().authTokens.create({
      config: {
        uses: 1,
        expireTime,
        liveConnectConstraints: {
          model: M,
          config: { sessionResumption: {}, temperature: 0.7, responseModalities: [Modality.AUDIO] },
        },
        httpOptions: { apiVersion: 'v1alpha' },
      },
    });
    expect(token.name).toMatch(/^auth_tokens\//);
    expect(await stored(token.name!)).toMatchObject({
      uses: 1,
      setup: {
        model: `models/${M}`,
        generationConfig: { temperature: 0.7, responseModalities: ['AUDIO'] },
        sessionResumption: {},
      },
      fieldMask: [],
    });
  });

  it('keeps uses 0 as unlimited', async () => {
    const token = await client().authTokens.create({ config: { uses: 0, httpOptions: { apiVersion: 'v1beta' } } });
    expect(await stored(token.name!)).toMatchObject({ uses: 0, apiVersion: 'v1beta' });
  });

  it('surfaces a bad key as ApiError 400 with the JSON status as message', async () => {
    const error = await client('not-a-valid-key-123')
      .authTokens.create({ config: { httpOptions: { apiVersion: 'v1alpha' } } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    const body = JSON.parse((error as ApiError).message) as { error: { status: string; message: string } };
    expect(body.error).toMatchObject({
      status: 'INVALID_ARGUMENT',
      message: 'API key not valid. Please pass a valid API key.',
    });
  });

  // 2.x turns an empty lockAdditionalFields with tools into the path `tools.0`, which the service
  // refuses (https://github.com/googleapis/js-genai/issues/1492); 3.x sends `tools`. Each major is held to what it
  // sends.
  it('handles lockAdditionalFields: [] with tools as the SDK major sends it (2.x tools.0 refused, 3.x tools accepted)', async () => {
    const created = client().authTokens.create({
      config: {
        liveConnectConstraints: {
          model: M,
          config: { responseModalities: [Modality.AUDIO], tools: [{ googleSearch: {} }] },
        },
        lockAdditionalFields: [],
        httpOptions: { apiVersion: 'v1alpha' },
      },
    });
    if (sdkMajor() >= 3) {
      const token = await created;
      expect((await stored(token.name!))?.fieldMask).toEqual(['model', 'generationConfig.responseModalities', 'tools']);
      return;
    }
    const error = await created.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    const body = JSON.parse((error as ApiError).message) as { error: { message: string } };
    expect(body.error.message).toBe('field_mask is invalid for BidiGenerateContentSetup');
  });

  // Both majors send `systemInstruction.parts,systemInstruction.role` for a system instruction. Only
  // index paths were seen refused; nested paths are unconfirmed, so the emulator accepts them (and
  // logs a warning) rather than invent a refusal.
  it('accepts lockAdditionalFields: [] with a system instruction (nested mask paths)', async () => {
    const token = await client().authTokens.create({
      config: {
        liveConnectConstraints: {
          model: M,
          config: { responseModalities: [Modality.AUDIO], systemInstruction: 'Be brief.' },
        },
        lockAdditionalFields: [],
        httpOptions: { apiVersion: 'v1alpha' },
      },
    });
    const tokenRecord = await stored(token.name!);
    expect(tokenRecord?.fieldMask).toEqual(expect.arrayContaining(['model', 'systemInstruction.parts']));
    expect(tokenRecord?.setup).toMatchObject({ systemInstruction: { parts: [{ text: 'Be brief.' }] } });
  });

  it('accepts a partial lock with top-level paths', async () => {
    const token = await client().authTokens.create({
      config: {
        liveConnectConstraints: { model: M, config: { temperature: 0.2 } },
        lockAdditionalFields: ['temperature'],
        httpOptions: { apiVersion: 'v1alpha' },
      },
    });
    expect(await stored(token.name!)).toMatchObject({
      fieldMask: ['model', 'generationConfig.temperature'],
      setup: { model: `models/${M}`, generationConfig: { temperature: 0.2 } },
    });
  });
});
