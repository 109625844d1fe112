import { describe, expect, it } from 'vitest';
import { mapHttpError, parseRpcStatus } from '../../../src/token/client/error-mapping.js';
import { ExitCode } from '../../../src/errors.js';

const rpc = (code: number, status: string, message: string, reason?: string): string =>
  JSON.stringify({
    error: {
      code,
      message,
      status,
      details: reason ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' }] : [],
    },
  });

describe('mapHttpError', () => {
  it.each<[string, number, string, number, RegExp]>([
    ['bad key (400 API_KEY_INVALID)', 400, rpc(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', 'API_KEY_INVALID'), ExitCode.auth, /API key rejected \(HTTP 400 INVALID_ARGUMENT\): API key not valid/],
    ['bad key by message only', 400, rpc(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.'), ExitCode.auth, /API key rejected/],
    ['401 unauthenticated', 401, rpc(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'), ExitCode.auth, /HTTP 401 UNAUTHENTICATED/],
    ['403 no credential', 403, rpc(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers"), ExitCode.auth, /unregistered callers/],
    ['400 bad field mask', 400, rpc(400, 'INVALID_ARGUMENT', 'field_mask is invalid for BidiGenerateContentSetup'), ExitCode.rejected, /request rejected \(HTTP 400 INVALID_ARGUMENT\): field_mask is invalid/],
    ['404 not found', 404, rpc(404, 'NOT_FOUND', 'models/x is not found'), ExitCode.rejected, /HTTP 404 NOT_FOUND/],
    ['429 quota', 429, rpc(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded'), ExitCode.rejected, /rate limited or out of quota/],
    ['500 internal', 500, rpc(500, 'INTERNAL', 'Internal error encountered.'), ExitCode.network, /service unavailable \(HTTP 500 INTERNAL\)/],
    ['503 unavailable, non-JSON body', 503, '<html>busy</html>', ExitCode.network, /HTTP 503\): <html>busy<\/html>/],
    ['empty body', 502, '', ExitCode.network, /HTTP 502\): HTTP 502/],
  ])('%s', (_name, status, text, exitCode, message) => {
    const error = mapHttpError(status, text, { attempts: 1 });
    expect(error.exitCode).toBe(exitCode);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
    expect(error.hint).toBeTruthy();
  });

  it('says how many attempts were made and names the key source', () => {
    expect(mapHttpError(503, '', { attempts: 3 }).message).toMatch(/after 3 attempts/);
    expect(mapHttpError(401, '', { attempts: 1, keySource: 'GEMINI_API_KEY' }).hint).toMatch(/from GEMINI_API_KEY/);
  });

  it('bounds a huge server message to one short line', () => {
    const error = mapHttpError(400, rpc(400, 'INVALID_ARGUMENT', 'x\n'.repeat(1000)), { attempts: 1 });
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).not.toContain('\n');
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
