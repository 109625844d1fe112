import { describe, expect, it } from 'vitest';
import { AuthError, ExitCode, InterruptedError, NetworkError, UsageError, renderError } from '../../src/errors.js';

describe('renderError', () => {
  it('renders an expected failure as one line plus a hint, with its exit code', () => {
    const out = renderError(new UsageError('bad --ttl "5x"', 'use 90s, 30m, 1h30m'), false);
    expect(out).toEqual({ exitCode: ExitCode.usage, lines: ['gemtoken: bad --ttl "5x"', 'hint: use 90s, 30m, 1h30m'] });
  });

  it('keeps messages on one line', () => {
    expect(renderError(new AuthError('a\n  b'), false).lines).toEqual(['gemtoken: a b']);
  });

  it('maps each error class to its documented exit code', () => {
    expect(renderError(new NetworkError('x'), false).exitCode).toBe(5);
    expect(renderError(new AuthError('x'), false).exitCode).toBe(3);
  });

  it('gives each stop signal its shell code (128 + number) and one line: 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP', () => {
    expect(renderError(InterruptedError.by('SIGINT'), false)).toEqual({
      exitCode: 130,
      lines: ['gemtoken: interrupted'],
    });
    expect(renderError(InterruptedError.by('SIGTERM'), false)).toEqual({
      exitCode: 143,
      lines: ['gemtoken: stopped by SIGTERM'],
    });
    expect(renderError(InterruptedError.by('SIGHUP'), false)).toEqual({
      exitCode: 129,
      lines: ['gemtoken: stopped by SIGHUP'],
    });
    // Ctrl-C as a key in raw mode, or at a prompt, is still 130.
    expect(new InterruptedError().exitCode).toBe(ExitCode.interrupted);
  });

  it('treats unknown throws as internal errors without a stack unless verbose', () => {
    const quiet = renderError(new TypeError('boom'), false);
    expect(quiet.exitCode).toBe(ExitCode.internal);
    expect(quiet.lines.join('\n')).not.toMatch(/\n\s+at /);
    expect(renderError(new TypeError('boom'), true).lines.join('\n')).toMatch(/at /);
  });
});
