import { describe, expect, it } from 'vitest';
import { mapHttpError, parseRpcStatus } from '../../../src/token/client/error-mapping.js';
import { ExitCode } from '../../../src/errors.js';

const rpc = (code: number, status: string, message: string, reason?: string): string =>
  JSON.stringify({
    error: {
      code,
      message,
      status,
      details: reason
        ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' }]
        : [],
    },
  });

const KEY_HINT = 'check the API key; create one at https://aistudio.google.com/apikey';
const FLAGS_HINT = 'check the flags; --dry-run prints the request without sending it';
const LATER_HINT = 'try again later; --retries and --timeout control the retries';

describe('mapHttpError', () => {
  it.each<[string, number, string, number, string, string]>([
    [
      'bad key (400 API_KEY_INVALID)',
      400,
      rpc(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', 'API_KEY_INVALID'),
      ExitCode.auth,
      'API key rejected (HTTP 400 INVALID_ARGUMENT): API key not valid. Please pass a valid API key.',
      KEY_HINT,
    ],
    [
      'bad key by message only',
      400,
      rpc(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.'),
      ExitCode.auth,
      'API key rejected (HTTP 400 INVALID_ARGUMENT): API key not valid. Please pass a valid API key.',
      KEY_HINT,
    ],
    [
      '401 unauthenticated',
      401,
      rpc(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'),
      ExitCode.auth,
      'API key rejected (HTTP 401 UNAUTHENTICATED): Request had invalid authentication credentials.',
      KEY_HINT,
    ],
    [
      '403 no credential',
      403,
      rpc(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers"),
      ExitCode.auth,
      "API key rejected (HTTP 403 PERMISSION_DENIED): Method doesn't allow unregistered callers",
      KEY_HINT,
    ],
    [
      '400 bad field mask',
      400,
      rpc(400, 'INVALID_ARGUMENT', 'field_mask is invalid for BidiGenerateContentSetup'),
      ExitCode.rejected,
      'request rejected (HTTP 400 INVALID_ARGUMENT): field_mask is invalid for BidiGenerateContentSetup',
      FLAGS_HINT,
    ],
    [
      '404 not found',
      404,
      rpc(404, 'NOT_FOUND', 'models/x is not found'),
      ExitCode.rejected,
      'request rejected (HTTP 404 NOT_FOUND): models/x is not found',
      FLAGS_HINT,
    ],
    [
      '429 quota',
      429,
      rpc(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded'),
      ExitCode.rejected,
      'rate limited or out of quota (HTTP 429 RESOURCE_EXHAUSTED): Quota exceeded',
      'wait and try again, or raise --retries',
    ],
    [
      '500 internal',
      500,
      rpc(500, 'INTERNAL', 'Internal error encountered.'),
      ExitCode.network,
      'service unavailable (HTTP 500 INTERNAL): Internal error encountered.',
      LATER_HINT,
    ],
    [
      '503 unavailable, non-JSON body',
      503,
      '<html>busy</html>',
      ExitCode.network,
      'service unavailable (HTTP 503): <html>busy</html>',
      LATER_HINT,
    ],
    ['empty body', 502, '', ExitCode.network, 'service unavailable (HTTP 502): HTTP 502', LATER_HINT],
    [
      'HTTP 700 (no such status)',
      700,
      rpc(700, 'X', 'x'),
      ExitCode.network,
      'unexpected reply from the server: HTTP status 700, which is not a valid final status',
      'check --base-url: it must point at the Gemini API or the emulator',
    ],
    [
      'unparsable status line',
      0,
      '',
      ExitCode.network,
      'unexpected reply from the server: a status line that is not HTTP',
      'check --base-url: it must point at the Gemini API or the emulator',
    ],
    [
      'escapes in the server message',
      400,
      rpc(400, 'INVALID_ARGUMENT', 'bad \u001b]0;pwned\u0007\u001b[2Jfield'),
      ExitCode.rejected,
      'request rejected (HTTP 400 INVALID_ARGUMENT): bad field',
      FLAGS_HINT,
    ],
  ])('%s', (_name, status, text, exitCode, message, hint) => {
    const error = mapHttpError(status, text, { attempts: 1 });
    expect(error.exitCode).toBe(exitCode);
    expect(error.message).toBe(message);
    expect(error.hint).toBe(hint);
  });

  it('says how many attempts were made and names the key source', () => {
    expect(mapHttpError(503, '', { attempts: 3 }).message).toBe(
      'service unavailable (HTTP 503) after 3 attempts: HTTP 503',
    );
    expect(mapHttpError(401, '', { attempts: 1, keySource: 'GEMINI_API_KEY' }).hint).toBe(
      'check the API key from GEMINI_API_KEY; create one at https://aistudio.google.com/apikey',
    );
  });

  it('bounds a huge server message to one short line', () => {
    const error = mapHttpError(400, rpc(400, 'INVALID_ARGUMENT', 'x\n'.repeat(1000)), { attempts: 1 });
    expect(error.message).toBe(`request rejected (HTTP 400 INVALID_ARGUMENT): ${'x '.repeat(148)}x...`);
  });
});

describe('parseRpcStatus', () => {
  it('tolerates anything', () => {
    expect(parseRpcStatus('not json')).toEqual({ reasons: [] });
    expect(parseRpcStatus('null')).toEqual({ reasons: [] });
    expect(parseRpcStatus('{"error":"x"}')).toEqual({ reasons: [] });
    expect(parseRpcStatus(rpc(400, 'INVALID_ARGUMENT', 'm', 'API_KEY_INVALID')).reasons).toEqual(['API_KEY_INVALID']);
  });
});
