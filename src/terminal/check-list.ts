// Renders doctor results: one line per check with ✔/✘, the fix indented under a failure. The
// list is the command's output, so it goes to stdout; colour by the one rule
// (colorAllowed in terminal/ui.ts) applied to stdout.

import { Chalk, type ChalkInstance } from 'chalk';
import type { Context } from '../context.js';
import { isAdvisory, type CheckName, type CheckResult } from './check-types.js';
import { colorAllowed } from './ui.js';

export const CHECK_LABELS: Record<CheckName, string> = {
  node: 'Node.js',
  'api-key': 'API key',
  'capture-program': 'capture program',
  'speaker-addon': 'speaker addon',
  'capture-device': 'microphone',
  'playback-device': 'playback device',
  ffmpeg: 'ffmpeg (video)',
  'api-host': 'API host',
};

const WIDTH = Math.max(...Object.values(CHECK_LABELS).map((label) => label.length));

export function stdoutColor(ctx: Context): ChalkInstance {
  return new Chalk({ level: colorAllowed(ctx, 'stdout') ? 1 : 0 });
}

export function formatCheck(result: CheckResult, color: ChalkInstance): string[] {
  const mark = result.ok ? color.green('✔') : isAdvisory(result) ? color.yellow('!') : color.red('✘');
  const lines = [`${mark} ${CHECK_LABELS[result.name].padEnd(WIDTH)}  ${result.detail}`];
  if (result.fix) lines.push(`  ${' '.repeat(WIDTH)}  ${color.bold('fix:')} ${result.fix}`);
  return lines;
}

export function formatSummary(results: readonly CheckResult[], color: ChalkInstance): string {
  const failed = results.filter((r) => !r.ok && !isAdvisory(r)).length;
  const advisory = results.filter((r) => !r.ok && isAdvisory(r)).map((r) => CHECK_LABELS[r.name]);
  if (failed === 0 && advisory.length > 0)
    return color.green(
      `Voice checks passed: gemtoken talk should work here; the lines marked ! (${advisory.join(', ')}) are only for pictures and video.`,
    );
  if (failed === 0) return color.green('All checks passed: gemtoken talk should work here.');
  return color.red(`${failed} of ${results.length} checks failed: fix the lines marked ✘ before using gemtoken talk.`);
}
