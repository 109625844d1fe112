// `tools` → wire tools, as the SDK's tTools + tTool + toolToMldev do for the Gemini Developer API:
// unknown tool keys are dropped, Enterprise-only ones are refused (the SDK throws on them too).

import { UsageError } from '../../errors.js';
import { isJsonObject, type Json, type JsonObject } from './json.js';
import { toGeminiSchema } from './json-schema.js';

const ENTERPRISE_ONLY = ['retrieval', 'enterpriseWebSearch', 'exaAiSearch', 'parallelAiSearch'] as const;
const TOOL_KEYS = [
  'googleMaps',
  'mcpServers',
  'codeExecution',
  'computerUse',
  'functionDeclarations',
  'googleSearch',
  'googleSearchRetrieval',
  'urlContext',
  'fileSearch',
] as const;

export function toWireTools(tools: Json): Json[] {
  if (!Array.isArray(tools)) throw new UsageError('tools must be an array of tools');
  return tools.map((tool) => {
    if (!isJsonObject(tool)) throw new UsageError('each entry of tools must be an object');
    return toWireTool(tool);
  });
}

function toWireTool(tool: JsonObject): JsonObject {
  refuse(tool, ENTERPRISE_ONLY, 'tools');
  const out: JsonObject = {};
  for (const key of TOOL_KEYS) {
    const value = tool[key];
    if (value == null) continue;
    if (key === 'functionDeclarations' && Array.isArray(value)) out[key] = value.map(declaration);
    else if (key === 'googleMaps' && isJsonObject(value)) out[key] = googleMaps(value);
    else if (key === 'googleSearch' && isJsonObject(value)) out[key] = googleSearch(value);
    else out[key] = value;
  }
  return out;
}

function declaration(value: Json): Json {
  if (!isJsonObject(value)) return value;
  const out: JsonObject = { ...value };
  for (const [field, jsonField] of [
    ['parameters', 'parametersJsonSchema'],
    ['response', 'responseJsonSchema'],
  ] as const) {
    const schema = out[field];
    if (!schema || !isJsonObject(schema)) continue;
    if (!Object.keys(schema).includes('$schema')) out[field] = toGeminiSchema(schema);
    else if (!out[jsonField]) {
      // A real JSON Schema ($schema set) goes to the API's JSON-schema field untouched.
      out[jsonField] = schema;
      delete out[field];
    }
  }
  return out;
}

function googleMaps(value: JsonObject): JsonObject {
  refuse(value, ['groundingTypes'], 'googleMaps');
  const out: JsonObject = {};
  if (value.authConfig != null && isJsonObject(value.authConfig)) {
    const auth = value.authConfig;
    refuse(
      auth,
      ['apiKeyConfig', 'authType', 'googleServiceAccountConfig', 'httpBasicAuthConfig', 'oauthConfig', 'oidcConfig'],
      'authConfig',
    );
    out.authConfig = auth.apiKey != null ? { apiKey: auth.apiKey } : {};
  }
  if (value.enableWidget != null) out.enableWidget = value.enableWidget;
  return out;
}

function googleSearch(value: JsonObject): JsonObject {
  refuse(value, ['blockingConfidence', 'excludeDomains'], 'googleSearch');
  const out: JsonObject = {};
  if (value.searchTypes != null) out.searchTypes = value.searchTypes;
  if (value.timeRangeFilter != null) out.timeRangeFilter = value.timeRangeFilter;
  return out;
}

function refuse(value: JsonObject, keys: readonly string[], where: string): void {
  for (const key of keys) {
    if (value[key] !== undefined) {
      throw new UsageError(`${where}.${key} is only supported by Vertex AI, not by the Gemini Developer API`);
    }
  }
}
