// The one way YAML from outside gemtoken (a --scenario file) becomes a value: the same plain value
// JSON.parse would give, or a positioned problem (parse/result.ts). YAML 1.2: `yes`/`on` stay
// strings; duplicate keys are errors. Generic, so the emulator shares it.
//
// The syntax tree is built and measured first (yaml-syntax.ts: the package's parser watched lexeme by
// lexeme, so nothing unwinds deeper than the limit), and a document nested deeper than the limit is
// refused before the package's recursive composer and conversion run; aliases are capped and the
// result is measured again (an alias can place a deep anchor deep). The package loads only when
// YAML is read.

import { problem, tooLarge, type ParseLimits, type Parsed, type ParseProblem } from './result.js';
import { valueDepth } from './value-depth.js';
import { syntaxDepthExceededAt, yamlSyntax } from './yaml-syntax.js';

export interface YamlLimits extends ParseLimits {
  /** Alias nodes a document may expand: enough for any hand-written file, too few for an alias bomb. */
  readonly maxAliases: number;
}

/** Error codes whose messages may quote the text (a token, a tag, an escape): these get the code's phrase. */
const QUOTING = new Set([
  'UNEXPECTED_TOKEN',
  'TAG_RESOLVE_FAILED',
  'BAD_DQ_ESCAPE',
  'BAD_SCALAR_START',
  'BAD_COLLECTION_TYPE',
  'BAD_PROP_ORDER',
]);

/** The package's message ("Map keys must be unique"), or for one that may quote the text the code's phrase ("unexpected token"). */
function describe(error: { code: string; message: string }): string {
  if (QUOTING.has(error.code)) return error.code.toLowerCase().replace(/_/g, ' ');
  return error.message.split('\n')[0]!.split(' at line ')[0]!;
}

const syntax = (text: string, offset: number, detail: string): { ok: false; problem: ParseProblem } =>
  problem('syntax', text, offset, `not valid YAML (${detail})`, detail);

/**
 * Deepest `maxDepth` honoured: the package's parser (unwinding), composer and conversion recurse once
 * per level, and their frames must fit in any stack gemtoken runs on (the parser overflowed the
 * CLI's at about 2,100 levels).
 */
export const MAX_YAML_DEPTH = 1000;

export async function parseYaml(text: string, limits: YamlLimits): Promise<Parsed> {
  if (Buffer.byteLength(text) > limits.maxBytes) return tooLarge(limits.maxBytes);
  const maxDepth = Math.min(limits.maxDepth, MAX_YAML_DEPTH);
  const yaml = await import('yaml');
  const tokens = yamlSyntax(text, maxDepth, yaml);
  const deep = typeof tokens === 'number' ? tokens : syntaxDepthExceededAt(tokens, maxDepth);
  if (deep !== -1 || typeof tokens === 'number')
    return problem('depth', text, deep, `nested deeper than ${maxDepth} levels`);
  const [doc, second] = new yaml.Composer({ uniqueKeys: true }).compose(tokens, true, text.length);
  const error = doc!.errors[0];
  if (error) return syntax(text, error.pos[0], describe(error));
  if (second) return syntax(text, second.range[0], 'more than one document');
  // The package finds an alias without its anchor only while converting, with no position: look first.
  let dangling = -1;
  yaml.visit(doc!, {
    Alias(_key, node) {
      if (dangling === -1 && node.resolve(doc!) === undefined) dangling = node.range?.[0] ?? 0;
    },
  });
  if (dangling !== -1) return syntax(text, dangling, 'an alias names no anchor above it');
  let value: unknown;
  try {
    value = doc!.toJS({ maxAliasCount: limits.maxAliases });
  } catch {
    return syntax(text, 0, `more than ${limits.maxAliases} alias expansions, or an alias that contains itself`);
  }
  if (valueDepth(value, maxDepth) > maxDepth) {
    const detail = `nested deeper than ${maxDepth} levels once its aliases are expanded`;
    return problem('depth', text, 0, `${detail},`, detail);
  }
  return { ok: true, value };
}
