// The SDK's setValueByPath (object paths only), reproduced because the differential test holds us to
// its exact results: an existing key is kept when the new value is falsy or `{}`, objects merge with
// Object.assign, and any other overwrite is a conflict. The SDK throws on that conflict (e.g.
// `generationConfig.temperature` and a flat `temperature` that differ); we turn it into a usage error.

import { UsageError } from '../../errors.js';
import { isJsonObject, type Json, type JsonObject } from './json.js';

export function setPath(target: JsonObject, keys: readonly string[], value: Json): void {
  let data = target;
  for (const key of keys.slice(0, -1)) {
    const next = data[key];
    if (!isJsonObject(next)) data[key] = {};
    data = data[key] as JsonObject;
  }
  const last = keys[keys.length - 1]!;
  const existing = data[last];
  if (existing === undefined) {
    data[last] = value;
    return;
  }
  if (!value || (typeof value === 'object' && Object.keys(value).length === 0)) return;
  if (value === existing) return;
  if (typeof existing === 'object' && existing !== null && typeof value === 'object') {
    Object.assign(existing, value);
    return;
  }
  throw new UsageError(
    `--config sets ${keys.slice(1).join('.')} twice with different values`,
    'put it in one place only (the flat key, not generationConfig)',
  );
}
