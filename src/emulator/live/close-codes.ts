// Close codes and reason strings the Live half sends. Reasons copy what the real
// server was seen to send where that is known, so clients matching on substrings behave the same.

export interface CloseSpec {
  readonly code: number;
  readonly reason: string;
}

export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  invalidPayload: 1007,
  policy: 1008,
  tooBig: 1009,
  internal: 1011,
} as const;

export const Reason = {
  invalidArgument: 'Request contains an invalid argument.',
  badApiKey: 'API key not valid. Please pass a valid API key.',
  unregistered:
    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  // Not observed on the real server (an unknown token there is UNCONFIRMED); our own wording.
  unknownToken: 'Ephemeral token is not valid: it is unknown, malformed or already expired.',
  usesExhausted: 'Token has been used too many times',
  newSessionExpired: 'new_session_expire_time deadline exceeded',
  // Mid-session expiry is UNCONFIRMED upstream; this mirrors the new_session wording.
  tokenExpired: 'Token expired: expire_time deadline exceeded',
  badHandle: 'Session resumption handle is invalid or has expired.',
  internal: 'Internal error encountered.',
  // The documented world's lifetime close (1008, our wording); the observed one is `deadline` (quirk
  // `lifetime-deadline-1011`).
  lifetime: 'Connection lifetime reached (GoAway).',
  deadline: 'Deadline expired before operation could complete.',
  shutdown: 'The emulator is shutting down.',
  // POST /emulator/reset and reset(): the emulator's and the replayer's open sessions alike.
  reset: 'The emulator was reset.',
  notJson: 'Invalid JSON payload received. Unexpected token.',
  // A frame nested deeper than parse/json.ts's bound (gemtoken's own; the service's limit and words are UNCONFIRMED).
  tooDeep: 'Invalid JSON payload received. The message is nested too deeply.',
  // Native-audio models asked for TEXT (https://github.com/livekit/livekit/issues/4103).
  nonAudioRequest: 'Cannot extract voices from a non-audio request.',
  activityWithAutoVad:
    'Explicit activity control (activityStart/activityEnd) is only allowed when automatic activity detection is disabled.',
} as const;

export function unknownFieldReason(name: string, at: string): string {
  return `Invalid JSON payload received. Unknown name "${name}" at '${at}': Cannot find field.`;
}

/** gemini-3.1-flash-live-preview refusing TEXT (one third-party report, docs/emulator.md). */
export function modalitiesUnsupportedReason(modalities: readonly string[]): string {
  return `The requested combination of response modalities (${modalities.join(', ')}) is not supported by the model`;
}

export function unknownModelReason(model: string, apiVersion: string): string {
  return `${model} is not found for API version ${apiVersion}, or is not supported for bidiGenerateContent. Call ListModels`;
}

/** RFC 6455 caps a close reason at 123 bytes (ws throws above it); long Google reasons get cut. */
export function fitReason(reason: string): string {
  const bytes = Buffer.from(reason, 'utf8');
  if (bytes.length <= 123) return reason;
  let end = 123;
  // Step back over UTF-8 continuation bytes so the cut never splits a character.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** The close ws has already sent for a socket-level error: 1009 oversize, 1007 bad UTF-8, else 1002 protocol. */
export function socketErrorCloseCode(errorCode: string | undefined): number {
  if (errorCode === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return CloseCode.tooBig;
  if (errorCode === 'WS_ERR_INVALID_UTF8') return CloseCode.invalidPayload;
  return 1002;
}
