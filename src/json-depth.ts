// How deeply parsed JSON nests, for the depth limits on both sides (mint's --config, the emulator's
// request bodies): a generic measure, not protocol code, so the emulator may share it
// (test/unit/emulator/fence.test.ts lists it).

/** Nesting depth of parsed JSON, walked without recursion so that depth itself cannot overflow the stack. */
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
