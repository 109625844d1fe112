// The pure half of `mint --interactive`: defaults from given flags, answers → flags, the printed
// command line (checked by a real shell), and the answer validators.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mintCommand } from '../../../src/commands/mint/command.js';
import {
  FLAG_ORDER,
  LIVE_MODELS,
  NEVER_PRINTED,
  answersToFlags,
  commandLine,
  defaultAnswers,
  validateModel,
  validateTtl,
  validateUses,
  validateVoice,
  type MintAnswers,
} from '../../../src/commands/mint/interactive-flags.js';
import { DEFAULT_MODELS } from '../../../src/emulator/defaults.js';

const base: MintAnswers = {
  model: 'gemini-3.8-live',
  scope: 'model',
  modality: 'audio',
  voice: '',
  systemInstruction: '',
  uses: '1',
  ttl: '30m',
};

/** What a POSIX shell makes of the printed line (minus the program name). */
function shellWords(line: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${line.replace(/^gemtoken /, '')}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('defaultAnswers', () => {
  it.each([
    ['nothing given', {}, base],
    [
      '--model with models/ prefix',
      { model: 'models/gemini-3.1-flash-live-preview' },
      { ...base, model: 'gemini-3.1-flash-live-preview' },
    ],
    [
      '--modality TEXT: the config is meant to be locked',
      { modality: 'TEXT' },
      { ...base, scope: 'config', modality: 'text' },
    ],
    [
      '--voice, --system-instruction',
      { voice: 'Kore', systemInstruction: 'Be brief.' },
      { ...base, scope: 'config', voice: 'Kore', systemInstruction: 'Be brief.' },
    ],
    ['--lock-set-only', { lockSetOnly: true }, { ...base, scope: 'config' }],
    ['--lock-all', { lockAll: true }, { ...base, scope: 'config' }],
    ['--transcribe', { transcribe: true }, { ...base, scope: 'config' }],
    ['--uses, --ttl', { uses: '3', ttl: '2h' }, { ...base, uses: '3', ttl: '2h' }],
    ['--ttl in bare seconds: the default shows its unit', { ttl: '90' }, { ...base, ttl: '90s' }],
    ['--expire-at: no TTL question', { expireAt: '2030-01-01T00:00:00Z' }, { ...base, ttl: undefined }],
  ])('%s', (_name, given, expected) => {
    expect(defaultAnswers(given)).toEqual(expected);
  });
});

describe('answersToFlags', () => {
  const config = { ...base, scope: 'config' } as const;
  it.each([
    ['defaults: the model only (a field mask of it)', {}, base, { model: 'gemini-3.8-live', uses: '1', ttl: '30m' }],
    [
      'the model only drops config flags given and --lock-all',
      { voice: 'Kore', modality: 'audio', systemInstruction: 'x', lockAll: true },
      base,
      { model: 'gemini-3.8-live', uses: '1', ttl: '30m' },
    ],
    [
      'model and config: what was asked, locked with --lock-set-only',
      {},
      { ...config, voice: 'Kore', systemInstruction: ' Be brief. ' },
      {
        model: 'gemini-3.8-live',
        modality: 'audio',
        voice: 'Kore',
        systemInstruction: ' Be brief. ',
        lockSetOnly: true,
        uses: '1',
        ttl: '30m',
      },
    ],
    [
      'a lock flag given is kept (no --lock-set-only added)',
      { lockAll: true },
      config,
      { lockAll: true, model: 'gemini-3.8-live', modality: 'audio', uses: '1', ttl: '30m' },
    ],
    [
      'text drops the voice',
      { voice: 'Kore' },
      { ...config, modality: 'text', voice: 'Kore' },
      { model: 'gemini-3.8-live', modality: 'text', lockSetOnly: true, uses: '1', ttl: '30m' },
    ],
    [
      'blank answers unset given flags',
      { systemInstruction: 'old', voice: 'Puck' },
      { ...config, systemInstruction: '   ' },
      { model: 'gemini-3.8-live', modality: 'audio', lockSetOnly: true, uses: '1', ttl: '30m' },
    ],
    [
      'other flags pass through, interactive goes',
      { interactive: true, baseUrl: 'http://127.0.0.1:9', output: 'name', transcribe: true },
      config,
      {
        baseUrl: 'http://127.0.0.1:9',
        output: 'name',
        transcribe: true,
        model: 'gemini-3.8-live',
        modality: 'audio',
        lockSetOnly: true,
        uses: '1',
        ttl: '30m',
      },
    ],
    [
      'the model only: no config flag is sent, whichever was given',
      { temperature: '0.3', transcribe: true, config: '{}', baseUrl: 'http://127.0.0.1:9' },
      base,
      { baseUrl: 'http://127.0.0.1:9', model: 'gemini-3.8-live', uses: '1', ttl: '30m' },
    ],
    [
      'no ttl answer keeps --expire-at',
      { expireAt: '2030-01-01T00:00:00Z' },
      { ...base, ttl: undefined, uses: ' 0 ' },
      { expireAt: '2030-01-01T00:00:00Z', model: 'gemini-3.8-live', uses: '0' },
    ],
  ] as const)('%s', (_name, given, answers, expected) => {
    expect(answersToFlags(given, answers as MintAnswers)).toEqual(expected);
  });
});

describe('commandLine', () => {
  it.each([
    [
      'defaults',
      { model: 'gemini-3.8-live', modality: 'audio', uses: '1', ttl: '30m' },
      'gemtoken mint --model gemini-3.8-live --modality audio --uses 1 --ttl 30m',
    ],
    [
      'quotes what the shell would split',
      { systemInstruction: "Be brief. Don't ramble; $HOME `x`", model: 'm' },
      `gemtoken mint --model m --system-instruction 'Be brief. Don'\\''t ramble; $HOME \`x\`'`,
    ],
    [
      'booleans are bare flags, false ones vanish',
      { transcribe: true, compress: false, dryRun: true },
      'gemtoken mint --transcribe --dry-run',
    ],
    [
      'the key never appears',
      { apiKey: 'AIzaSECRET', apiKeyStdin: true, interactive: true, apiKeyFile: '/k/key.txt' },
      'gemtoken mint --api-key-file /k/key.txt',
    ],
    [
      'unknown future flags still appear, last',
      { futureFlag: 'x y', model: 'm' },
      "gemtoken mint --model m --future-flag 'x y'",
    ],
    ['empty value is quoted', { systemInstruction: '' }, "gemtoken mint --system-instruction ''"],
  ])('%s', (_name, flags, expected) => {
    expect(commandLine(flags)).toBe(expected);
  });

  it('a real shell turns the line back into exactly these arguments', () => {
    const instruction = `It's "quoted" $(rm -rf /) \\ and\nnewline * ?`;
    const line = commandLine({
      model: 'gemini-3.8-live',
      systemInstruction: instruction,
      config: '{"temperature":0.5}',
      baseUrl: 'http://127.0.0.1:8080',
    });
    expect(shellWords(line)).toEqual([
      'mint',
      '--model',
      'gemini-3.8-live',
      '--system-instruction',
      instruction,
      '--config',
      '{"temperature":0.5}',
      '--base-url',
      'http://127.0.0.1:8080',
    ]);
  });

  it('knows every flag `gemtoken mint` declares (so none is printed out of order or by accident)', () => {
    const declared = mintCommand(async () => undefined).options.map((o) => o.attributeName());
    const known: readonly string[] = [...FLAG_ORDER, ...NEVER_PRINTED];
    expect(declared.filter((name) => !known.includes(name))).toEqual([]);
  });
});

describe('validators', () => {
  it.each([
    [validateUses, '0', true],
    [validateUses, '5', true],
    [validateUses, '-1', /--uses '-1' must be a whole number/],
    [validateUses, '1.5', /whole number/],
    [validateUses, '', /whole number/],
    [validateTtl, '30m', true],
    [validateTtl, '19h59m', true],
    [validateTtl, '20h', /less than 20h/],
    [validateTtl, '5x', /not a duration/],
    [validateTtl, '0', /greater than 0/],
    [validateTtl, '45', /^45 seconds\? Type 45s to confirm, or 45m or 45h$/],
    [validateTtl, '45s', true],
    [validateModel, 'gemini-3.8-live', true],
    [validateModel, 'models/x', true],
    [validateModel, 'a b', /whitespace/],
    [validateModel, '../x', /not a valid model/],
    [validateModel, '', /must not be empty/],
    [validateVoice, 'Kore', true],
    [validateVoice, 'Two Words', /not a voice name/],
    [validateVoice, ' ', /not a voice name/],
  ] as const)('%#: %s', (validate, text, expected) => {
    const result = validate(text);
    if (expected === true) expect(result).toBe(true);
    else expect(result).toMatch(expected);
  });
});

it('offers only models the emulator serves by default, gemini-3.8-live first', () => {
  expect(LIVE_MODELS[0].value).toBe('gemini-3.8-live');
  for (const model of LIVE_MODELS) expect(DEFAULT_MODELS).toContain(model.value);
});
