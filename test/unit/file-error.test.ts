// One message for a named file that cannot be read or written, whatever the flag, the path or the
// error: one line, exit 2, the flag and the path in it, the errno code in brackets, and never Node's
// own text (which repeats the path and reads "illegal operation on a directory, open '…'").
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { fileReadError, fileWriteError, writeFailureReason } from '../../src/file-error.js';

const flags = fc.constantFrom('--output', '--transcript', '$GITHUB_OUTPUT', '--write-profile', '--config', '--image');
const paths = fc.string({ minLength: 1, maxLength: 40 }).filter((p) => !/[\r\n]/.test(p));
const codes = fc.oneof(
  fc.constantFrom('ENOSPC', 'EDQUOT', 'EISDIR', 'ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'EPIPE', 'EFBIG'),
  fc.stringMatching(/^E[A-Z]{2,8}$/),
);
const nodeError = (code: string, path: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: something Node says, open '${path}'`), { code });

describe('fileWriteError', () => {
  it('is one line naming flag, path and code, without Node text, exit 2 (generated)', () => {
    fc.assert(
      fc.property(flags, paths, codes, (flag, path, code) => {
        const error = fileWriteError(flag, path, nodeError(code, path));
        expect(error).toBeInstanceOf(UsageError);
        expect(error.exitCode).toBe(2);
        expect(error.message.startsWith(`cannot write ${flag} ${path}: `)).toBe(true);
        expect(error.message.endsWith(code) || error.message.endsWith(`(${code})`)).toBe(true);
        expect(error.message).not.toContain('something Node says');
        expect(error.message.split('\n')).toHaveLength(1);
      }),
    );
  });

  it('says the common causes in words, with what to do', () => {
    expect(fileWriteError('--output', '/dev/full', nodeError('ENOSPC', '/dev/full'))).toMatchObject({
      message: 'cannot write --output /dev/full: no space left on device (ENOSPC)',
      hint: 'free some space or choose another file',
    });
    expect(fileWriteError('--transcript', 'logs', nodeError('EISDIR', 'logs'))).toMatchObject({
      message: 'cannot write --transcript logs: it is a directory (EISDIR)',
      hint: 'name a file inside it',
    });
    expect(fileWriteError('--output', 'a/b.wav', nodeError('ENOENT', 'a/b.wav'), 'the reply is lost')).toMatchObject({
      message: 'cannot write --output a/b.wav: its folder does not exist (ENOENT)',
      hint: 'the reply is lost',
    });
  });

  it('an error without a code keeps its message', () => {
    expect(writeFailureReason(new Error('stream was destroyed'))).toBe('stream was destroyed');
  });
});

describe('fileReadError', () => {
  it('is one line naming flag and path, exit 2 (generated)', () => {
    fc.assert(
      fc.property(flags, paths, codes, (flag, path, code) => {
        const error = fileReadError(flag, path, nodeError(code, path));
        expect(error.exitCode).toBe(2);
        expect(error.message).toContain(flag);
        expect(error.message).toContain(path);
        expect(error.message).not.toContain('something Node says');
        expect(error.message.split('\n')).toHaveLength(1);
      }),
    );
  });
});
