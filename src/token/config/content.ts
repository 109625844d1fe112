// systemInstruction → wire Content, as the SDK's tContent + contentToMldev do:
// a string becomes {"parts":[{"text":…}],"role":"user"}; a Content passes with known part keys only.

import { UsageError } from '../../errors.js';
import { isJsonObject, type Json, type JsonObject } from './json.js';

/** The keys of a Part the SDK passes on (config-schema.ts checks a Content's parts against them too). */
export const PART_KEYS = [
  'mediaResolution',
  'toolCall',
  'toolResponse',
  'audioTranscription',
  'codeExecutionResult',
  'executableCode',
  'fileData',
  'functionCall',
  'functionResponse',
  'inlineData',
  'text',
  'thought',
  'thoughtSignature',
  'videoMetadata',
  'partMetadata',
  'mediaProcessing',
  'speechMetadata',
] as const;

export function toWireContent(value: Json): JsonObject {
  const content = isContent(value) ? value : { role: 'user', parts: toParts(value) };
  const out: JsonObject = {};
  if (content.parts != null) out.parts = Array.isArray(content.parts) ? content.parts.map(toWirePart) : content.parts;
  if (content.role != null) out.role = content.role;
  return out;
}

function isContent(value: Json): value is JsonObject & { parts: Json[] } {
  return isJsonObject(value) && Array.isArray(value.parts);
}

function toParts(value: Json): Json[] {
  if (value === null || (Array.isArray(value) && value.length === 0)) {
    throw new UsageError('systemInstruction must not be empty');
  }
  return Array.isArray(value) ? value.map(toPart) : [toPart(value)];
}

function toPart(value: Json): Json {
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'object' && value !== null) return value;
  throw new UsageError(`systemInstruction parts must be strings or objects (got ${typeof value})`);
}

function toWirePart(part: Json): JsonObject {
  const out: JsonObject = {};
  if (!isJsonObject(part)) return out;
  for (const key of PART_KEYS) {
    const value = part[key];
    if (value == null) continue;
    out[key] = key === 'functionCall' && isJsonObject(value) ? toWireFunctionCall(value) : value;
  }
  return out;
}

function toWireFunctionCall(call: JsonObject): JsonObject {
  for (const key of ['partialArgs', 'willContinue']) {
    if (call[key] !== undefined)
      throw new UsageError(`functionCall.${key} is not supported by the Gemini Developer API`);
  }
  const out: JsonObject = {};
  for (const key of ['args', 'id', 'name']) if (call[key] != null) out[key] = call[key]!;
  return out;
}
