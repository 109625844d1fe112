import { describe, expect, it } from 'vitest';
import { ignoredTalkFlags, lockWarnings } from '../../../src/commands/talk/lock-warnings.js';
import { resolveTalkOptions, type TalkFlags } from '../../../src/commands/talk/options.js';
import { parseTokenText } from '../../../src/commands/talk/token.js';
import { UsageError } from '../../../src/errors.js';
import type { LockSummary } from '../../../src/token/config/lock-summary.js';

const ALL_FLAGS: TalkFlags = {
  model: 'gemini-3.8-live',
  modality: 'audio',
  voice: 'Kore',
  temperature: '0.5',
  systemInstruction: 'Be brief.',
  pushToTalk: true,
  transcription: false,
  compress: false,
};
const FULL_ALL: LockSummary = {
  mode: 'full',
  fields: [
    'model',
    'generationConfig.responseModalities',
    'sessionResumption',
    'inputAudioTranscription',
    'outputAudioTranscription',
  ],
};

describe('ignoredTalkFlags', () => {
  it.each<[string, TalkFlags, LockSummary, string[]]>([
    [
      'full lock: every setup flag given',
      ALL_FLAGS,
      FULL_ALL,
      [
        '--model',
        '--modality',
        '--voice',
        '--temperature',
        '--system-instruction',
        '--push-to-talk',
        '--no-transcription',
        '--no-compress',
      ],
    ],
    [
      'full lock: only flags that were given',
      { voice: 'Kore', text: 'hi', once: true, speaker: false },
      FULL_ALL,
      ['--voice'],
    ],
    ['defaults (transcription/compress true) are not flags', { transcription: true, compress: true }, FULL_ALL, []],
    [
      'field mask: only masked fields',
      ALL_FLAGS,
      { mode: 'fields', fields: ['model', 'systemInstruction'] },
      ['--model', '--system-instruction'],
    ],
    [
      'field mask on generationConfig locks its sub-fields',
      { modality: 'text', voice: 'Kore', systemInstruction: 'x' },
      { mode: 'fields', fields: ['generationConfig'] },
      ['--modality', '--voice'],
    ],
    [
      'one transcription masked is enough',
      { transcription: false },
      { mode: 'fields', fields: ['outputAudioTranscription'] },
      ['--no-transcription'],
    ],
    ['nothing locked', ALL_FLAGS, { mode: 'none', fields: [] }, []],
    [
      'a token that locks tools overrides --tools',
      { tools: 'tools.json', voice: 'Kore' },
      { mode: 'fields', fields: ['model', 'tools'] },
      ['--tools'],
    ],
    ['a full lock too', { tools: 'tools.json' }, FULL_ALL, ['--tools']],
  ])('%s', (_name, flags, locked, ignored) => {
    expect(ignoredTalkFlags(flags, locked)).toEqual(ignored);
  });
});

describe('lockWarnings: the lines talk prints before connecting', () => {
  it('full lock: one line naming the flags the token makes idle, never the gaps (mint warned about those when it minted)', () => {
    expect(lockWarnings({ voice: 'Kore', modality: 'audio' }, { mode: 'full', fields: ['model'] })).toEqual([
      'the token locks the whole session setup, so the service ignores --modality, --voice (mint with --lock-set-only to lock only what you set)',
    ]);
    expect(lockWarnings({ text: 'hi' }, { mode: 'full', fields: ['model'] })).toEqual([]);
  });

  it('field mask: one line naming the locked fields and the ignored flags', () => {
    expect(
      lockWarnings(
        { model: 'x', voice: 'Kore' },
        { mode: 'fields', fields: ['model', 'generationConfig.temperature'] },
      ),
    ).toEqual(['the token locks model, generationConfig.temperature, so the service ignores --model']);
  });

  it.each<[string, LockSummary | undefined]>([
    ['unknown (bare token name, older mint JSON)', undefined],
    ['nothing locked', { mode: 'none', fields: [] }],
    ['a field mask no flag touches', { mode: 'fields', fields: ['model'] }],
    ['a full lock that sets all three, no flags', FULL_ALL],
  ])('nothing for %s', (_name, locked) => {
    expect(lockWarnings({ text: 'hi' }, locked)).toEqual([]);
  });
});

describe('parseTokenText reads mint JSON `locked`', () => {
  const line = (locked: unknown): string => JSON.stringify({ name: 'auth_tokens/abc', apiVersion: 'v1alpha', locked });

  it('takes a well-formed summary', () => {
    expect(parseTokenText(line({ mode: 'full', fields: ['model'] }), 'stdin').locked).toEqual({
      mode: 'full',
      fields: ['model'],
    });
  });

  it.each([
    ['a bad mode', { mode: 'most', fields: [] }],
    ['fields not strings', { mode: 'full', fields: [1] }],
    ['not an object', 'full'],
    ['null', null],
  ])('ignores %s', (_name, locked) => {
    expect(parseTokenText(line(locked), 'stdin')).not.toHaveProperty('locked');
  });
});

describe('talk --modality text on a known audio-only model ', () => {
  it.each<[string, TalkFlags, string]>([
    ['the default model', { modality: 'text', text: 'hi' }, 'gemini-3.8-live'],
    [
      'a native-audio model',
      { modality: 'text', model: 'models/gemini-2.5-flash-native-audio-preview-09-2025' },
      'gemini-2.5-flash-native-audio-preview-09-2025',
    ],
  ])('refuses %s before anything is opened (exit 2)', (_name, flags, id) => {
    expect(() => resolveTalkOptions(flags, {})).toThrow(
      new UsageError(
        `${id} answers in audio only; a TEXT response modality fails at setup`,
        'its text comes as output transcripts: drop --modality text (talk shows them by default)',
      ),
    );
  });

  it('with --no-transcription the hint says to drop that too', () => {
    expect(() => resolveTalkOptions({ modality: 'text', transcription: false }, {})).toThrow(
      expect.objectContaining({
        hint: 'its text comes as output transcripts: drop --modality text and --no-transcription',
      }),
    );
  });

  it('unknown models pass through', () => {
    expect(
      resolveTalkOptions({ modality: 'text', model: 'gemini-3.8-live-extended-thinking' }, {}).setup,
    ).toMatchObject({ modality: 'text' });
  });
});
