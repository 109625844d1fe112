import { describe, expect, it } from 'vitest';
import {
  MINT_DEFAULTS,
  resolveConnection,
  resolveMintOptions,
  resolveUses,
  type MintFlags,
} from '../../../src/token/mint-options.js';
import { UsageError } from '../../../src/errors.js';
import type { TextIo } from '../../../src/token/text-io.js';
import { buildAuthTokenBody } from '../../../src/token/client/request-body.js';

const NOW = Date.UTC(2026, 11, 1);
const io = (files: Record<string, string> = {}, stdin = ''): TextIo => ({
  readFile: async (path) => {
    if (path in files) return files[path]!;
    throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  },
  readStdin: async () => stdin,
});
const resolve = (flags: MintFlags, files?: Record<string, string>, stdin?: string) =>
  resolveMintOptions(flags, {}, NOW, io(files, stdin));

describe('resolveMintOptions', () => {
  it('defaults', async () => {
    const options = await resolve({});
    expect(options).toEqual({
      token: {
        uses: 1,
        expireTime: '2026-12-01T00:30:00.000Z',
        newSessionExpireTime: '2026-12-01T00:01:00.000Z',
        model: undefined,
        config: undefined,
        lock: undefined,
      },
      count: 1,
      output: 'json',
      dryRun: false,
      baseUrl: 'https://generativelanguage.googleapis.com',
      apiVersion: 'v1alpha',
      fallbackApiVersion: 'v1beta',
      timeoutMs: 30_000,
      retries: 2,
      warnings: [],
    });
  });

  it('shorthands merge over --config', async () => {
    const options = await resolve(
      {
        config: '{"speechConfig":{"languageCode":"de-DE"},"temperature":0.2,"sessionResumption":{"handle":"h"}}',
        systemInstruction: '@si.txt',
        modality: 'audio',
        voice: 'Kore',
        temperature: '0.9',
        transcribe: true,
        resumable: true,
        compress: true,
      },
      { 'si.txt': 'Be brief.\n' },
    );
    expect(options.token.config).toEqual({
      speechConfig: { languageCode: 'de-DE', voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
      temperature: 0.9,
      sessionResumption: { handle: 'h' },
      systemInstruction: 'Be brief.',
      responseModalities: ['AUDIO'],
      inputAudioTranscription: {},
      outputAudioTranscription: {},
      contextWindowCompression: { slidingWindow: {} },
    });
  });

  it('reads --config from a file and from stdin', async () => {
    expect((await resolve({ config: '@c.json' }, { 'c.json': '{"topK":3}' })).token.config).toEqual({ topK: 3 });
    expect((await resolve({ config: '-' }, {}, '{"topP":0.5}')).token.config).toEqual({ topP: 0.5 });
  });

  it('maps the other flags', async () => {
    const options = await resolve({
      uses: '0',
      model: 'gemini-3.8-live',
      lock: 'temperature, tools',
      count: '5',
      output: 'name',
      apiVersion: 'v1beta',
      baseUrl: 'http://127.0.0.1:1',
      timeout: '2s',
      retries: '0',
      dryRun: true,
    });
    expect(options).toMatchObject({
      count: 5,
      output: 'name',
      apiVersion: 'v1beta',
      baseUrl: 'http://127.0.0.1:1',
      timeoutMs: 2_000,
      retries: 0,
      dryRun: true,
    });
    expect(options.token).toMatchObject({ uses: 0, model: 'models/gemini-3.8-live', lock: ['temperature', 'tools'] });
    expect(options.warnings).toEqual(['--uses 0 mints a token with unlimited uses until it expires']);
    expect((await resolve({ lockSetOnly: true, temperature: '0.5' })).token.lock).toEqual([]);
  });

  it.each<[string, MintFlags, string | RegExp]>([
    ['--uses -1', { uses: '-1' }, "--uses '-1' must be a whole number from 0 to 2147483647"],
    ['--uses 1.5', { uses: '1.5' }, "--uses '1.5' must be a whole number from 0 to 2147483647"],
    ['--uses abc', { uses: 'abc' }, "--uses 'abc' must be a whole number from 0 to 2147483647"],
    ['--ttl 0', { ttl: '0' }, "--ttl must be greater than 0 (got '0')"],
    ['--ttl 21h', { ttl: '21h' }, '--ttl must be less than 20h ahead (got 21h)'],
    // The rest of this message is V8's own wording, which changes between Node versions.
    ['bad json', { config: '{bad json' }, /^--config is not valid JSON at line 1, column 2$/],
    ['unknown config key', { config: '{"temprature":1}' }, "--config has unknown key 'temprature'"],
    ['config array', { config: '[1]' }, '--config must be a JSON object (a LiveConnectConfig)'],
    ['config with model', { config: '{"model":"x"}' }, '--config: the model is not part of the config: use --model'],
    ['missing config file', { config: '@missing.json' }, '--config: no such file: missing.json'],
    ['--model a?b', { model: 'a?b' }, "--model 'a?b' is not a valid model name ('..', '?' and '&' are not allowed)"],
    ['--output xml', { output: 'xml' }, "--output 'xml' is not one of json, name, env, github"],
    ['--count 0', { count: '0' }, "--count '0' must be a whole number from 1 to 100000"],
    [
      '--count with env',
      { count: '2', output: 'env' },
      '--count 2 cannot be used with --output env (one token per variable)',
    ],
    ['--base-url notaurl', { baseUrl: 'notaurl' }, "--base-url 'notaurl' is not a URL"],
    ['--modality video', { modality: 'video' }, "--modality 'video' is not audio or text"],
    ['--temperature 3', { temperature: '3' }, "--temperature '3' is not a number from 0 to 2"],
    ['--temperature x', { temperature: 'x' }, "--temperature 'x' is not a number from 0 to 2"],
    ['--voice empty', { voice: '' }, "--voice '' is not a voice name"],
    ['--system-instruction empty', { systemInstruction: ' ' }, '--system-instruction is empty'],
    ['--lock typo', { lock: 'temprature' }, "--lock: unknown field 'temprature'"],
    ['--lock empty', { lock: ',' }, '--lock needs at least one field name'],
    [
      '--lock and --lock-set-only',
      { lock: 'tools', lockSetOnly: true },
      'use one of --lock, --lock-set-only or --lock-all, not --lock and --lock-set-only',
    ],
    [
      '--lock-all and --lock-set-only',
      { model: 'm', lockAll: true, lockSetOnly: true },
      'use one of --lock, --lock-set-only or --lock-all, not --lock-set-only and --lock-all',
    ],
    [
      '--lock-all with nothing to lock',
      { lockAll: true },
      '--lock-all needs a locked setup: add --model or --config (or a shorthand like --temperature)',
    ],
    [
      '--lock with nothing to lock',
      { lock: 'temperature' },
      '--lock needs a locked setup: add --model or --config (or a shorthand like --temperature)',
    ],
    [
      '--lock-set-only with nothing to lock',
      { lockSetOnly: true },
      '--lock-set-only needs a locked setup: add --model or --config (or a shorthand like --temperature)',
    ],
    [
      '--lock with a config that sets nothing',
      { lock: 'tools', config: '{"temperature":null}' },
      '--lock needs a locked setup: add --model or --config (or a shorthand like --temperature)',
    ],
    ['--timeout 0', { timeout: '0' }, "--timeout must be greater than 0 (got '0')"],
    ['--retries 11', { retries: '11' }, "--retries '11' must be a whole number from 0 to 10"],
    [
      'stdin twice',
      { config: '-', apiKeyStdin: true },
      '--config - and --api-key-stdin both want stdin; use --config @file',
    ],
  ])('refuses %s', async (_name, flags, message) => {
    const error = await resolve(flags).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    if (typeof message === 'string') expect((error as UsageError).message).toBe(message);
    else expect((error as UsageError).message).toMatch(message);
  });

  describe('how much a token locks', () => {
    it.each<[string, MintFlags, readonly string[] | undefined, string | undefined]>([
      // A full lock of a model alone would set nothing else and make the service ignore the client's setup.
      ['--model alone: only the model (a field mask)', { model: 'gemini-3.8-live' }, [], 'model'],
      ['--model --lock-all: the whole setup', { model: 'gemini-3.8-live', lockAll: true }, undefined, undefined],
      ['--model --config {}: still the model alone', { model: 'gemini-3.8-live', config: '{}' }, [], 'model'],
      ['a config is locked whole', { model: 'm', voice: 'Kore' }, undefined, undefined],
      ['a config with --lock-all: the same', { voice: 'Kore', lockAll: true }, undefined, undefined],
      ['nothing set: nothing locked', {}, undefined, undefined],
    ])('%s', async (_name, flags, lock, mask) => {
      const { token } = await resolve(flags);
      expect(token.lock).toEqual(lock);
      expect(buildAuthTokenBody(token).fieldMask).toBe(mask);
    });
  });

  // Every refusal has a hint line (README "Exit codes"); these two had none.
  it.each<[string, MintFlags, string]>([
    [
      '--lock-set-only without a setup',
      { lockSetOnly: true },
      'e.g. --model gemini-3.8-live; without a lock, leave out --lock-set-only',
    ],
    [
      'a missing --config file',
      { config: '@missing.json' },
      'check the path; a relative one starts in the current directory, or give the JSON itself: --config \'{"responseModalities":["AUDIO"]}\'',
    ],
    ['--config naming a file without @', { config: 'config.json' }, 'to read a file, write --config @config.json'],
  ])('%s has a hint', async (_name, flags, hint) => {
    const error = await resolve(flags).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).hint).toBe(hint);
  });

  describe('a full lock says what it leaves unset', () => {
    const SETUP = 'the token locks the whole session setup (no field mask) without';
    const MODALITY = `${SETUP} responseModalities: sessions get the service's default, TEXT, which audio-only models refuse at connect; add --modality, or --lock-set-only to lock only what is set`;
    const RESUME = `${SETUP} sessionResumption: sessions get no resumption handles, so a session ends with its connection (~10 min); add --resumable, or --lock-set-only to lock only what is set`;
    const TRANSCRIBE = `${SETUP} inputAudioTranscription or outputAudioTranscription: sessions get no transcripts; add --transcribe, or --lock-set-only to lock only what is set`;

    it.each<[string, MintFlags, string[]]>([
      ['--model alone: no full lock, nothing to say', { model: 'gemini-3.8-live' }, []],
      ['--model --lock-all', { model: 'gemini-3.8-live', lockAll: true }, [MODALITY, RESUME, TRANSCRIBE]],
      [
        '--model with modality, resumption and transcription',
        { model: 'gemini-3.8-live', modality: 'audio', resumable: true, transcribe: true },
        [],
      ],
      ['--resumable only', { resumable: true }, [MODALITY, TRANSCRIBE]],
      [
        'modality in a generationConfig',
        {
          config:
            '{"generationConfig":{"responseModalities":["AUDIO"]},"sessionResumption":{},"inputAudioTranscription":{},"outputAudioTranscription":{}}',
        },
        [],
      ],
      [
        'one transcription',
        { config: '{"responseModalities":["AUDIO"],"sessionResumption":{},"inputAudioTranscription":{}}' },
        [
          `${SETUP} outputAudioTranscription: sessions get no output transcripts; add --transcribe, or --lock-set-only to lock only what is set`,
        ],
      ],
      ['--lock-set-only: a field mask, not a full lock', { model: 'gemini-3.8-live', lockSetOnly: true }, []],
      ['--lock: a field mask', { model: 'gemini-3.8-live', lock: 'temperature' }, []],
      ['nothing locked', {}, []],
    ])('%s', async (_name, flags, warnings) => {
      expect((await resolve(flags)).warnings).toEqual(warnings);
    });

    it('only --uses 0 warns when the full lock sets all three', async () => {
      const { warnings } = await resolve({
        uses: '0',
        model: 'm',
        modality: 'text',
        resumable: true,
        transcribe: true,
      });
      expect(warnings).toEqual(['--uses 0 mints a token with unlimited uses until it expires']);
    });
  });

  describe('TEXT on a known audio-only model', () => {
    it.each<[string, MintFlags]>([
      ['--modality text', { model: 'gemini-3.8-live', modality: 'text' }],
      [
        'responseModalities in --config',
        { model: 'models/gemini-3.8-live', config: '{"responseModalities":["TEXT"]}', lockSetOnly: true },
      ],
      [
        'in generationConfig',
        { model: 'gemini-3.8-live', config: '{"generationConfig":{"responseModalities":["AUDIO","TEXT"]}}' },
      ],
    ])('refuses %s', async (_name, flags) => {
      await expect(resolve(flags)).rejects.toEqual(
        new UsageError(
          'gemini-3.8-live answers in audio only; a TEXT response modality fails at setup',
          'its text comes as output transcripts: drop TEXT (--modality text) and add --transcribe',
        ),
      );
    });

    it('names a native-audio model', async () => {
      await expect(
        resolve({ model: 'gemini-2.5-flash-native-audio-preview-12-2025', modality: 'text' }),
      ).rejects.toMatchObject({
        message:
          'gemini-2.5-flash-native-audio-preview-12-2025 answers in audio only; a TEXT response modality fails at setup',
      });
    });

    it.each<[string, MintFlags]>([
      ['an unknown model', { model: 'gemini-3.8-live-extended-thinking', modality: 'text' }],
      ['no model locked (the client picks it)', { modality: 'text' }],
      ['audio on an audio-only model', { model: 'gemini-3.8-live', modality: 'audio' }],
    ])('passes %s', async (_name, flags) => {
      await expect(resolve(flags)).resolves.toBeDefined();
    });
  });

  it('lists the allowed keys in the hint for an unknown one', async () => {
    await expect(resolve({ config: '{"temprature":1,"foo":2}' })).rejects.toMatchObject({
      message: "--config has unknown keys 'temprature', 'foo'",
      hint: expect.stringMatching(/^allowed: generationConfig, responseModalities, temperature/),
    });
  });
});

