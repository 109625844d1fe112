import { describe, expect, it } from 'vitest';
import { apiKeyFromEnv, resolveApiVersion, resolveBaseUrl } from '../../src/config.js';
import { MINT_KEY_FLAGS, TALK_KEY_FLAGS, resolveApiKey } from '../../src/token/api-key.js';
import type { TextIo } from '../../src/token/text-io.js';

const io = (files: Record<string, string> = {}, stdin?: string): TextIo => ({
  readFile: async (path) => {
    if (path in files) return files[path]!;
    throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  },
  readStdin: async () => {
    if (stdin === undefined) throw new Error('no stdin');
    return stdin;
  },
});

describe('resolveBaseUrl', () => {
  it.each<[string | undefined, Record<string, string>, string]>([
    [undefined, {}, 'https://generativelanguage.googleapis.com'],
    ['http://127.0.0.1:8080/', {}, 'http://127.0.0.1:8080'],
    [undefined, { GEMTOKEN_BASE_URL: 'http://a:1', GOOGLE_GEMINI_BASE_URL: 'http://b:2' }, 'http://a:1'],
    [undefined, { GOOGLE_GEMINI_BASE_URL: 'http://b:2' }, 'http://b:2'],
    ['http://flag:3', { GEMTOKEN_BASE_URL: 'http://a:1' }, 'http://flag:3'],
    ['https://proxy.example/gemini/', {}, 'https://proxy.example/gemini'],
  ])('flag %s env %j → %s', (flag, env, url) => {
    expect(resolveBaseUrl(flag, env)).toBe(url);
  });

  it.each([
    ['notaurl', /'notaurl' is not a URL/],
    ['ftp://x', /must be an http or https URL/],
    ['http://u:p@x', /credentials/],
    ['http://x/?key=1', /query/],
  ])('refuses %s', (flag, message) => {
    expect(() => resolveBaseUrl(flag, {})).toThrow(message);
  });

  it('names the env variable a bad value came from', () => {
    expect(() => resolveBaseUrl(undefined, { GOOGLE_GEMINI_BASE_URL: 'nope' })).toThrow(
      /GOOGLE_GEMINI_BASE_URL 'nope'/,
    );
  });
});

describe('resolveApiVersion', () => {
  it('defaults to v1alpha and allows the three versions', () => {
    expect(resolveApiVersion(undefined)).toBe('v1alpha');
    for (const v of ['v1alpha', 'v1beta', 'v1']) expect(resolveApiVersion(v)).toBe(v);
    expect(() => resolveApiVersion('v2')).toThrow(/--api-version 'v2'/);
  });
});

describe('API key precedence', () => {
  it.each<[string, Record<string, string>, string | undefined, string | undefined]>([
    ['GEMINI_API_KEY', { GEMINI_API_KEY: 'gemini-key-1' }, 'gemini-key-1', undefined],
    ['GOOGLE_API_KEY fallback', { GOOGLE_API_KEY: 'google-key-1' }, 'google-key-1', undefined],
    ['both equal: no notice', { GEMINI_API_KEY: 'same-key-1', GOOGLE_API_KEY: 'same-key-1' }, 'same-key-1', undefined],
    [
      'both differ: GEMINI wins and says so',
      { GEMINI_API_KEY: 'gemini-key-1', GOOGLE_API_KEY: 'google-key-1' },
      'gemini-key-1',
      'using GEMINI_API_KEY',
    ],
    ['neither', {}, undefined, undefined],
  ])('%s', (_name, env, key, notice) => {
    const found = apiKeyFromEnv(env);
    expect(found?.key).toBe(key);
    if (notice) expect(found?.notice).toMatch(notice);
    else expect(found?.notice).toBeUndefined();
  });

  it('a set but empty variable is an error', () => {
    expect(() => apiKeyFromEnv({ GEMINI_API_KEY: '  ' })).toThrow(/GEMINI_API_KEY is set but empty/);
  });

  it.each<[string, Parameters<typeof resolveApiKey>[0], Record<string, string>, TextIo, string, string]>([
    [
      'file beats env, trailing newline trimmed',
      { apiKeyFile: 'k.txt' },
      { GEMINI_API_KEY: 'env-key-123' },
      io({ 'k.txt': 'file-key-123\n' }),
      'file-key-123',
      '--api-key-file',
    ],
    [
      'stdin',
      { apiKeyStdin: true },
      { GEMINI_API_KEY: 'env-key-123' },
      io({}, 'stdin-key-123\n'),
      'stdin-key-123',
      'stdin',
    ],
    ['argv', { apiKey: 'argv-key-123' }, {}, io(), 'argv-key-123', '--api-key'],
    ['env', {}, { GOOGLE_API_KEY: 'google-key-1' }, io(), 'google-key-1', 'GOOGLE_API_KEY'],
  ])('resolveApiKey: %s', async (_name, flags, env, files, key, source) => {
    const resolved = await resolveApiKey(flags, env, files, MINT_KEY_FLAGS);
    expect(resolved).toMatchObject({ key, source });
  });

  it('warns that --api-key is visible to other users', async () => {
    const resolved = await resolveApiKey({ apiKey: 'argv-key-123' }, {}, io(), MINT_KEY_FLAGS);
    expect(resolved?.warnings).toEqual([
      '--api-key puts the key on the command line, where other users of this machine can see it; prefer GEMINI_API_KEY or --api-key-file',
    ]);
  });

  it.each<[string, Parameters<typeof resolveApiKey>[0], TextIo, RegExp]>([
    ['missing file', { apiKeyFile: 'missing.txt' }, io(), /^--api-key-file: no such file: missing.txt$/],
    ['empty file', { apiKeyFile: 'k' }, io({ k: '\n' }), /from --api-key-file is empty/],
    ['empty argv key', { apiKey: '' }, io(), /from --api-key is empty/],
    ['key with a space', { apiKey: 'two words' }, io(), /spaces or control characters/],
    ['two sources', { apiKey: 'a-long-key', apiKeyStdin: true }, io(), /use only one of --api-key-stdin, --api-key/],
  ])('refuses %s', async (_name, flags, files, message) => {
    await expect(resolveApiKey(flags, {}, files, MINT_KEY_FLAGS)).rejects.toThrow(message);
  });

  it('returns undefined when nothing is set (the command may prompt)', async () => {
    expect(await resolveApiKey({}, {}, io(), MINT_KEY_FLAGS)).toBeUndefined();
  });

  it.each([
    ['mint', MINT_KEY_FLAGS, 'set GEMINI_API_KEY (or use --api-key-file / --api-key-stdin)'],
    ['talk', TALK_KEY_FLAGS, 'set GEMINI_API_KEY (or use --api-key-file)'],
  ] as const)('an empty key file: the hint names only %s key flags', async (_command, keyFlags, hint) => {
    const error = await resolveApiKey({ apiKeyFile: 'k' }, {}, io({ k: '\n' }), keyFlags).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: 'the API key from --api-key-file is empty', hint });
  });
});
