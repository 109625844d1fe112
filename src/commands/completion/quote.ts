// Quoting for generated shell code. Every string that comes from the program (descriptions,
// choices) passes through one of these, so an apostrophe in a help text cannot break a script.

/** POSIX shells (bash, zsh): a single-quoted word. */
export function shQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** fish: inside single quotes only \\ and ' are special. */
export function fishQuote(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** A shell function name from a command path, e.g. ["gemtoken","mint"] → _gemtoken_mint. */
export function functionName(path: readonly string[]): string {
  return `_${path.join('_').replace(/[^A-Za-z0-9_]/g, '_')}`;
}
