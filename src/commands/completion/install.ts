// `gemtoken completion <shell> --install`: the script goes to a file of its own in the user's config
// folder, rewritten on every install (so it follows upgrades), and the shell's rc file gets one line
// that sources it, added once. Appending the ~200-line script itself to ~/.bashrc (what the help
// used to show) left a stale copy there after every upgrade and a second one after every reinstall.
// fish needs no rc line: it loads ~/.config/fish/completions/<command>.fish by itself.

import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../../context.js';
import { GemtokenError, UsageError } from '../../errors.js';
import { readFileBounded } from '../../file-streams.js';
import { shQuote } from './quote.js';

export type Shell = 'bash' | 'zsh' | 'fish';

export interface InstallPlan {
  /** Where the script is written. */
  readonly script: string;
  /** The rc file that sources it, and the line; none for fish. */
  readonly rc?: { readonly file: string; readonly line: string };
}

/** The marker that ends the source line, and how an install finds its own line again. */
const MARKER = '# gemtoken completion';
/** An rc file bigger than this is not one we should be editing. */
const RC_LIMIT = 4 * 1024 * 1024;

/** Pure: where each shell's script and source line go, from HOME, XDG_CONFIG_HOME and ZDOTDIR. */
export function installPlan(shell: Shell, env: Context['env'], program = 'gemtoken'): InstallPlan {
  const home = env.HOME?.trim();
  if (!home)
    throw new UsageError('cannot install completion: HOME is not set', 'set HOME, or save the script yourself');
  const config = env.XDG_CONFIG_HOME?.trim() || path.join(home, '.config');
  if (shell === 'fish') return { script: path.join(config, 'fish', 'completions', `${program}.fish`) };
  const script = path.join(config, program, `completion.${shell}`);
  const rcDir = shell === 'zsh' ? env.ZDOTDIR?.trim() || home : home;
  const quoted = shQuote(script);
  return {
    script,
    rc: { file: path.join(rcDir, `.${shell}rc`), line: `[ -f ${quoted} ] && . ${quoted}  ${MARKER}` },
  };
}

export interface InstallResult {
  readonly plan: InstallPlan;
  /** The rc line was added now (false: it was already there, or there is none). */
  readonly added: boolean;
  /** The rc file also holds a whole script appended by hand (`completion bash >> ~/.bashrc`). */
  readonly appendedCopy: boolean;
}

export async function installCompletion(
  ctx: Context,
  shell: Shell,
  script: string,
  program = 'gemtoken',
): Promise<InstallResult> {
  const plan = installPlan(shell, ctx.env, program);
  await step(plan.script, async () => {
    await mkdir(path.dirname(plan.script), { recursive: true });
    await writeFile(plan.script, script);
  });
  const rc = plan.rc;
  if (!rc) return { plan, added: false, appendedCopy: false };
  const current = await step(rc.file, () => readRc(rc.file, ctx.signal));
  const appendedCopy = current.includes(`${shell} completion for ${program}. Generated from the program`);
  if (current.split('\n').some((line) => line.trim() === rc.line)) return { plan, added: false, appendedCopy };
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  await step(rc.file, () => appendFile(rc.file, `${separator}${rc.line}\n`));
  return { plan, added: true, appendedCopy };
}

async function readRc(file: string, signal: AbortSignal): Promise<string> {
  try {
    return (await readFileBounded(file, signal, { limit: RC_LIMIT })).toString('utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return '';
    throw error;
  }
}

/** A file that cannot be written (or read) is one line naming it, not an internal error. */
async function step<T>(file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GemtokenError) throw error;
    const code = (error as { code?: unknown }).code;
    throw new UsageError(
      `cannot install completion: ${file}: ${typeof code === 'string' ? code : String(error)}`,
      'check that you may write there, or save the script yourself (see gemtoken completion --help)',
      { cause: error },
    );
  }
}

/** What the install did, for stderr. */
export function installReport(result: InstallResult, shell: Shell): string[] {
  const { plan } = result;
  const lines = [`gemtoken: wrote ${plan.script}`];
  if (plan.rc)
    lines.push(
      result.added
        ? `gemtoken: added one line to ${plan.rc.file} that loads it; open a new ${shell} to use it`
        : `gemtoken: ${plan.rc.file} already loads it`,
    );
  else lines.push(`gemtoken: fish loads it from there; open a new fish to use it`);
  if (result.appendedCopy)
    lines.push(
      `warning: ${plan.rc!.file} also holds a copy of the script appended earlier; delete that block (it starts "# ${shell} completion for gemtoken")`,
    );
  return lines;
}
