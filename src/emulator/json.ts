// Parsed JSON as the emulator's request and message checks walk it: REST bodies, locked setups and
// Live client messages alike.

export type JsonObject = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `parts` below `root`, or undefined where any step is not an object. */
export function getPath(root: unknown, parts: readonly string[]): unknown {
  let node: unknown = root;
  for (const part of parts) node = isObject(node) ? node[part] : undefined;
  return node;
}
