import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { listenError } from '../../src/listen-error.js';

const failure = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`listen ${code}`), { code });

describe('listenError: one mapping, each surface names its own knobs', () => {
  it.each<[string, 'cli' | 'library', string, string]>([
    ['EADDRINUSE', 'cli', 'port 8080 on 0.0.0.0 is already in use', 'pick another --port, or --port 0 for a free one'],
    ['EACCES', 'cli', 'not allowed to listen on 0.0.0.0:8080', 'ports below 1024 need privileges; use --port 0'],
    ['EADDRNOTAVAIL', 'cli', 'cannot bind to 0.0.0.0: no such local address', 'use --host 127.0.0.1'],
    ['ENOTFOUND', 'cli', 'cannot bind to 0.0.0.0: no such local address', 'use --host 127.0.0.1'],
    ['EADDRINUSE', 'library', 'startEmulator: port 8080 is already in use', 'use port 0 for a free one'],
    ['EACCES', 'library', 'startEmulator: not allowed to listen on port 8080', 'use port 0 for a free one'],
  ])('%s (%s)', (code, surface, message, hint) => {
    const error = listenError(failure(code), surface, 8080, '0.0.0.0');
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toEqual(new UsageError(message, hint));
    expect(error?.hint).toBe(hint);
  });

  it.each<[unknown, 'cli' | 'library']>([
    [failure('EADDRNOTAVAIL'), 'library'],
    [failure('ENOTFOUND'), 'library'],
    [failure('ECONNRESET'), 'cli'],
    [new Error('no code'), 'cli'],
    [undefined, 'library'],
  ])('%s on %s is not ours to explain', (error, surface) => {
    expect(listenError(error, surface, 8080, 'example.invalid')).toBeUndefined();
  });
});
