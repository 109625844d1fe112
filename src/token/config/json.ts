// JSON value types shared by the token modules.

export type Json = string | number | boolean | null | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deepest nesting accepted in `--config` and `--tools` (a tool schema is part of the config): the
 * checks and the SDK walk them recursively. gemtoken's own bound, not the service's; no real config is near.
 */
export const MAX_CONFIG_DEPTH = 64;
