import { describe, expect, it } from 'vitest';
import { resolveTalkOptions, type TalkFlags } from '../../../src/commands/talk/options.js';
import { parseTokenText } from '../../../src/commands/talk/token.js';
import { UsageError } from '../../../src/errors.js';

describe('resolveTalkOptions', () => {
  it('defaults: mic "default", half-duplex, audio, transcription + compression, 15 s connect timeout, v1alpha later', () => {
    const o = resolveTalkOptions({}, {});
    expect(o).toMatchObject({
      tokenSource: { kind: 'mint' },
      baseUrl: 'https://generativelanguage.googleapis.com',
      echo: 'half-duplex',
      input: { kind: 'mic', device: 'default' },
      speaker: true,
      once: false,
      events: false,
      connectTimeoutMs: 15_000,
      setup: { model: 'gemini-3.8-live', modality: 'audio', transcription: true, compress: true, pushToTalk: false },
    });
    expect(o.apiVersion).toBeUndefined();
  });

  it.each<[string, TalkFlags, Record<string, string>, Record<string, unknown>]>([
    ['--token -', { token: '-' }, {}, { tokenSource: { kind: 'stdin' } }],
    [
      '--token name',
      { token: 'auth_tokens/x' },
      { GEMTOKEN_TOKEN: 'auth_tokens/y' },
      { tokenSource: { kind: 'flag', value: 'auth_tokens/x' } },
    ],
    [
      'GEMTOKEN_TOKEN',
      {},
      { GEMTOKEN_TOKEN: 'auth_tokens/y', GEMINI_EPHEMERAL_TOKEN: 'auth_tokens/z' },
      { tokenSource: { kind: 'env', name: 'GEMTOKEN_TOKEN', value: 'auth_tokens/y' } },
    ],
    [
      'GEMINI_EPHEMERAL_TOKEN (mint --output env)',
      {},
      { GEMINI_EPHEMERAL_TOKEN: 'auth_tokens/z', GEMINI_EPHEMERAL_TOKEN_EXPIRE_TIME: '2026-12-01T00:30:00Z' },
      { tokenSource: { kind: 'env', name: 'GEMINI_EPHEMERAL_TOKEN', expireTime: '2026-12-01T00:30:00Z' } },
    ],
    [
      '--base-url over env',
      { baseUrl: 'http://127.0.0.1:9/' },
      { GEMTOKEN_BASE_URL: 'http://x' },
      { baseUrl: 'http://127.0.0.1:9' },
    ],
    ['GOOGLE_GEMINI_BASE_URL', {}, { GOOGLE_GEMINI_BASE_URL: 'http://127.0.0.1:8' }, { baseUrl: 'http://127.0.0.1:8' }],
    ['--api-version', { apiVersion: 'v1beta' }, {}, { apiVersion: 'v1beta' }],
    ['--text: no mic', { text: ' hi ' }, {}, { input: { kind: 'none' }, text: 'hi' }],
    ['--input file', { input: 'a.wav', fast: true }, {}, { input: { kind: 'file', path: 'a.wav', fast: true } }],
    [
      '--input raw',
      { input: '-', inputFormat: 's16le:24000:2' },
      {},
      { input: { kind: 'file', path: '-', format: { encoding: 's16le', sampleRate: 24000, channels: 2 } } },
    ],
    [
      'session flags',
      {
        model: 'm',
        voice: 'Kore',
        systemInstruction: 'Be brief.',
        modality: 'text',
        temperature: '0.5',
        pushToTalk: true,
      },
      {},
      {
        setup: {
          model: 'm',
          voice: 'Kore',
          systemInstruction: 'Be brief.',
          modality: 'text',
          temperature: 0.5,
          pushToTalk: true,
        },
      },
    ],
    [
      'negations',
      { speaker: false, compress: false, transcription: false },
      {},
      { speaker: false, setup: { compress: false, transcription: false } },
    ],
    ['--echo headphones', { echo: 'headphones' }, {}, { echo: 'headphones' }],
    ['--connect-timeout', { connectTimeout: '2m' }, {}, { connectTimeoutMs: 120_000 }],
    ['tool defaults: 10 s per call, no command', {}, {}, { toolTimeoutMs: 10_000 }],
    [
      '--tools, --tool-command, --tool-timeout',
      { tools: 'tools.json', toolCommand: ' ./h.sh ', toolTimeout: '30s' },
      {},
      { tools: 'tools.json', toolCommand: './h.sh', toolTimeoutMs: 30_000 },
    ],
  ])('%s', (_name, flags, env, expected) => {
    expect(resolveTalkOptions(flags, env)).toMatchObject(expected);
  });

  it.each<[TalkFlags, RegExp]>([
    [{ modality: 'video' }, /--modality 'video'/],
    [{ temperature: 'hot' }, /--temperature/],
    [{ temperature: '2.5' }, /--temperature/],
    [{ echo: 'aec' }, /--echo 'aec'/],
    [{ fast: true }, /--fast needs --input/],
    [{ inputFormat: 's16le' }, /--input-format needs --input/],
    [{ input: 'a.wav', inputDevice: 'hw:1' }, /exclude each other/],
    [{ input: '' }, /--input is empty/],
    [{ pushToTalk: true, input: 'a.wav' }, /--push-to-talk needs the microphone/],
    [{ token: '-', input: '-' }, /cannot both read stdin/],
    [{ text: '  ' }, /--text is empty/],
    [{ model: ' ' }, /--model is empty/],
    [{ connectTimeout: '0' }, /--connect-timeout/],
    [{ apiVersion: 'v2' }, /--api-version 'v2'/],
    [{ baseUrl: 'ftp://x' }, /http or https/],
    [{ input: 'a.raw', inputFormat: 'mp3' }, /--input-format/],
    [{ toolTimeout: '0' }, /--tool-timeout/],
    [{ toolTimeout: 'soon' }, /--tool-timeout/],
    [{ toolCommand: ' ' }, /--tool-command is empty/],
  ])('rejects %j', (flags, message) => {
    expect(() => resolveTalkOptions(flags, {})).toThrow(UsageError);
    expect(() => resolveTalkOptions(flags, {})).toThrow(message);
  });
});

