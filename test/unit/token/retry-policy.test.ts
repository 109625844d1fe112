import { describe, expect, it } from 'vitest';
import {
  isRetryable,
  parseRetryAfterMs,
  retryDelayMs,
  type AttemptOutcome,
} from '../../../src/token/client/mint-client.js';

const status = (s: number, retryAfter?: string): AttemptOutcome => ({ kind: 'status', status: s, retryAfter });

describe('isRetryable', () => {
  it.each<[AttemptOutcome, boolean]>([
    [status(429), true],
    [status(500), true],
    [status(503), true],
    [status(400), false],
    [status(401), false],
    [status(403), false],
    [status(404), false],
    [status(408), false],
    [status(599), true],
    [status(600), false],
    [status(700), false],
    [status(0), false],
    [{ kind: 'timeout' }, true],
    [{ kind: 'connection' }, true],
  ])('%j → %s', (outcome, retry) => {
    expect(isRetryable(outcome)).toBe(retry);
  });
});

describe('retryDelayMs', () => {
  it.each<[number, number, number]>([
    // retry, random, expected: equal jitter between ceiling/2 and ceiling, ceiling = 500ms·2^(retry-1) ≤ 8s
    [1, 0, 250],
    [1, 0.999, 500],
    [2, 0, 500],
    [3, 0.5, 1_500],
    [5, 0, 4_000],
    [10, 0, 4_000],
    [10, 0.999, 7_996],
  ])('retry %d with random %d → %d ms', (retry, random, ms) => {
    expect(retryDelayMs(retry, { kind: 'connection' }, random)).toBe(ms);
  });

  it('honours Retry-After seconds on 429 and gives up on very long waits', () => {
    expect(retryDelayMs(1, status(429, '3'), 0)).toBe(3_000);
    expect(retryDelayMs(1, status(429, '0'), 0.5)).toBe(0);
    expect(retryDelayMs(1, status(429, '3600'), 0)).toBeUndefined();
    expect(retryDelayMs(1, status(429, 'Wed, 21 Oct 2026 07:28:00 GMT'), 0)).toBe(250);
    expect(retryDelayMs(1, status(503, '3'), 0)).toBe(250);
  });

  it('parses Retry-After', () => {
    expect(parseRetryAfterMs('2')).toBe(2_000);
    expect(parseRetryAfterMs('1.5')).toBe(1_500);
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs('-1')).toBeUndefined();
  });
});
