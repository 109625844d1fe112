// The one way YAML from outside gemtoken (a --scenario file) becomes a value: the same plain value
// JSON.parse would give, or a positioned problem (parse/result.ts). YAML 1.2: `yes`/`on` stay
// strings; duplicate keys are errors. Generic, so the emulator shares it.
//
// The `yaml` package lexes and parses iteratively (an explicit stack) but composes the document
// and converts it to JS recursively, one call chain per level. So the concrete syntax tree is
// measured first, without recursion, and a document nested deeper than the limit is refused before
// it is composed; aliases are capped (an alias bomb) and the result is measured again (an alias can
// place a deep anchor deep). A RangeError that still escapes the composer is reported as depth.
// The package loads only when YAML is read.

import type { CST } from 'yaml';
import { problem, tooLarge, type ParseLimits, type Parsed, type ParseProblem } from './result.js';
import { valueDepth } from './value-depth.js';

export interface YamlLimits extends ParseLimits {
  /** Alias nodes a document may expand: enough for any hand-written file, too few for an alias bomb. */
  readonly maxAliases: number;
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/** Offset of the first collection nested deeper than `maxDepth` in the syntax tree, or -1. */
function cstDepthExceededAt(tokens: Iterable<CST.Token>, maxDepth: number): number {
  const pending: Array<[CST.Token | undefined, number]> = [];
  for (const token of tokens) pending.push([token, 0]);
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [token, above] = item;
    if (!token) continue;
    const depth = COLLECTIONS.has(token.type) ? above + 1 : above;
    if (depth > maxDepth) return token.offset;
    if (token.type === 'document') pending.push([token.value, depth]);
    if ('items' in token) {
      for (const entry of token.items as Array<{ key?: CST.Token | null; value?: CST.Token }>) {
        pending.push([entry.key ?? undefined, depth], [entry.value, depth]);
      }
    }
  }
  return -1;
}

/** Error codes whose messages may quote the text (a token, a tag, an escape): these get the code's phrase. */
const QUOTING = new Set(['UNEXPECTED_TOKEN', 'TAG_RESOLVE_FAILED', 'BAD_DQ_ESCAPE', 'BAD_SCALAR_START', 'BAD_COLLECTION_TYPE', 'BAD_PROP_ORDER']);

/** The package's message ("Map keys must be unique"), or for one that may quote the text the code's phrase ("unexpected token"). */
function describe(error: { code: string; message: string }): string {
  if (QUOTING.has(error.code)) return error.code.toLowerCase().replace(/_/g, ' ');
  return error.message.split('\n')[0]!.split(' at line ')[0]!;
}

const syntax = (text: string, offset: number, detail: string): { ok: false; problem: ParseProblem } => problem('syntax', text, offset, `not valid YAML (${detail})`, detail);

export async function parseYaml(text: string, limits: YamlLimits): Promise<Parsed> {
  if (Buffer.byteLength(text) > limits.maxBytes) return tooLarge(limits.maxBytes);
  const { Parser, parseDocument, visit } = await import('yaml');
  const deep = cstDepthExceededAt(new Parser().parse(text), limits.maxDepth);
  if (deep !== -1) return problem('depth', text, deep, `nested deeper than ${limits.maxDepth} levels`);
  try {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
    const error = doc.errors[0];
    if (error) return syntax(text, error.pos[0], describe(error));
    // The package finds an alias without its anchor only while converting, with no position: look first.
    let dangling = -1;
    visit(doc, {
      Alias(_key, node) {
        if (dangling === -1 && node.resolve(doc) === undefined) dangling = node.range?.[0] ?? 0;
      },
    });
    if (dangling !== -1) return syntax(text, dangling, 'an alias names no anchor above it');
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliases });
    } catch (refused) {
      if (refused instanceof RangeError) throw refused;
      return syntax(text, 0, `more than ${limits.maxAliases} alias expansions, or an alias that contains itself`);
    }
    if (valueDepth(value, limits.maxDepth) > limits.maxDepth) {
      const detail = `nested deeper than ${limits.maxDepth} levels once its aliases are expanded`;
      return problem('depth', text, 0, `${detail},`, detail);
    }
    return { ok: true, value };
  } catch (error) {
    // A last resort: the composer or the conversion failed in a way the checks above did not foresee.
    return error instanceof RangeError ? problem('depth', text, 0, 'nested too deeply for the YAML reader') : syntax(text, 0, 'the YAML reader failed');
  }
}