describe('the validators mintToken() shares with the CLI', () => {
  it('one set of defaults', () => {
    expect(MINT_DEFAULTS).toEqual({ uses: 1, timeoutMs: 30_000, retries: 2 });
    expect(resolveUses(undefined)).toBe(1);
    const parseTimeout = (): number => {
      throw new Error('not called without a timeout');
    };
    expect(resolveConnection({}, {}, parseTimeout)).toEqual({
      baseUrl: 'https://generativelanguage.googleapis.com',
      apiVersion: 'v1alpha',
      fallbackApiVersion: 'v1beta',
      timeoutMs: 30_000,
      retries: 2,
    });
  });

  it('each surface parses its own timeout; the rest is the same', () => {
    const seen: string[] = [];
    const connection = resolveConnection(
      { baseUrl: 'http://127.0.0.1:9/', apiVersion: 'v1beta', timeout: '250', retries: '0' },
      { GEMTOKEN_BASE_URL: 'http://ignored.invalid' },
      (text) => (seen.push(text), 250),
    );
    // A chosen version has no fallback.
    expect(connection).toStrictEqual({
      baseUrl: 'http://127.0.0.1:9',
      apiVersion: 'v1beta',
      fallbackApiVersion: undefined,
      timeoutMs: 250,
      retries: 0,
    });
    expect(seen).toEqual(['250']);
    expect(() => resolveConnection({ retries: '11' }, {}, Number)).toThrow(
      "--retries '11' must be a whole number from 0 to 10",
    );
    expect(() => resolveUses('2147483648')).toThrow("--uses '2147483648' must be a whole number from 0 to 2147483647");
  });
});
