// How an exported scenario is written, JSON or YAML: indented for editing, with short lists of
// numbers and strings (an audioMs range) kept on one line so a turn reads as one block.

const scalar = (value: unknown): boolean => value === null || ['string', 'number', 'boolean'].includes(typeof value);

export function scenarioJsonText(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.every(scalar)) return `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
    const inner = `${indent}  `;
    return `[\n${value.map((item) => inner + scenarioJsonText(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, field]) => field !== undefined);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries.map(([name, field]) => `${inner}${JSON.stringify(name)}: ${scenarioJsonText(field, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** The same as YAML (`--export-format yaml`): block style, the same short lists inline. */
export async function scenarioYamlText(value: unknown): Promise<string> {
  const { Document, isScalar, visit } = await import('yaml');
  const doc = new Document(value);
  visit(doc, {
    Seq(_key, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
