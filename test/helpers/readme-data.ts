// The README's data blocks, read just far enough to check them against the real program: the shape of
// a JSON example, and the steps of a GitHub Actions YAML snippet (no YAML library: the snippet is a
// flat list of steps with `id`, `run` and an `env` map, which is all the README shows).

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/**
 * Where `real` differs in shape from the README's `example`: keys (set and order), value types,
 * and for strings: an ISO time stays an ISO time, `prefix…` keeps its prefix, anything else is equal.
 */
export function shapeMismatches(example: unknown, real: unknown, at = '$'): string[] {
  const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(example) !== kind(real))
    return [`${at}: README has ${kind(example)}, mint printed ${kind(real)} (${JSON.stringify(real)})`];
  if (Array.isArray(example)) {
    const items = real as unknown[];
    return example.length > 0 && items.length > 0 ? shapeMismatches(example[0], items[0], `${at}[0]`) : [];
  }
  if (kind(example) === 'object') {
    const [a, b] = [example as Record<string, unknown>, real as Record<string, unknown>];
    const keys = [Object.keys(a), Object.keys(b)];
    if (keys[0]!.join() !== keys[1]!.join())
      return [`${at}: README keys ${keys[0]!.join(',')} but mint printed ${keys[1]!.join(',')}`];
    return keys[0]!.flatMap((key) => shapeMismatches(a[key], b[key], `${at}.${key}`));
  }
  if (typeof example !== 'string') return [];
  const value = real as string;
  if (ISO_TIME.test(example))
    return ISO_TIME.test(value) ? [] : [`${at}: README shows an ISO time, mint printed ${value}`];
  const ellipsis = example.indexOf('…');
  if (ellipsis >= 0)
    return value.startsWith(example.slice(0, ellipsis)) && value.length > ellipsis
      ? []
      : [`${at}: README shows ${example}, mint printed ${value}`];
  return example === value ? [] : [`${at}: README shows ${example}, mint printed ${value}`];
}

export interface ActionsStep {
  readonly id?: string;
  readonly run?: string;
  readonly env: Record<string, string>;
}

export function actionsSteps(yaml: string): ActionsStep[] {
  return yaml
    .split(/^- /m)
    .filter((step) => step.trim() !== '')
    .map((step) => {
      const field = (name: string): string | undefined =>
        new RegExp(`^\\s*${name}:[ \\t]*(\\S.*)$`, 'm').exec(step)?.[1]?.trim();
      const envBlock = /^\s*env:\s*\n((?:[ \t]{4,}\S.*\n?)*)/m.exec(step)?.[1] ?? '';
      const env = Object.fromEntries(
        [...envBlock.matchAll(/^\s+([A-Za-z_][A-Za-z0-9_]*):\s*(.+)$/gm)].map((m) => [m[1]!, m[2]!.trim()]),
      );
      return { id: field('id'), run: field('run'), env };
    });
}

/** Every `${{ steps.ID.outputs.NAME }}` the snippet reads. */
export function stepOutputReferences(yaml: string): { id: string; name: string }[] {
  return [...yaml.matchAll(/\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g)].map((m) => ({
    id: m[1]!,
    name: m[2]!,
  }));
}
