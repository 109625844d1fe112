// Why the emulator could not listen, as a one-line UsageError. `gemtoken emulator` and the library's
// startEmulator() share this mapping; each names its own knobs (the --port flag vs the port option).

import { UsageError } from './errors.js';

export type ListenSurface = 'cli' | 'library';

type Wording = (port: number, host: string) => readonly [message: string, hint: string];

const noSuchAddress: Wording = (_port, host) => [
  `cannot bind to ${host}: no such local address`,
  'use --host 127.0.0.1',
];

const WORDING: Record<ListenSurface, Partial<Record<string, Wording>>> = {
  cli: {
    EADDRINUSE: (port, host) => [
      `port ${port} on ${host} is already in use`,
      'pick another --port, or --port 0 for a free one',
    ],
    EACCES: (port, host) => [
      `not allowed to listen on ${host}:${port}`,
      'ports below 1024 need privileges; use --port 0',
    ],
    EADDRNOTAVAIL: noSuchAddress,
    ENOTFOUND: noSuchAddress,
  },
  // A bad host given to the library stays the caller's own Node error.
  library: {
    EADDRINUSE: (port) => [`startEmulator: port ${port} is already in use`, 'use port 0 for a free one'],
    EACCES: (port) => [`startEmulator: not allowed to listen on port ${port}`, 'use port 0 for a free one'],
  },
};

/** The UsageError for a listen failure, or undefined when the error is not one we can explain. */
export function listenError(error: unknown, surface: ListenSurface, port: number, host = ''): UsageError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const wording = code === undefined ? undefined : WORDING[surface][code];
  if (wording === undefined) return undefined;
  const [message, hint] = wording(port, host);
  return new UsageError(message, hint);
}
