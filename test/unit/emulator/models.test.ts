import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../../../src/emulator/defaults.js';
import { MODEL_CATALOGUE, checkModality, findModel } from '../../../src/emulator/models.js';

describe('model catalogue', () => {
  it('serves every catalogued model by default, and none of the shut-down ones', () => {
    expect(DEFAULT_MODELS).toEqual(MODEL_CATALOGUE.map((model) => model.id));
    expect(DEFAULT_MODELS).toContain('gemini-3.8-live');
    expect(DEFAULT_MODELS).not.toContain('gemini-2.0-flash-live-001');
    expect(DEFAULT_MODELS).not.toContain('gemini-live-2.5-flash-preview');
  });

  it.each([
    ['gemini-3.8-live', true],
    ['gemini-2.5-flash-native-audio-preview-09-2025', true],
    ['gemini-2.5-flash-native-audio-latest', true],
    ['gemini-3.1-flash-live-preview', true],
    ['gemini-3.8-live-extended-thinking', false],
    ['gemini-3.5-live-translate-preview', false],
  ])('%s audio-only: %s', (id, audioOnly) => {
    expect(Boolean(findModel(id)?.audioOnly)).toBe(audioOnly);
  });

  it.each([
    ['no generationConfig', { model: 'models/gemini-3.8-live' }, undefined],
    ['AUDIO', { model: 'models/gemini-3.8-live', generationConfig: { responseModalities: ['AUDIO'] } }, undefined],
    [
      'TEXT on 3.8 Live',
      { model: 'models/gemini-3.8-live', generationConfig: { responseModalities: ['TEXT'] } },
      { close: { code: 1007, reason: 'Cannot extract voices from a non-audio request.' } },
    ],
    [
      'bare model id',
      { model: 'gemini-3.8-live', generationConfig: { responseModalities: ['TEXT'] } },
      { close: { code: 1007, reason: 'Cannot extract voices from a non-audio request.' } },
    ],
    [
      'TEXT on an unknown model',
      { model: 'models/x-1', generationConfig: { responseModalities: ['TEXT'] } },
      { warning: 'model x-1: whether it answers in TEXT is unknown; accepted' },
    ],
    [
      'TEXT on a catalogued model of unknown capability',
      { model: 'models/gemini-3.8-live-extended-thinking', generationConfig: { responseModalities: ['TEXT'] } },
      { warning: 'model gemini-3.8-live-extended-thinking: whether it answers in TEXT is unknown; accepted' },
    ],
  ])('%s', (_name, setup, verdict) => {
    expect(checkModality(setup)).toEqual(verdict);
  });
});
