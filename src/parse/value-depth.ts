// How deeply an already-parsed value nests: for values that did not come through parseJson() (a
// YAML document after its aliases are expanded, a body handed to a check by a test or a caller).
// Walked without recursion, and it stops once past `stopAt`, so neither depth nor a cycle can
// overflow the stack or loop.

/** Nesting depth of a parsed value (a scalar is 0, `{}` or `[]` is 1), or the first depth past `stopAt`. */
export function valueDepth(value: unknown, stopAt: number): number {
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
