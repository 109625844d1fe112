// `which` without spawning anything: the PATH comes from the Context's env, so a test (or a user)
// running with a trimmed PATH gets the same answer the `mic` package's spawn would.

import { access, constants } from 'node:fs/promises';
import path from 'node:path';

export async function findOnPath(
  program: string,
  pathVar: string | undefined,
  platform: NodeJS.Platform,
  pathExt?: string,
): Promise<string | undefined> {
  const delimiter = platform === 'win32' ? ';' : ':';
  const dirs = (pathVar ?? '').split(delimiter).filter((dir) => dir !== '');
  const extensions =
    platform === 'win32' ? ['', ...(pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = join(dir, program + ext);
      try {
        await access(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}
