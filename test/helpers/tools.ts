// The real programs some tests drive (arecord/aplay/pv for ALSA, zsh and fish for completion,
// util-linux `script` for a pseudo-terminal; chromium for web pages). On a developer's machine a missing one
// skips the tests that need it, saying why; under GEMTOKEN_REQUIRE_TOOLS=1 (set by .ci/run) the same
// absence throws, so the test file fails: CI never skips silently (docs/architecture.md, "Tests").

import { spawnSync } from 'node:child_process';

export const REQUIRE_TOOLS_VARIABLE = 'GEMTOKEN_REQUIRE_TOOLS';

/** True when a missing tool is a failure, not a skip (CI). */
export function toolsRequired(): boolean {
  return process.env[REQUIRE_TOOLS_VARIABLE] === '1';
}

/** Where `program` is on PATH (the shell's `command -v`), or undefined. */
export function commandPath(program: string): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

/**
 * `reason` is why some tests cannot run here, or undefined when they can. Returns it for
 * `describe.skipIf(...)`, after printing it; under GEMTOKEN_REQUIRE_TOOLS=1 throws it instead.
 */
export function skipUnlessRequired(reason: string | undefined): string | undefined {
  if (reason === undefined) return undefined;
  if (toolsRequired()) throw new Error(`${reason}; ${REQUIRE_TOOLS_VARIABLE}=1 makes this a failure, not a skip`);
  console.log(`skipped: ${reason}`);
  return reason;
}

/**
 * Undefined when every program is on PATH; otherwise the reason to skip (printed), e.g.
 * `it.skipIf(requireTools(['zsh'], 'apt-get install zsh'))`. Throws under GEMTOKEN_REQUIRE_TOOLS=1.
 */
export function requireTools(programs: readonly string[], install: string): string | undefined {
  const missing = programs.filter((program) => commandPath(program) === undefined);
  return skipUnlessRequired(missing.length === 0 ? undefined : `${missing.join(', ')} not installed (${install})`);
}

/**
 * The pseudo-terminal tests run the binary under util-linux `script -qefc` (Linux only): undefined
 * when they can run here, otherwise the reason to skip. Throws under GEMTOKEN_REQUIRE_TOOLS=1.
 */
export function requirePty(): string | undefined {
  if (process.platform !== 'linux')
    return skipUnlessRequired(`the pseudo-terminal tests need util-linux script (Linux), not ${process.platform}`);
  return requireTools(['script'], 'apt-get install bsdutils');
}
