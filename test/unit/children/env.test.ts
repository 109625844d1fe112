// The children's environment is an allow-list (src/children/env.ts): whatever the parent's
// environment holds — any names, any values — a child gets only allow-listed names, the names the
// user passed with --pass-env, and what gemtoken sets. Generated (fast-check, seeded: a failure
// prints the seed; FC_SEED=<n> replays it), plus the names the issue found leaking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHILD_ENV_ALLOWED, childEnv, isAllowedName } from '../../../src/children/env.js';
import { childLauncher } from '../../../src/children/launcher.js';
import { passEnvNames } from '../../../src/children/pass-env.js';

const SEED = Number(process.env.FC_SEED ?? 19);
const LEAKED = [
  'DB_PASS',
  'GITHUB_PAT',
  'MY_SECRETS',
  'API_KEYS',
  'GEMINI_API_KEY2',
  'AUTH',
  'BEARER',
  'GEMINI_API_KEY',
  'GOOGLE_API_KEY',
  'GEMTOKEN_TOKEN',
  'GEMINI_EPHEMERAL_TOKEN',
  'NODE_OPTIONS',
  'HTTPS_PROXY',
  'PULSE_API_KEY',
  'LC_SECRET',
  'GEMTOKEN_BASE_URL',
];

// Names: the allow-list itself (any case), the leaked ones, and arbitrary strings.
const name = fc.oneof(
  fc.constantFrom(...CHILD_ENV_ALLOWED, ...LEAKED),
  fc.constantFrom(...CHILD_ENV_ALLOWED).map((n) => n.toLowerCase()),
  fc.string({ minLength: 1, maxLength: 24 }),
);
const parent = fc.dictionary(name, fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), { maxKeys: 40 });
const settable = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }).map((n) => `GEMTOKEN_${n}`),
  fc.string({ maxLength: 20 }),
  { maxKeys: 3 },
);

describe('childEnv (generated)', () => {
  it('holds only allow-listed names, passed names and what gemtoken sets; every value as the parent had it', () => {
    fc.assert(
      fc.property(parent, fc.subarray(LEAKED), settable, (env, pass, set) => {
        const child = childEnv(env, { pass, set });
        for (const [key, value] of Object.entries(child)) {
          if (key in set) expect(value).toBe(set[key]);
          else {
            expect(isAllowedName(key) || pass.includes(key), key).toBe(true);
            expect(value).toBe(env[key]);
          }
        }
        // Nothing allowed (or passed) and set in the parent is lost.
        for (const [key, value] of Object.entries(env)) {
          if (value !== undefined && (isAllowedName(key) || pass.includes(key)) && !(key in set))
            expect(child[key]).toBe(value);
        }
        for (const leaked of LEAKED)
          if (!pass.includes(leaked) && !(leaked in set)) expect(child).not.toHaveProperty(leaked);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe('childEnv (examples)', () => {
  it("the issue's names stay behind; PATH, HOME, locale, terminal and audio variables go through", () => {
    const env = Object.fromEntries(LEAKED.map((n) => [n, 'secret']));
    const kept = {
      PATH: '/bin',
      HOME: '/h',
      LANG: 'C.UTF-8',
      LC_ALL: 'C',
      TERM: 'xterm',
      NO_COLOR: '1',
      TMPDIR: '/t',
      ALSA_CONFIG_PATH: '/a',
      PULSE_SERVER: 'unix:/p',
      XDG_RUNTIME_DIR: '/run/u',
      Path: 'C:\\bin',
    };
    expect(childEnv({ ...env, ...kept, UNSET: undefined })).toEqual(kept);
  });

  it("--pass-env passes exactly the names given; gemtoken's own values win", () => {
    expect(
      childEnv(
        { DB_PASS: 'p', AUTH: 'a', HOME: '/h', GEMTOKEN_TOOL_NAME: 'spoofed' },
        { pass: ['AUTH', 'auth'], set: { GEMTOKEN_TOOL_NAME: 'get_time' } },
      ),
    ).toEqual({ AUTH: 'a', HOME: '/h', GEMTOKEN_TOOL_NAME: 'get_time' });
  });
});

describe('--pass-env names', () => {
  it('takes variable names, once each', () => {
    expect(passEnvNames(undefined)).toEqual([]);
    expect(passEnvNames(['HTTPS_PROXY', '_X1', 'HTTPS_PROXY'])).toEqual(['HTTPS_PROXY', '_X1']);
  });

  it.each([[''], ['A=B'], ['1ABC'], ['A B'], ['LC_*'], ['AIzaSySecretPastedByMistake-123']])(
    '%j: exit 2, the value not quoted back',
    (given) => {
      expect(() => passEnvNames([given])).toThrow(
        expect.objectContaining({ exitCode: 2, message: expect.not.stringContaining(given || '\u0000') }),
      );
    },
  );
});

it('a variable named __proto__ is an ordinary variable (passed when named, never a prototype)', () => {
  const env = childEnv(JSON.parse('{"__proto__":"x","HOME":"/h"}') as Record<string, string>, { pass: ['__proto__'] });
  expect(Object.getPrototypeOf(env)).toBe(Object.prototype);
  expect(Object.entries(env)).toEqual([
    ['__proto__', 'x'],
    ['HOME', '/h'],
  ]);
});

it("a program run to its end gets what gemtoken sets for it, as a spawned one does (the screen probe's DISPLAY)", async () => {
  const children = childLauncher({ PATH: process.env.PATH, DISPLAY: ':1' });
  const print = ['-e', 'process.stdout.write(String(process.env.DISPLAY))'];
  expect((await children.run(process.execPath, print)).stdout).toBe('undefined');
  expect((await children.run(process.execPath, print, { set: { DISPLAY: ':1' } })).stdout).toBe(':1');
});
