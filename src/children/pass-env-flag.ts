// The --pass-env flag's declaration, shared by every command that starts children (talk, doctor,
// devices, demo). Import-free: command.ts files load at start-up, before any child is started.

export const PASS_ENV_FLAG = '--pass-env <name>';
export const PASS_ENV_HELP =
  'pass this environment variable on to child processes (repeatable); they get only PATH, HOME, locale, terminal and audio variables otherwise';

/** How readFlags() reads it (a list, from the collector below), for each command's flag spec. */
export const PASS_ENV_FLAGS = { passEnv: 'strings' } as const;

/** commander's collector for a repeatable flag. */
export const collectPassEnv = (value: string, previous: string[] = []): string[] => [...previous, value];
