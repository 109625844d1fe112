// Every cassette line is checked whole when it is read (cassette-lines.ts: --replay, --record's
// append and --export-scenario alike), so a hand-edited line is exit 2 naming file:line before
// anything listens, never a throw from ws.close() or res.writeHead() when play reaches it. Reasons
// name the field and the rule, never a string's content (a cassette can hold what a stranger sent).

import { EMULATOR_DEFAULTS } from '../defaults.js';
import { isObject } from '../json.js';

const KINDS = ['open', 'rest-request', 'rest-response', 'frame', 'close', 'refused'];
/** RFC 7230 token: a header name or a method. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What Node writes in a header value: tab, printable ASCII and Latin-1, so no CR, LF or NUL. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers that frame the message: the player sets them itself, a recorded one would misframe the answer. */
const FRAMING = /^(content-length|transfer-encoding|connection)$/i;
const MAX_REASON_BYTES = 123;

/**
 * Close codes a cassette line may hold: those RFC 6455 lets an endpoint send (1000–1003,
 * 1007–1014, 3000–4999), and the two the recorder writes for a close without a code (1005) and a
 * connection that dropped (1006), which the replayer plays as such. Never 1004, 1015, <1000, ≥5000.
 */
export function isCassetteCloseCode(code: unknown): boolean {
  if (typeof code !== 'number' || !Number.isInteger(code)) return false;
  return (code >= 1000 && code <= 1014 && code !== 1004) || (code >= 3000 && code <= 4999);
}

const isString = (value: unknown): value is string => typeof value === 'string';

function checkHeaders(headers: unknown, answer: boolean): string | undefined {
  if (headers === undefined) return undefined;
  if (!isObject(headers)) return '"headers" must be an object';
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) return 'a header name in "headers" is not an HTTP token';
    if (!isString(value) || !HEADER_VALUE.test(value))
      return 'a header value in "headers" is not a string without CR, LF or NUL';
    if (answer && FRAMING.test(name))
      return 'a played answer may not carry content-length, transfer-encoding or connection';
  }
  return undefined;
}

function checkStatus(status: unknown, from: number, required: boolean): string | undefined {
  if (status === undefined && !required) return undefined;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < from || status > 599)
    return `"status" must be an HTTP status from ${from} to 599`;
  return undefined;
}

/** audioBytes and frameBytes in a recording made without media: sizes (the player allocates audio's as silence), bounded like a frame. */
function checkAudioSizes(json: unknown): string | undefined {
  const pending: unknown[] = [json];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (typeof node !== 'object' || node === null) continue;
    for (const field of ['audioBytes', 'frameBytes'])
      if (!Array.isArray(node) && field in node) {
        const size = (node as Record<string, unknown>)[field];
        if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > EMULATOR_DEFAULTS.maxFrameBytes) {
          return `"${field}" must be a whole number of bytes from 0 to ${EMULATOR_DEFAULTS.maxFrameBytes}`;
        }
      }
    for (const child of Object.values(node)) pending.push(child);
  }
  return undefined;
}

function checkFrame(line: Record<string, unknown>): string | undefined {
  const payloads = ['json', 'text', 'base64'].filter((field) => field in line);
  if (payloads.length !== 1) return 'a frame must have exactly one of "json", "text" or "base64"';
  if ('text' in line && !isString(line['text'])) return '"text" must be a string';
  if ('base64' in line && !(isString(line['base64']) && /^[A-Za-z0-9+/]*={0,2}$/.test(line['base64'])))
    return '"base64" must be a base64 string';
  if (line['binary'] !== undefined && typeof line['binary'] !== 'boolean') return '"binary" must be true or false';
  if (line['indented'] !== undefined && (line['indented'] !== true || !('json' in line)))
    return '"indented" is only true, beside "json"';
  return checkAudioSizes(line['json']);
}

function checkClose(line: Record<string, unknown>): string | undefined {
  if (line['code'] !== undefined && !isCassetteCloseCode(line['code'])) {
    return '"code" must be a close code a WebSocket may carry (1000–1003, 1007–1014, 3000–4999; 1005 none, 1006 dropped)';
  }
  const reason = line['reason'];
  if (reason !== undefined && !isString(reason)) return '"reason" must be a string';
  if (isString(reason) && Buffer.byteLength(reason) > MAX_REASON_BYTES)
    return `"reason" is longer than the ${MAX_REASON_BYTES} bytes a close frame holds`;
  return undefined;
}

function checkKind(line: Record<string, unknown>): string | undefined {
  switch (line['kind']) {
    case 'rest-request':
      if (line['method'] !== undefined && !(isString(line['method']) && TOKEN.test(line['method'])))
        return '"method" must be an HTTP method';
      return undefined;
    case 'rest-response':
      return checkStatus(line['status'], 100, false) ?? checkHeaders(line['headers'], true);
    case 'refused':
      return checkStatus(line['status'], 300, true) ?? checkHeaders(line['headers'], true);
    case 'frame':
      return checkFrame(line);
    case 'close':
      return checkClose(line);
    default:
      return undefined;
  }
}

/** Why `value` is not a cassette line the player can use, or undefined when it is one. Pure. */
export function cassetteLineProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not a JSON object';
  if (typeof value['t'] !== 'number' || !Number.isFinite(value['t']) || !isString(value['kind']))
    return 'no "t" or "kind"';
  if (!KINDS.includes(value['kind'])) return `"kind" must be one of ${KINDS.join(', ')}`;
  if (value['dir'] !== 'client' && value['dir'] !== 'server') return '"dir" must be "client" or "server"';
  if (value['path'] !== undefined && !isString(value['path'])) return '"path" must be a string';
  if (value['id'] !== undefined && !isString(value['id']) && typeof value['id'] !== 'number')
    return '"id" must be a number or a string';
  if (value['text'] !== undefined && !isString(value['text'])) return '"text" must be a string';
  return checkHeaders(value['headers'], false) ?? checkKind(value);
}
