// --pass-env NAME (repeatable), on every command that starts children (talk, doctor, devices,
// demo): the one way a variable outside the allow-list (env.ts) reaches a child, named exactly by
// the user. Checked like any flag: a name that is no variable name is exit 2, not a silent no-op.

import { UsageError } from '../errors.js';
import type { EnvSnapshot } from '../config.js';
import { childLauncher, type ChildLauncher } from './launcher.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The names as given, checked (undefined: the flag was not given). */
export function passEnvNames(given: unknown): string[] {
  if (given === undefined) return [];
  const names = Array.isArray(given) ? given.map(String) : [String(given)];
  for (const name of names) {
    // Not quoted back: a value pasted by mistake (`--pass-env "$TOKEN"`) may be a secret.
    if (!NAME.test(name))
      throw new UsageError(
        '--pass-env takes a variable name (letters, digits and _, not starting with a digit)',
        'give one name per --pass-env, e.g. --pass-env HTTPS_PROXY',
      );
  }
  return [...new Set(names)];
}

/** The launcher of a command given its --pass-env flag value. */
export function launcherFor(env: EnvSnapshot, given: unknown): ChildLauncher {
  return childLauncher(env, passEnvNames(given));
}
