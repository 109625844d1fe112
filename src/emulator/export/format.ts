// How an exported scenario is written: JSON indented for editing, with short lists of numbers and
// strings (an audioMs range) kept on one line so a turn reads as one block.

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
