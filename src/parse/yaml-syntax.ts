// The syntax tree of YAML from outside, built so that nothing recurses deeper than the caller's
// depth limit. The `yaml` package's lexer is iterative, but its parser is not quite: a token that
// closes many block collections at once (a line back at column 1 after 2,000 compact `- - - …`)
// unwinds them by one nested generator call per level, and that overflowed the stack before any
// depth check could see the tree. So the parser is fed one lexeme at a time and its open
// collections (its own `stack`, the path from the document to where it is) are counted after each:
// past the limit, parsing stops before anything unwinds. A stack overflow is not a safe way to
// learn this either: V8 can abort the whole process when one hits it inside a regular expression's
// compilation. The finished tree is then measured exactly (a flow pair `[k: v]` is a map too).

import type { CST, Lexer as LexerClass, Parser as ParserClass } from 'yaml';

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

type Item = { start?: CST.SourceToken[]; key?: CST.Token | null; sep?: CST.SourceToken[]; value?: CST.Token };

/** Collections among the parser's open tokens (checked only when there are enough tokens to matter). */
function openCollections(stack: readonly CST.Token[], maxDepth: number): number {
  if (stack.length <= maxDepth) return 0;
  let count = 0;
  for (const token of stack) if (COLLECTIONS.has(token.type)) count += 1;
  return count;
}

/** The tokens of `text`, or the offset where the parser first had more than `maxDepth` collections open. */
export function yamlSyntax(
  text: string,
  maxDepth: number,
  yaml: { Lexer: typeof LexerClass; Parser: typeof ParserClass },
): CST.Token[] | number {
  const parser = new yaml.Parser();
  const tokens: CST.Token[] = [];
  for (const lexeme of new yaml.Lexer().lex(text)) {
    const at = parser.offset;
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (openCollections(parser.stack, maxDepth) > maxDepth) return at;
  }
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

/** A flow sequence's entry `k: v` (or `? k`) is a one-pair map: its key and value sit one level deeper. */
const isFlowPair = (token: CST.Token, item: Item): boolean =>
  token.type === 'flow-collection' &&
  token.start.source === '[' &&
  [...(item.start ?? []), ...(item.sep ?? [])].some(
    (part) => part.type === 'map-value-ind' || part.type === 'explicit-key-ind',
  );

/** Offset of the first collection nested deeper than `maxDepth` in the syntax tree, or -1. Iterative. */
export function syntaxDepthExceededAt(tokens: readonly CST.Token[], maxDepth: number): number {
  const pending: Array<[CST.Token | null | undefined, number]> = tokens.map((token) => [token, 0]);
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    const [token, above] = entry;
    if (!token) continue;
    const depth = COLLECTIONS.has(token.type) ? above + 1 : above;
    if (depth > maxDepth) return token.offset;
    if (token.type === 'document') pending.push([token.value, depth]);
    if ('items' in token) {
      for (const item of token.items as Item[]) {
        const inner = isFlowPair(token, item) ? depth + 1 : depth;
        if (inner > maxDepth && (item.key || item.value)) return (item.key ?? item.value)!.offset;
        pending.push([item.key, inner], [item.value, inner]);
      }
    }
  }
  return -1;
}
