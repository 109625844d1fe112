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

/** Nesting depth of parsed JSON, walked without recursion (so depth itself cannot overflow the stack). */
export function jsonDepth(value: unknown, stopAt: number): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [node, depth] = item;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > stopAt) return deepest;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}
