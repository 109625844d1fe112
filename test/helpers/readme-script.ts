// Runs one README ```sh block as ONE bash script (`set -euo pipefail`), so variables and exports carry
// from line to line as they do in a reader's shell. Each README line appears verbatim, on its own
// line, inside `{ … }` (the current shell, so state carries) whose output goes to that line's own
// files; marker lines between them tell the test which README line is running. The script runs in a
// process group of its own: an interactive `talk` gets Ctrl-C the way a terminal sends it (SIGINT to
// the whole foreground group), and whatever a line left in the background is ended with the group.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandLine } from './readme-blocks.js';

export type LineMode = 'run' | 'interactive' | 'exempt';

export interface ScriptLine {
  readonly line: CommandLine;
  readonly mode: LineMode;
}

export interface LineResult extends ScriptLine {
  /** Exit status; undefined when the line never finished (the script stopped on it, or never got there). */
  readonly status?: number;
  readonly started: boolean;
  /** Ctrl-C was sent while it ran (interactive lines only). */
  readonly interrupted: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

export interface BlockRun {
  readonly code: number | null;
  readonly lines: LineResult[];
  /** What bash itself wrote (a syntax error, say). */
  readonly shellStderr: string;
  /** Set when a line ran longer than its bound. */
  readonly timedOut?: LineResult;
}

export interface RunBlockOptions {
  readonly cwd: string;
  readonly env: Record<string, string>;
  /** Where the script, markers and per-line output go (a fresh folder). */
  readonly dir: string;
  /** Bound on each line, interactive ones included (reset when the next line starts). */
  readonly lineTimeoutMs: number;
  /** For an interactive line: true once its stdout shows what the test waits for before Ctrl-C. */
  readonly ready: (stdout: string) => boolean;
}

const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

export function blockScript(lines: readonly ScriptLine[], dir: string): string {
  const out = [`set -euo pipefail`, `__gt_mark() { printf '%s\\n' "$*" >> ${quote(path.join(dir, 'markers'))}; }`];
  lines.forEach(({ line, mode }, index) => {
    const files = `> ${quote(path.join(dir, `${index}.out`))} 2> ${quote(path.join(dir, `${index}.err`))}`;
    if (mode === 'exempt') return out.push(`__gt_mark exempt ${index}`);
    out.push(`__gt_mark begin ${index}`);
    // Ctrl-C ends an interactive line with 130 by design: the script carries on and the test judges it.
    if (mode === 'interactive') out.push('set +e');
    out.push('{', line.text, `} ${files}`, `__gt_status=$?`);
    if (mode === 'interactive') out.push('set -e');
    out.push(`__gt_mark end ${index} $__gt_status`);
  });
  return `${out.join('\n')}\n`;
}

const read = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

export async function runBlock(lines: readonly ScriptLine[], options: RunBlockOptions): Promise<BlockRun> {
  const script = path.join(options.dir, 'block.sh');
  writeFileSync(script, blockScript(lines, options.dir));
  const markers = path.join(options.dir, 'markers');
  const child = spawn('bash', [script], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let shellStderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (shellStderr += d));
  const pid = child.pid!;
  const interrupted = new Set<number>();
  let current = -1;
  let since = Date.now();
  let timedOut: number | undefined;
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // A poll on conditions (the current line's output, its age), never a fixed wait.
  const watch = setInterval(() => {
    const begun = [...read(markers).matchAll(/^begin (\d+)$/gm)].map((m) => Number(m[1]));
    const latest = begun.at(-1) ?? -1;
    if (latest !== current) [current, since] = [latest, Date.now()];
    if (current < 0) return;
    if (Date.now() - since > options.lineTimeoutMs && timedOut === undefined) {
      timedOut = current;
      killGroup(pid, 'SIGKILL');
    } else if (
      lines[current]!.mode === 'interactive' &&
      !interrupted.has(current) &&
      options.ready(read(path.join(options.dir, `${current}.out`)))
    ) {
      interrupted.add(current);
      killGroup(pid, 'SIGINT');
    }
  }, 50);
  const code = await exited;
  clearInterval(watch);
  // What a line started in the background (`… &`) ends with the block, as closing the terminal would.
  killGroup(pid, 'SIGTERM');
  const log = read(markers);
  const results = lines.map((entry, index): LineResult => {
    const end = new RegExp(`^end ${index} (\\d+)$`, 'm').exec(log);
    return {
      ...entry,
      status: end ? Number(end[1]) : undefined,
      started: new RegExp(`^begin ${index}$`, 'm').test(log),
      interrupted: interrupted.has(index),
      stdout: read(path.join(options.dir, `${index}.out`)),
      stderr: read(path.join(options.dir, `${index}.err`)),
    };
  });
  return { code, lines: results, shellStderr, ...(timedOut !== undefined ? { timedOut: results[timedOut] } : {}) };
}
