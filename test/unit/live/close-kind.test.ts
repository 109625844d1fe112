import { describe, expect, it } from 'vitest';
import { classifyClose, classifyFailure } from '../../../src/live/wire/close-kind.js';
import { closeError } from '../../../src/live/wire/close-errors.js';
import { ExitCode } from '../../../src/errors.js';

describe('classifyClose', () => {
  it.each([
    [1011, 'Token has been used too many times', 'token'],
    [1011, 'new_session_expire_time deadline exceeded', 'token'],
    [1011, 'Token expired: expire_time deadline exceeded', 'token'],
    [1008, 'Token expired', 'token'],
    // lifetime-deadline-1011: "expired" here is the connection's deadline, not the token's.
    [1011, 'Deadline expired before operation could complete.', 'deadline'],
    [1008, 'Connection lifetime reached (GoAway).', 'deadline'],
    [1011, 'Internal error encountered.', 'transient'],
    [1006, '', 'transient'],
    [1013, 'Try again later', 'transient'],
    [1011, 'RESOURCE_EXHAUSTED: quota', 'fatal'],
    [1007, 'Request contains an invalid argument.', 'fatal'],
    [1008, 'models/x is not found for API version v1alpha', 'fatal'],
    [1000, '', 'fatal'],
  ])('%i %s → %s', (code, reason, kind) => {
    expect(classifyClose(code, reason)).toBe(kind);
  });

  it.each([
    [{ kind: 'http' as const, status: 403 }, 'token'],
    [{ kind: 'http' as const, status: 503 }, 'transient'],
    [{ kind: 'http' as const, status: 404 }, 'fatal'],
    [{ kind: 'timeout' as const, ms: 1 }, 'transient'],
    [{ kind: 'network' as const, message: 'ECONNRESET' }, 'transient'],
    [{ kind: 'closed' as const, code: 1011, reason: 'Token has been used too many times' }, 'token'],
  ])('failure %j → %s', (failure, kind) => {
    expect(classifyFailure(failure)).toBe(kind);
  });

  it('the lifetime-deadline-1011 close is not reported as an expired token', () => {
    const error = closeError(1011, 'Deadline expired before operation could complete.', {
      apiVersion: 'v1alpha',
      model: 'm',
    });
    expect(error.exitCode).toBe(ExitCode.network);
    expect(error.message).not.toMatch(/token/);
  });
});
