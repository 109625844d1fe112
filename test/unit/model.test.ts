import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import {
  DEFAULT_MODEL,
  MODALITIES,
  modelCapabilities,
  modelId,
  modelResource,
  normalizeModel,
  textOnAudioOnlyModel,
} from '../../src/model.js';

describe('normalizeModel (like the SDK tModel)', () => {
  it.each([
    ['gemini-3.8-live', 'models/gemini-3.8-live'],
    ['models/gemini-3.8-live', 'models/gemini-3.8-live'],
    ['tunedModels/my-tune', 'tunedModels/my-tune'],
    ['gemini-2.5-flash-native-audio-preview-09-2025', 'models/gemini-2.5-flash-native-audio-preview-09-2025'],
  ])('%s → %s', (input, output) => {
    expect(normalizeModel(input)).toBe(output);
  });

  it.each([
    [
      'a?b',
      "--model 'a?b' is not a valid model name ('..', '?' and '&' are not allowed)",
      'e.g. --model gemini-3.8-live',
    ],
    [
      'a&b',
      "--model 'a&b' is not a valid model name ('..', '?' and '&' are not allowed)",
      'e.g. --model gemini-3.8-live',
    ],
    [
      '../secrets',
      "--model '../secrets' is not a valid model name ('..', '?' and '&' are not allowed)",
      'e.g. --model gemini-3.8-live',
    ],
    [
      'models/..',
      "--model 'models/..' is not a valid model name ('..', '?' and '&' are not allowed)",
      'e.g. --model gemini-3.8-live',
    ],
    ['', '--model must not be empty', 'e.g. --model gemini-3.8-live'],
    ['   ', '--model must not be empty', 'e.g. --model gemini-3.8-live'],
    ['gemini live', "--model 'gemini live' contains whitespace", undefined],
    ['models/', "--model 'models/' names no model", undefined],
    ['tunedModels/', "--model 'tunedModels/' names no model", undefined],
  ])('refuses %j', (input, message, hint) => {
    expect(() => normalizeModel(input)).toThrow(new UsageError(message, hint));
  });
});

describe('model names without checks (talk passes its --model through)', () => {
  it.each([
    ['gemini-3.8-live', 'models/gemini-3.8-live', 'gemini-3.8-live'],
    ['models/x', 'models/x', 'x'],
    ['tunedModels/t', 'tunedModels/t', 'tunedModels/t'],
  ])('%s → resource %s, id %s', (input, resource, id) => {
    expect(modelResource(input)).toBe(resource);
    expect(modelId(input)).toBe(id);
  });

  it('the default model and the reply modalities', () => {
    expect(DEFAULT_MODEL).toBe('gemini-3.8-live');
    expect(MODALITIES).toEqual(['audio', 'text']);
  });
});

describe('modelCapabilities: what we know a Live model can do ', () => {
  it.each<[string, boolean | undefined]>([
    ['gemini-3.8-live', true],
    ['models/gemini-3.8-live', true],
    ['gemini-2.5-flash-native-audio-preview-09-2025', true],
    ['models/gemini-2.5-flash-native-audio-preview-12-2025', true],
    ['gemini-2.5-flash-native-audio-latest', true],
    // A third-party report: TEXT "is not supported by the model".
    ['gemini-3.1-flash-live-preview', true],
    // No source states these: unknown, so nothing is refused.
    ['gemini-3.8-live-extended-thinking', undefined],
    ['tunedModels/my-tune', undefined],
  ])('%s → audioOnly %s', (name, audioOnly) => {
    expect(modelCapabilities(name)?.audioOnly).toBe(audioOnly);
  });

  it('textOnAudioOnlyModel: an exit-2 error with the transcripts hint, or nothing', () => {
    expect(textOnAudioOnlyModel('models/gemini-3.8-live', 'drop --modality text')).toEqual(
      new UsageError(
        'gemini-3.8-live answers in audio only; a TEXT response modality fails at setup',
        'its text comes as output transcripts: drop --modality text',
      ),
    );
    expect(textOnAudioOnlyModel('gemini-3.8-live-extended-thinking', 'x')).toBeUndefined();
  });
});
