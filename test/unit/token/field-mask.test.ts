import { describe, expect, it } from 'vitest';
import { computeFieldMask, lockPath, setFieldPaths } from '../../../src/token/config/field-mask.js';
import type { JsonObject } from '../../../src/token/config/json.js';

const SETUP: JsonObject = {
  model: 'models/m',
  generationConfig: { responseModalities: ['AUDIO'], temperature: 0.7 },
  systemInstruction: { parts: [{ text: 'Be brief.' }], role: 'user' },
  tools: [{ googleSearch: {} }],
  sessionResumption: {},
  realtimeInputConfig: { automaticActivityDetection: { disabled: true } },
};

describe('setFieldPaths', () => {
  it('keeps top-level names bare and splits generationConfig one level (js-genai#1492)', () => {
    expect(setFieldPaths(SETUP)).toEqual([
      'model',
      'generationConfig.responseModalities',
      'generationConfig.temperature',
      'systemInstruction',
      'tools',
      'sessionResumption',
      'realtimeInputConfig',
    ]);
  });

  it('emits an empty generationConfig bare', () => {
    expect(setFieldPaths({ generationConfig: {} })).toEqual(['generationConfig']);
  });
});

describe('computeFieldMask', () => {
  it.each<[string, JsonObject | undefined, readonly string[] | undefined, string | undefined]>([
    ['no lock flags: full lock, no mask', SETUP, undefined, undefined],
    ['no setup, no lock', undefined, undefined, undefined],
    ['--lock-set-only without setup', undefined, [], undefined],
    ['--lock-set-only', { model: 'models/m', tools: [{}] }, [], 'model,tools'],
    [
      '--lock adds generation fields with the prefix',
      { model: 'models/m' },
      ['temperature', 'topK', 'tools'],
      'model,generationConfig.temperature,generationConfig.topK,tools',
    ],
    [
      '--lock maps every generation key, not only the SDK seven',
      { model: 'models/m' },
      ['thinkingConfig', 'translationConfig'],
      'model,generationConfig.thinkingConfig,generationConfig.translationConfig',
    ],
    ['--lock accepts a wire path', { model: 'models/m' }, ['generationConfig.seed'], 'model,generationConfig.seed'],
    ['--lock without setup still uses wire paths', undefined, ['temperature'], 'generationConfig.temperature'],
    [
      'duplicates are dropped',
      { model: 'models/m', generationConfig: { temperature: 1 } },
      ['temperature', 'model'],
      'model,generationConfig.temperature',
    ],
  ])('%s', (_name, setup, lock, mask) => {
    expect(computeFieldMask(setup, lock)).toBe(mask);
  });

  it('never emits numeric or systemInstruction sub-paths', () => {
    const mask = computeFieldMask(SETUP, ['systemInstruction'])!;
    expect(mask.split(',').some((p) => /\.\d+($|\.)/.test(p))).toBe(false);
    expect(mask).not.toMatch(/systemInstruction\./);
  });
});

describe('lockPath', () => {
  it('refuses unknown names and lists the lockable ones', () => {
    expect(() => lockPath('temprature')).toThrow(/--lock: unknown field 'temprature'/);
    try {
      lockPath('nope');
    } catch (error) {
      expect((error as { hint?: string }).hint).toMatch(/lockable: model, responseModalities/);
    }
    expect(() => lockPath('generationConfig.bogus')).toThrow(/unknown field/);
  });
});
