// For the shutdown e2e tests: start a server command of the built binary (serve,
// emulator) on port 0 and read its ready line, open raw connections that hold a half-sent request,
// send one signal (or two) and see whether it exits on its own before a generous bound, after which
// it is SIGKILLed and reported as hung. The bound only tells "exited" from "hung" (the old stop took
// 30 s); what the tests check is the exit code and that every held connection was closed.

import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { expect } from 'vitest';
import { BIN, ROOT, scrubbedEnv } from '../helpers/cli.js';

export const STOP_BOUND_MS = 5_000;

export interface Server {
  readonly child: ChildProcess;
  /** The ready line's url (serve) or baseUrl (emulator). */
  readonly url: string;
  readonly ready: Record<string, unknown>;
  stdout(): string;
  stderr(): string;
}

export interface Stopped {
  readonly hung: boolean;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export async function startServer(args: readonly string[], env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, [BIN, ...args, '--port', '0'], {
    env: scrubbedEnv(env),
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  await expect
    .poll(() => (child.exitCode !== null ? `exited ${child.exitCode}: ${stderr}` : stdout.includes('\n')), {
      timeout: 15_000,
      interval: 25,
    })
    .toBe(true);
  const ready = JSON.parse(stdout.slice(0, stdout.indexOf('\n'))) as Record<string, unknown>;
  return { child, url: String(ready.url ?? ready.baseUrl), ready, stdout: () => stdout, stderr: () => stderr };
}

export interface RawClient {
  readonly socket: Socket;
  received(): string;
  readonly closed: () => boolean;
}

/** A connection that sends `bytes` and nothing more (a slowloris, a half-sent body, a whole request). */
export function rawClient(url: string, bytes: string): RawClient {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = '';
  let closed = false;
  socket.setEncoding('utf8').on('data', (d: string) => (received += d));
  socket.on('error', () => undefined).on('close', () => (closed = true));
  socket.on('connect', () => socket.write(bytes));
  return { socket, received: () => received, closed: () => closed };
}

/** Until the server has accepted `client` and its bytes are written (a kernel-visible fact, not a sleep). */
export async function connected(client: RawClient): Promise<void> {
  await expect
    .poll(
      () => client.socket.readyState === 'open' && client.socket.writableLength === 0 && client.socket.bytesWritten > 0,
    )
    .toBe(true);
}

/** Sends each signal in turn (two: the second one "now"), then waits for the exit or the bound. */
export async function stopWith(server: Server, ...signals: NodeJS.Signals[]): Promise<Stopped> {
  const { child } = server;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  for (const signal of signals) child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), STOP_BOUND_MS)));
  const first = await Promise.race([exited, bound]);
  clearTimeout(timer);
  if (first !== 'hung') return { hung: false, ...first };
  child.kill('SIGKILL');
  return { hung: true, ...(await exited) };
}

export const SLOWLORIS = 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1';
export const halfBody = (path: string): string =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"half":`;
