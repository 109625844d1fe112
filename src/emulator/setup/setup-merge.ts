// Effective setup = merge(client setup, token's locked setup, field mask) — AuthToken.fieldMask,
// https://ai.google.dev/api/live: no token setup → the client's; token setup without mask → the token's whole
// (client ignored, silently); with a mask → each masked path of the token overwrites the same path of the client
// (a leaf path replaces only that leaf; a path the token lacks is cleared, per FieldMask rules).

import { getPath, isObject, type JsonObject } from '../json.js';

function clone(value: unknown): unknown {
  return value === undefined ? undefined : structuredClone(value);
}

function setPath(root: JsonObject, parts: readonly string[], value: unknown): void {
  let node = root;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (!isObject(next)) {
      if (value === undefined) return;
      node[part] = {};
    }
    node = node[part] as JsonObject;
  }
  const last = parts[parts.length - 1];
  if (last === undefined) return;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

export function mergeSetup(
  client: Readonly<JsonObject>,
  tokenSetup: Readonly<JsonObject> | undefined,
  fieldMask: readonly string[],
): JsonObject {
  if (!tokenSetup) return clone(client) as JsonObject;
  if (fieldMask.length === 0) return clone(tokenSetup) as JsonObject;
  const merged = clone(client) as JsonObject;
  for (const path of fieldMask) {
    const parts = path.split('.').filter((p) => p !== '');
    if (parts.length > 0) setPath(merged, parts, clone(getPath(tokenSetup, parts)));
  }
  return merged;
}

/**
 * The resumption handle is the client's to give even under a full lock: the docs lock
 * `sessionResumption: {}` and still say sessions resume with that token.
 */
export function resumptionHandle(client: Readonly<JsonObject>): string | undefined {
  const resumption = client.sessionResumption;
  const handle = isObject(resumption) ? resumption.handle : undefined;
  return typeof handle === 'string' && handle !== '' ? handle : undefined;
}
