// The documentation as the tests see it: README.md and every docs/*.md, their fenced blocks, and each
// ```sh block as logical command lines (a trailing `\` joins the next line) with the file and line
// number a failure message can point at.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

/** Every documentation page, relative to the repository root: README.md first, then docs/ by name. */
export function docFiles(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md'));
  return ['README.md', ...docs.sort().map((name) => `docs/${name}`)];
}

/** Fence languages the docs may use: sh runs, json/yaml/ts are checked as data or code, text is prose. */
export const FENCE_LANGUAGES = ['sh', 'json', 'yaml', 'ts', 'text'] as const;
export type FenceLanguage = (typeof FENCE_LANGUAGES)[number];

export interface Block {
  /** The page, relative to the repository root (README.md, docs/talk.md). */
  readonly file: string;
  /** The info string as written (validated against FENCE_LANGUAGES by the test, not here). */
  readonly lang: string;
  /** 1-based line of the opening fence in `file`. */
  readonly line: number;
  readonly body: string;
}

export interface CommandLine {
  /** The line as written (continuation lines joined with their `\`). */
  readonly text: string;
  /** The command alone: `text` without a trailing comment or surrounding blanks. */
  readonly command: string;
  /** 1-based line of `file` where it starts. */
  readonly line: number;
}

/** The fenced blocks of every page, in docFiles() order. */
export function docBlocks(): Block[] {
  return docFiles().flatMap((file) => fileBlocks(file));
}

export function fileBlocks(file: string, text: string = readFileSync(path.join(ROOT, file), 'utf8')): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    if (end < 0) throw new Error(`${file}:${i + 1}: fence never closed`);
    blocks.push({ file, lang: open[1]!.trim(), line: i + 1, body: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** The `## ` heading the block is under (without the hashes), or undefined above the first one. */
export function blockSection(
  block: Block,
  text: string = readFileSync(path.join(ROOT, block.file), 'utf8'),
): string | undefined {
  const above = text.split('\n').slice(0, block.line - 1);
  let fenced = false;
  let section: string | undefined;
  for (const line of above) {
    if (line.startsWith('```')) fenced = !fenced;
    else if (!fenced && line.startsWith('## ')) section = line.slice(3).trim();
  }
  return section;
}

/** The command lines of an sh block; blank and comment-only lines carry nothing to run. */
export function commandLines(block: Block): CommandLine[] {
  const result: CommandLine[] = [];
  const lines = block.body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let text = lines[i]!;
    while (text.endsWith('\\') && i + 1 < lines.length) text += `\n${lines[++i]!}`;
    const command = stripComment(text).trim();
    if (command !== '') result.push({ text, command, line: block.line + 1 + start });
  }
  return result;
}

/** `text` up to an unquoted `#` that starts a word (the shell's comment rule). */
export function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '\\') i++;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return text.slice(0, i);
  }
  return text;
}

/**
 * A `talk` that listens to the microphone until Ctrl-C: no --once, --input or --text in its own
 * command of the pipeline. The test runs it with the sandbox microphone, then presses Ctrl-C.
 */
export function isInteractiveTalk(command: string): boolean {
  return command
    .split(/\|\|?|&&|;/)
    .some(
      (part) =>
        /(^|\s)(\S*\/)?gemtoken(\.js)?\s+talk(\s|$)/.test(part) && !/\s--(once|input|text|help)(\s|=|$)/.test(part),
    );
}

/** True when the block starts its own emulator in the background (then it sets its own base URL and key). */
export function startsOwnEmulator(lines: readonly CommandLine[]): boolean {
  return lines.some((l) => /gemtoken(\.js)?\s+emulator\b.*&$/.test(l.command));
}
