import { describe, expect, it } from 'vitest';
import {
  formatEnv,
  formatJson,
  githubMaskLines,
  githubOutputLines,
  shellQuote,
} from '../../../src/token/output-format.js';
import type { MintReceipt } from '../../../src/token/client/mint-client.js';

const TOKEN: MintReceipt = {
  name: 'auth_tokens/abc123',
  expireTime: '2026-12-01T00:30:00.000Z',
  newSessionExpireTime: '2026-12-01T00:01:00.000Z',
  uses: 1,
  model: 'models/gemini-3.8-live',
  apiVersion: 'v1alpha',
  locked: { mode: 'fields', fields: ['model'] },
};

describe('output formats', () => {
  it('json: one line with the documented keys in order', () => {
    const line = formatJson(TOKEN);
    expect(line).not.toContain('\n');
    // `locked` comes last: the keys before it keep the order scripts may rely on.
    expect(Object.keys(JSON.parse(line))).toEqual([
      'name',
      'expireTime',
      'newSessionExpireTime',
      'uses',
      'model',
      'apiVersion',
      'locked',
    ]);
    expect(JSON.parse(line).locked).toEqual({ mode: 'fields', fields: ['model'] });
    expect(JSON.parse(formatJson({ ...TOKEN, model: undefined }))).not.toHaveProperty('model');
  });

  it('env: export lines that a shell can eval', () => {
    expect(formatEnv(TOKEN)).toEqual([
      'export GEMINI_EPHEMERAL_TOKEN=auth_tokens/abc123',
      'export GEMINI_EPHEMERAL_TOKEN_EXPIRE_TIME=2026-12-01T00:30:00.000Z',
      'export GEMINI_EPHEMERAL_TOKEN_NEW_SESSION_EXPIRE_TIME=2026-12-01T00:01:00.000Z',
    ]);
  });

  it.each([
    ['plain', 'plain'],
    ['auth_tokens/a-b_c.d', 'auth_tokens/a-b_c.d'],
    ['with space', `'with space'`],
    [`it's`, `'it'\\''s'`],
    ['$(rm -rf /)', `'$(rm -rf /)'`],
    ['', `''`],
  ])('shellQuote(%j) → %s', (input, quoted) => {
    expect(shellQuote(input)).toBe(quoted);
  });

  it('github: mask line, then key=value lines for $GITHUB_OUTPUT', () => {
    expect(githubMaskLines(TOKEN)).toEqual(['::add-mask::auth_tokens/abc123']);
    expect(githubOutputLines(TOKEN)).toEqual([
      'token=auth_tokens/abc123',
      'expire_time=2026-12-01T00:30:00.000Z',
      'new_session_expire_time=2026-12-01T00:01:00.000Z',
    ]);
  });

  it('github: a multi-line value (never valid, but defence in depth) is one heredoc value with a random delimiter, every line masked', () => {
    const hostile = { ...TOKEN, name: 'auth_tokens/abc\nINJECTED=evil\n::warning::pwned' };
    const delimiters = ['INJECTED=evil', 'ghadelimiter_x'];
    const lines = githubOutputLines(hostile, () => delimiters.shift()!);
    expect(lines.slice(0, 5)).toEqual([
      'token<<ghadelimiter_x',
      'auth_tokens/abc',
      'INJECTED=evil',
      '::warning::pwned',
      'ghadelimiter_x',
    ]);
    expect(githubMaskLines(hostile)).toEqual([
      '::add-mask::auth_tokens/abc',
      '::add-mask::INJECTED=evil',
      '::add-mask::::warning::pwned',
    ]);
    expect(githubOutputLines(hostile)[0]).toMatch(/^token<<ghadelimiter_[0-9a-f-]{36}$/);
  });
});
