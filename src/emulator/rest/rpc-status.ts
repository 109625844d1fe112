// google.rpc.Status error bodies, the shape every Google REST API answers errors with. The SDK turns
// a JSON error body into ApiError{status, message: JSON text} only when Content-Type is JSON.

export const RPC_ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';
export const RPC_BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';
export const RPC_LOCALIZED = 'type.googleapis.com/google.rpc.LocalizedMessage';
export const RPC_RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';

const CANONICAL = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
} as const;
export type RpcHttpStatus = keyof typeof CANONICAL;

/** Thrown by request handling; the router turns it into a JSON reply. */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly httpStatus: RpcHttpStatus,
    message: string,
    readonly details: readonly unknown[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  toBody(): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = {
      code: this.httpStatus,
      message: this.message,
      status: CANONICAL[this.httpStatus],
    };
    if (this.details.length > 0) error.details = this.details;
    return { error };
  }
}

/** 400 with a google.rpc.BadRequest naming the offending field (the generic Google pattern). */
export function invalidField(field: string, message: string): RpcError {
  return new RpcError(400, message, [{ '@type': RPC_BAD_REQUEST, fieldViolations: [{ field, description: message }] }]);
}

/**
 * Google's proto-JSON parser rejects unknown names in one 400: one message line and one field
 * violation per name, each violation's `field` being the message that lacks the name (the `at`).
 */
export function unknownFields(names: readonly string[], at?: string): RpcError {
  const where = at ? ` at '${at}'` : '';
  const lines = names.map(
    (name) => `Invalid JSON payload received. Unknown name "${name}"${where}: Cannot find field.`,
  );
  const violations = lines.map((description) => (at ? { field: at, description } : { description }));
  return new RpcError(400, lines.join('\n'), [{ '@type': RPC_BAD_REQUEST, fieldViolations: violations }]);
}

export function unknownField(name: string, at?: string): RpcError {
  return unknownFields([name], at);
}

export function invalidArgument(message: string): RpcError {
  return new RpcError(400, message);
}

export const UNREGISTERED_CALLER =
  "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";
export const API_KEY_INVALID = 'API key not valid. Please pass a valid API key.';

export function missingCredential(): RpcError {
  return new RpcError(403, UNREGISTERED_CALLER, [
    {
      '@type': RPC_ERROR_INFO,
      reason: 'CONSUMER_INVALID',
      domain: 'googleapis.com',
      metadata: { service: 'generativelanguage.googleapis.com' },
    },
  ]);
}

export function apiKeyInvalid(): RpcError {
  return new RpcError(400, API_KEY_INVALID, [
    {
      '@type': RPC_ERROR_INFO,
      reason: 'API_KEY_INVALID',
      domain: 'googleapis.com',
      metadata: { service: 'generativelanguage.googleapis.com' },
    },
    { '@type': RPC_LOCALIZED, locale: 'en-US', message: API_KEY_INVALID },
  ]);
}
