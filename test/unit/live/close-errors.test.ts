import { describe, expect, it } from 'vitest';
import { closeError, failureError, upgradeError } from '../../../src/live/wire/close-errors.js';
import { ExitCode } from '../../../src/errors.js';

const ctx = { apiVersion: 'v1alpha', model: 'gemini-3.8-live' };

describe('closeError', () => {
  it.each([
    [1011, 'Token has been used too many times', ExitCode.auth, /used up/],
    [1011, 'new_session_expire_time deadline exceeded', ExitCode.auth, /no longer open sessions/],
    [1008, 'Token expired', ExitCode.auth, /expired/],
    [1011, 'Token expired: expire_time deadline exceeded', ExitCode.auth, /expired/],
    [
      1008,
      'Ephemeral token was created on API version v1alpha and cannot be used on v1beta.',
      ExitCode.auth,
      /does not work on v1alpha/,
    ],
    [1008, 'Ephemeral token is not valid: it is unknown, malformed or already expired.', ExitCode.auth, /not accepted/],
    [1007, 'API key not valid. Please pass a valid API key.', ExitCode.auth, /not accepted/],
    [
      1008,
      "Method doesn't allow unregistered callers (callers without established identity).",
      ExitCode.auth,
      /not accepted/,
    ],
    [
      1008,
      'models/x is not found for API version v1alpha, or is not supported for bidiGenerateContent. Call ListModels',
      ExitCode.rejected,
      /model was refused/,
    ],
    [1007, 'Request contains an invalid argument.', ExitCode.rejected, /rejected the session/],
    [
      1007,
      'Invalid JSON payload received. Unknown name "x" at \'setup\': Cannot find field.',
      ExitCode.rejected,
      /rejected/,
    ],
    [1009, '', ExitCode.rejected, /too large/],
    [1011, 'Internal error encountered.', ExitCode.network, /ended the session/],
    [1011, 'RESOURCE_EXHAUSTED: quota', ExitCode.rejected, /quota/],
    [1006, '', ExitCode.network, /dropped/],
    [1001, 'going away', ExitCode.network, /ended the session/],
  ])('%i %s', (code, reason, exit, message) => {
    const error = closeError(code, reason, ctx);
    expect(error.exitCode).toBe(exit);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(String(code));
    expect(error.hint).toMatch(/^\S[^\n]*\S$/);
    expect(error.message).not.toMatch(/\n/);
  });

  it('names the API version in the auth hint', () => {
    expect(closeError(1008, 'unregistered callers', ctx).hint).toContain('v1alpha');
  });
});

describe('failureError / upgradeError', () => {
  it.each([
    [{ kind: 'http' as const, status: 401 }, ExitCode.auth],
    [{ kind: 'http' as const, status: 403 }, ExitCode.auth],
    [{ kind: 'http' as const, status: 404 }, ExitCode.rejected],
    [{ kind: 'http' as const, status: 429 }, ExitCode.rejected],
    [{ kind: 'http' as const, status: 503 }, ExitCode.network],
    [{ kind: 'timeout' as const, ms: 15_000 }, ExitCode.network],
    [{ kind: 'network' as const, message: 'connect ECONNREFUSED 127.0.0.1:1' }, ExitCode.network],
    [{ kind: 'closed' as const, code: 1011, reason: 'Token has been used too many times' }, ExitCode.auth],
  ])('%j', (failure, exit) => {
    expect(failureError(failure, ctx).exitCode).toBe(exit);
  });

  it('timeout says how long it waited', () => {
    expect(failureError({ kind: 'timeout', ms: 15_000 }, ctx).message).toContain('15 s');
    expect(upgradeError(500, ctx).message).toContain('HTTP 500');
  });
});
