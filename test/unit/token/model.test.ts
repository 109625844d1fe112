import { describe, expect, it } from 'vitest';
import { normalizeModel } from '../../../src/token/model.js';

describe('normalizeModel (like the SDK tModel)', () => {
  it.each([
    ['gemini-3.8-live', 'models/gemini-3.8-live'],
    ['models/gemini-3.8-live', 'models/gemini-3.8-live'],
    ['tunedModels/my-tune', 'tunedModels/my-tune'],
    ['gemini-2.5-flash-native-audio-preview-09-2025', 'models/gemini-2.5-flash-native-audio-preview-09-2025'],
  ])('%s → %s', (input, output) => {
    expect(normalizeModel(input)).toBe(output);
  });

  it.each(['a?b', 'a&b', '../secrets', 'models/..', '', '   ', 'gemini live', 'models/'])('refuses %j', (input) => {
    expect(() => normalizeModel(input)).toThrow(/--model/);
  });
});