describe('parseTokenText', () => {
  it.each([
    ['auth_tokens/abc\n', { name: 'auth_tokens/abc' }],
    ['\n  auth_tokens/abc  \n', { name: 'auth_tokens/abc' }],
    [
      '{"name":"auth_tokens/abc","expireTime":"2026-12-01T00:30:00.000Z","newSessionExpireTime":"2026-12-01T00:01:00Z","uses":1,"apiVersion":"v1beta"}\n',
      {
        name: 'auth_tokens/abc',
        expiresAt: Date.UTC(2026, 11, 1, 0, 30),
        newSessionExpiresAt: Date.UTC(2026, 11, 1, 0, 1),
        apiVersion: 'v1beta',
        uses: 1,
      },
    ],
    // `uses` tells talk when the token is spent; anything but a whole number ≥ 0 leaves it unknown.
    ['{"name":"auth_tokens/abc","uses":0}', { name: 'auth_tokens/abc', uses: 0 }],
    ['{"name":"auth_tokens/abc","uses":-1}', { name: 'auth_tokens/abc' }],
    ['{"name":"auth_tokens/abc","uses":"3"}', { name: 'auth_tokens/abc' }],
    ['{"name":"auth_tokens/abc","uses":1.5}', { name: 'auth_tokens/abc' }],
    ['{"name":"auth_tokens/one"}\n{"name":"auth_tokens/two"}\n', { name: 'auth_tokens/one' }],
  ])('%j', (text, expected) => {
    expect(parseTokenText(text, 'stdin')).toEqual({ ...expected, source: 'stdin' });
  });

  it.each([
    ['', /no token/],
    ['hello', /not an ephemeral token/],
    ['auth_tokens/', /not an ephemeral token/],
    ['auth_tokens/a b', /not an ephemeral token/],
    ['auth_tokens/abc?key=x', /not an ephemeral token/],
    ['AIzaSyABCDEFGHIJKLMNOP', /holds an API key/],
    ['{"name":', /neither a token name nor mint's JSON/],
    ['{"token":"auth_tokens/x"}', /no "name"/],
  ])('rejects %j', (text, message) => {
    expect(() => parseTokenText(text, 'stdin')).toThrow(message);
  });

  it('never repeats an API key in its message', () => {
    const key = 'AIzaSySECRETSECRETSECRET';
    try {
      parseTokenText(key, '--token');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(key);
      expect(String((error as UsageError).hint)).not.toContain(key);
    }
    expect.assertions(2);
  });
});
