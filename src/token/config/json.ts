// JSON value types shared by the token modules.

export type Json = string | number | boolean | null | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deepest `--config` nesting accepted: the checks walk the config recursively (no real one is near). */
export const MAX_CONFIG_DEPTH = 64;

export { jsonDepth } from '../../json-depth.js';
