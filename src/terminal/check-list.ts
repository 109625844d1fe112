// Renders doctor results: one line per check with ✔/✘, the fix indented under a failure. The
// list is the command's output, so it goes to stdout; colour only when stdout is a terminal and
// NO_COLOR/CI/TERM=dumb do not say otherwise.

import { Chalk, type ChalkInstance } from 'chalk';
import type { Context } from '../context.js';
import type { CheckName, CheckResult } from './check-types.js';

export const CHECK_LABELS: Record<CheckName, string> = {
  node: 'Node.js',
  'api-key': 'API key',
  'capture-program': 'capture program',
  'speaker-addon': 'speaker addon',
  'capture-device': 'microphone',
  'playback-device': 'playback device',
  'api-host': 'API host',
};

const WIDTH = Math.max(...Object.values(CHECK_LABELS).map((label) => label.length));

export function stdoutColor(ctx: Context): ChalkInstance {
  const set = (name: string): boolean => ctx.env[name] !== undefined && ctx.env[name] !== '';
  const on = ctx.isTTY.stdout && !set('NO_COLOR') && !(set('CI') && ctx.env.CI !== 'false') && ctx.env.TERM !== 'dumb';
  return new Chalk({ level: on ? 1 : 0 });
}

export function formatCheck(result: CheckResult, color: ChalkInstance): string[] {
  const mark = result.ok ? color.green('✔') : color.red('✘');
  const lines = [`${mark} ${CHECK_LABELS[result.name].padEnd(WIDTH)}  ${result.detail}`];
  if (result.fix) lines.push(`  ${' '.repeat(WIDTH)}  ${color.bold('fix:')} ${result.fix}`);
  return lines;
}

export function formatSummary(results: readonly CheckResult[], color: ChalkInstance): string {
  const failed = results.filter((r) => !r.ok).length;
  if (failed === 0) return color.green('All checks passed: gemtoken talk should work here.');
  return color.red(`${failed} of ${results.length} checks failed: fix the lines marked ✘ before using gemtoken talk.`);
}
