import { describe, expect, it } from 'vitest';
import { allowedFallback, fallbackLine } from '../../../src/token/client/version-fallback.js';
import {
  fullLockGaps,
  isLocked,
  lockSummary,
  type LockSource,
  type LockSummary,
} from '../../../src/token/config/lock-summary.js';

describe('lockSummary: what a token fixes (mint JSON `locked`)', () => {
  it.each<[string, LockSource, LockSummary]>([
    ['nothing', {}, { mode: 'none', fields: [] }],
    ['model only, no mask: full lock', { model: 'models/m' }, { mode: 'full', fields: ['model'] }],
    [
      'config, no mask: full lock of the set paths',
      { model: 'models/m', config: { responseModalities: ['AUDIO'], temperature: 0.5, sessionResumption: {} } },
      {
        mode: 'full',
        fields: ['model', 'generationConfig.responseModalities', 'generationConfig.temperature', 'sessionResumption'],
      },
    ],
    ['lock []: the set fields', { model: 'models/m', lock: [] }, { mode: 'fields', fields: ['model'] }],
    [
      'lock names: set fields plus these',
      { model: 'models/m', lock: ['temperature', 'tools'] },
      { mode: 'fields', fields: ['model', 'generationConfig.temperature', 'tools'] },
    ],
  ])('%s', (_name, source, summary) => {
    expect(lockSummary(source)).toEqual(summary);
  });

  it('isLocked: a listed parent locks its sub-fields', () => {
    const summary: LockSummary = { mode: 'fields', fields: ['generationConfig', 'systemInstruction'] };
    expect(isLocked(summary, 'generationConfig.responseModalities')).toBe(true);
    expect(isLocked(summary, 'systemInstruction')).toBe(true);
    expect(isLocked(summary, 'sessionResumption')).toBe(false);
    expect(isLocked({ mode: 'none', fields: [] }, 'model')).toBe(false);
  });

  it('fullLockGaps only for full locks', () => {
    expect(fullLockGaps({ mode: 'fields', fields: ['model'] })).toEqual([]);
    expect(fullLockGaps({ mode: 'none', fields: [] })).toEqual([]);
    expect(fullLockGaps({ mode: 'full', fields: ['model', 'generationConfig'] }).map((g) => g.flag)).toEqual([
      '--resumable',
      '--transcribe',
    ]);
  });
});

describe('allowedFallback: only an unchosen version falls back', () => {
  it.each<[string | undefined, 'v1alpha' | 'v1beta' | 'v1', string | undefined]>([
    [undefined, 'v1alpha', 'v1beta'],
    ['v1alpha', 'v1alpha', undefined],
    ['v1', 'v1', undefined],
    ['v1beta', 'v1beta', undefined],
  ])('chosen %s → %s', (chosen, resolved, fallback) => {
    expect(allowedFallback(chosen, resolved)).toBe(fallback);
  });

  it('says what happened in one line', () => {
    expect(fallbackLine('v1alpha', 'v1beta')).toBe(
      'v1alpha answered 404 for auth_tokens; minting on v1beta instead (--api-version chooses one)',
    );
  });
});
