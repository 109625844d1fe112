// Arbitrary mixes of every way YAML nests, rendered as text together with the value they mean and
// their depth: block sequences (compact `- - -` on one line), block maps (a sequence value at the
// key's own indentation or deeper), explicit keys `? k` / `: v`, flow sequences, flow maps, flow
// pairs `[k: v]`, an alias to a deep anchor at the bottom, siblings before and after each level (a
// sibling after a deep level is a line back at a lower indentation, which closes many levels at
// once), and document markers or a second document. JSON mode renders only `[` and `{"k":`.
// Rendered and built without recursion: the point is depths up to 20,000.

import fc from 'fast-check';

export type Form = 'seq' | 'map' | 'explicit' | 'fseq' | 'fmap' | 'fpair';
const BLOCK = new Set<Form>(['seq', 'map', 'explicit']);
/** Past this column no more lines are broken: text stays linear in the depth. */
const WIDE = 300;

export interface NestingPlan {
  readonly depth: number;
  readonly blockForms: readonly Form[];
  readonly flowForms: readonly Form[];
  /** Levels rendered in block style before the rest in flow style. */
  readonly blockLevels: number;
  /** Per level, cyclically: [sibling before, sibling after]. */
  readonly siblings: ReadonlyArray<readonly [boolean, boolean]>;
  readonly alias: boolean;
  readonly documents: 'one' | 'markers' | 'second-after' | 'second-before';
}

export const nestingPlan = (maxDepth: number): fc.Arbitrary<NestingPlan> =>
  fc.record({
    depth: fc.integer({ min: 1, max: maxDepth }),
    blockForms: fc.array(fc.constantFrom<Form>('seq', 'map', 'explicit'), { minLength: 1, maxLength: 6 }),
    flowForms: fc.array(fc.constantFrom<Form>('fseq', 'fmap', 'fpair'), { minLength: 1, maxLength: 4 }),
    blockLevels: fc.oneof(fc.nat({ max: 40 }), fc.nat({ max: maxDepth })),
    siblings: fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 5 }),
    alias: fc.boolean(),
    documents: fc.constantFrom('one', 'markers', 'second-after', 'second-before'),
  });

export interface Rendered {
  readonly text: string;
  readonly value: unknown;
  readonly depth: number;
  /** The depth before aliases are expanded (the anchored [[x]] counts once, where it is written). */
  readonly written: number;
  readonly documents: number;
}

const sp = (n: number): string => ' '.repeat(n);

/** The levels, outer first, each collection counted (a flow pair is two); exactly `plan.depth` deep. */
function levels(plan: NestingPlan, json: boolean, leafDepth: number): Form[] {
  const out: Form[] = [];
  let depth = leafDepth;
  for (let i = 0; depth < plan.depth; i += 1) {
    const block = !json && i < plan.blockLevels;
    let form = block
      ? plan.blockForms[i % plan.blockForms.length]!
      : json
        ? i % 2 === 0
          ? 'fseq'
          : 'fmap'
        : plan.flowForms[i % plan.flowForms.length]!;
    if (form === 'fpair' && depth + 2 > plan.depth) form = 'fseq';
    out.push(form);
    depth += form === 'fpair' ? 2 : 1;
  }
  return out;
}

interface Level {
  readonly form: Form;
  readonly before: boolean;
  readonly after: boolean;
}

/** The value one level means around `inner`. */
function wrap({ form, before, after }: Level, inner: unknown, aliased: unknown): unknown {
  const isSeq = form === 'seq' || form === 'fseq' || form === 'fpair';
  const entry = form === 'fpair' ? { k: inner } : inner;
  if (isSeq) return [...(before ? ['s'] : []), entry, ...(after ? ['z'] : [])];
  return {
    ...(before ? { s: 1 } : {}),
    ...(aliased !== undefined ? { s: aliased } : {}),
    k: inner,
    ...(after ? { z: 1 } : {}),
  };
}

export function renderNesting(plan: NestingPlan, json = false): Rendered {
  const alias = !json && plan.alias && plan.depth >= 4;
  const name = (word: string): string => (json ? `"${word}"` : word);
  // An alias: the root is a map whose first entry anchors [[x]], and the bottom of the chain names it.
  const forms = levels(plan, json, alias ? 3 : 0);
  if (alias) forms.unshift('map');
  let text = alias ? 's: &b [[x]]\n' : '';
  let col = 0;
  const used: Level[] = [];
  const closers: string[] = [];
  forms.forEach((planned, i) => {
    const wide = col >= WIDE;
    const form: Form = wide && BLOCK.has(planned) ? 'seq' : planned;
    const [before, after] = wide || (alias && i === 0) ? [false, false] : plan.siblings[i % plan.siblings.length]!;
    used.push({ form, before, after });
    const child = forms[i + 1];
    if (form === 'seq') {
      text += `${before ? `- s\n${sp(col)}` : ''}- `;
      closers.push(after ? `\n${sp(col)}- z` : '');
      col += 2;
    } else if (form === 'map' || form === 'explicit') {
      text += before ? `s: 1\n${sp(col)}` : '';
      closers.push(after ? `\n${sp(col)}z: 1` : '');
      if (form === 'explicit') {
        text += `? k\n${sp(col)}: `;
        col += 2;
      } else if (child !== undefined && BLOCK.has(child) && col < WIDE) {
        // A sequence may sit at its key's own indentation; anything else goes deeper.
        const indent = child === 'seq' && i % 2 === 0 ? col : col + 1;
        text += `k:\n${sp(indent)}`;
        col = indent;
      } else text += 'k: ';
    } else {
      const [open, close] = form === 'fmap' ? ['{', '}'] : ['[', ']'];
      const sibling = (word: string): string => (form === 'fmap' ? `${name(word)}: 1` : `"${word}"`);
      text += `${open}${before ? `${sibling('s')}, ` : ''}${form === 'fseq' ? '' : `${name('k')}: `}`;
      closers.push(`${after ? `, ${sibling('z')}` : ''}${close}`);
    }
  });
  text += alias ? '*b' : json ? '"x"' : 'x';
  for (let i = closers.length - 1; i >= 0; i -= 1) text += closers[i];
  let value: unknown = alias ? [['x']] : 'x';
  for (let i = used.length - 1; i >= 0; i -= 1) value = wrap(used[i]!, value, alias && i === 0 ? [['x']] : undefined);
  const docs = {
    one: [text, 1],
    markers: [`---\n${text}\n...\n`, 1],
    'second-after': [`${text}\n---\nx\n`, 2],
    'second-before': [`x\n---\n${text}\n`, 2],
  } as const;
  const [whole, documents] = docs[json ? 'one' : plan.documents];
  return {
    text: whole,
    value,
    depth: plan.depth,
    written: alias ? Math.max(plan.depth - 2, 3) : plan.depth,
    documents,
  };
}
