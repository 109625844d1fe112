// The SDK's processJsonSchema (JSON Schema → Gemini Schema) for functionDeclarations parameters and
// responses, so `--config` tools produce the same wire body as `ai.authTokens.create`.

import { UsageError } from '../../errors.js';
import { isJsonObject, type Json, type JsonObject } from './json.js';

const TYPES = new Set(['TYPE_UNSPECIFIED', 'STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ARRAY', 'OBJECT', 'NULL']);

function geminiType(name: Json): string {
  const upper = String(name).toUpperCase();
  return TYPES.has(upper) ? upper : 'TYPE_UNSPECIFIED';
}

export function toGeminiSchema(input: JsonObject): JsonObject {
  const out: JsonObject = {};
  let schema = input;
  if (schema.type && schema.anyOf) throw new UsageError('a tool schema sets both type and anyOf');
  const anyOf = schema.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const [a, b] = anyOf as [JsonObject, JsonObject];
    if (a?.type === 'null') [out.nullable, schema] = [true, b];
    else if (b?.type === 'null') [out.nullable, schema] = [true, a];
  }
  if (Array.isArray(schema.type)) flattenTypes(schema.type, out);
  for (const [name, value] of Object.entries(schema)) {
    if (value == null) continue;
    if (name === 'type') {
      if (value === 'null') throw new UsageError('a tool schema field has type null only');
      if (!Array.isArray(value)) out.type = geminiType(value);
    } else if (name === 'items') {
      out.items = isJsonObject(value) ? toGeminiSchema(value) : value;
    } else if (name === 'anyOf' && Array.isArray(value)) {
      const list: Json[] = [];
      for (const item of value) {
        if (isJsonObject(item) && item.type === 'null') out.nullable = true;
        else list.push(isJsonObject(item) ? toGeminiSchema(item) : item);
      }
      out.anyOf = list;
    } else if (name === 'properties' && isJsonObject(value)) {
      const props: JsonObject = {};
      for (const [key, sub] of Object.entries(value)) props[key] = isJsonObject(sub) ? toGeminiSchema(sub) : sub;
      out.properties = props;
    } else if (name !== 'additionalProperties') {
      out[name] = value;
    }
  }
  return out;
}

function flattenTypes(types: Json[], out: JsonObject): void {
  if (types.includes('null')) out.nullable = true;
  const rest = types.filter((t) => t !== 'null');
  if (rest.length === 1) out.type = geminiType(rest[0]!);
  else out.anyOf = rest.map((t) => ({ type: geminiType(t) }));
}
