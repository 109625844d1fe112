// The environment every child process gets (arecord/sox through `mic`, the playback probe, device
// listing, demo children, talk's --token-command): ours minus anything that looks like a secret.
// None of them needs the API key, and a child's environment is readable by its own children, its
// crash reports and (on some systems) other users through /proc/<pid>/environ.

type EnvLike = Readonly<Record<string, string | undefined>>;

/** Dropped by name even if the rule below ever changes. */
const ALWAYS_DROPPED = ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GEMTOKEN_TOKEN', 'GEMINI_EPHEMERAL_TOKEN'];
// By `_`-separated segment, so GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY and npm's `_authToken` go but
// GEMTOKEN_BASE_URL stays (the product name ends in TOKEN and the --token-command may run gemtoken).
const SECRET_SEGMENT = /(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/i;

export function isSecretName(name: string): boolean {
  if (ALWAYS_DROPPED.includes(name.toUpperCase())) return true;
  return name.split('_').some((part) => part.toUpperCase() !== 'GEMTOKEN' && SECRET_SEGMENT.test(part));
}

/** Pure: `env` without unset entries and without keys, tokens, passwords and other secrets. */
export function childEnv(env: EnvLike): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && !isSecretName(e[0])));
}
